/*
 * skillset_gin.c
 *		GIN support for skillset: an index on a skillset column serves
 *		&& (strategy 1), @> (2) and <@ (3).
 *
 * The keys of a value are its skill paths as text, levels left out, as
 * the three operators ignore levels.  && and @> are decided by the keys
 * alone; <@ (every skill of the row is in the query) needs the row itself,
 * so its matches are rechecked, and rows without skills match it too.
 */
#include "postgres.h"

#include "access/gin.h"
#include "access/stratnum.h"
#include "utils/builtins.h"

#include "types/skillset.h"

#define SKILLSET_OVERLAP_STRATEGY	1
#define SKILLSET_CONTAINS_STRATEGY	2
#define SKILLSET_CONTAINED_STRATEGY 3

/* The skill paths of s as text datums (NULL when it has none). */
static Datum *
SkillKeys(SkillSet *s, int32 *nkeys)
{
	Datum	   *keys;
	int			i;

	*nkeys = s->count;
	if (s->count == 0)
		return NULL;
	keys = palloc(sizeof(Datum) * s->count);
	for (i = 0; i < s->count; i++)
		keys[i] = PointerGetDatum(cstring_to_text_with_len(SkillKey(s, i),
														   s->entries[i].keylen));
	return keys;
}

/* extractValue(skillset, internal nkeys, internal nullFlags) */
PG_FUNCTION_INFO_V1(skillset_gin_extract_value);
Datum
skillset_gin_extract_value(PG_FUNCTION_ARGS)
{
	SkillSet   *s = PG_GETARG_SKILLSET_P(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);

	PG_RETURN_POINTER(SkillKeys(s, nkeys));
}

/*
 * extractQuery(skillset, internal nkeys, int2 strategy, internal
 * pmatch, internal extra, internal nullFlags, internal searchMode)
 */
PG_FUNCTION_INFO_V1(skillset_gin_extract_query);
Datum
skillset_gin_extract_query(PG_FUNCTION_ARGS)
{
	SkillSet   *s = PG_GETARG_SKILLSET_P(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	int32	   *search_mode = (int32 *) PG_GETARG_POINTER(6);
	Datum	   *keys = SkillKeys(s, nkeys);

	switch (strategy)
	{
		case SKILLSET_OVERLAP_STRATEGY:
			/* nothing to share: no row matches (the default mode's answer) */
			break;
		case SKILLSET_CONTAINS_STRATEGY:
			/* every row contains the empty set */
			if (*nkeys == 0)
				*search_mode = GIN_SEARCH_MODE_ALL;
			break;
		case SKILLSET_CONTAINED_STRATEGY:
			/* rows without skills are contained in any query */
			*search_mode = GIN_SEARCH_MODE_INCLUDE_EMPTY;
			break;
		default:
			elog(ERROR, "skillset_gin_extract_query: unknown strategy %d", strategy);
	}
	PG_RETURN_POINTER(keys);
}

/*
 * consistent(internal check, int2 strategy, skillset query, int4 nkeys,
 * internal extra, internal recheck, internal queryKeys, internal nullFlags)
 */
PG_FUNCTION_INFO_V1(skillset_gin_consistent);
Datum
skillset_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);
	bool		result;
	int32		i;

	*recheck = false;
	switch (strategy)
	{
		case SKILLSET_OVERLAP_STRATEGY:
			result = false;
			for (i = 0; i < nkeys && !result; i++)
				result = check[i];
			break;
		case SKILLSET_CONTAINS_STRATEGY:
			result = true;
			for (i = 0; i < nkeys && result; i++)
				result = check[i];
			break;
		case SKILLSET_CONTAINED_STRATEGY:
			/* the row may have skills the query lacks: the operator decides */
			*recheck = true;
			result = true;
			break;
		default:
			elog(ERROR, "skillset_gin_consistent: unknown strategy %d", strategy);
	}
	PG_RETURN_BOOL(result);
}

/*
 * triConsistent(internal check, int2 strategy, skillset query, int4 nkeys,
 * internal extra, internal queryKeys, internal nullFlags)
 */
PG_FUNCTION_INFO_V1(skillset_gin_triconsistent);
Datum
skillset_gin_triconsistent(PG_FUNCTION_ARGS)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	GinTernaryValue result;
	int32		i;

	switch (strategy)
	{
		case SKILLSET_OVERLAP_STRATEGY:
			result = GIN_FALSE;
			for (i = 0; i < nkeys && result != GIN_TRUE; i++)
				if (check[i] != GIN_FALSE)
					result = check[i];
			break;
		case SKILLSET_CONTAINS_STRATEGY:
			result = GIN_TRUE;
			for (i = 0; i < nkeys && result != GIN_FALSE; i++)
				if (check[i] != GIN_TRUE)
					result = check[i];
			break;
		case SKILLSET_CONTAINED_STRATEGY:
			result = GIN_MAYBE;
			break;
		default:
			elog(ERROR, "skillset_gin_triconsistent: unknown strategy %d", strategy);
	}
	PG_RETURN_GIN_TERNARY_VALUE(result);
}
