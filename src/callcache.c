/*
 * callcache.c
 *		Per call site state of the SQL functions (see callcache.h).
 */
#include "postgres.h"

#include "funcapi.h"
#include "utils/memutils.h"

#include "base.h"
#include "callcache.h"

typedef struct CallCache
{
	TupleDesc	result_desc;	/* the composite result, blessed */
	Oid			label_oids[CALL_CACHE_LABELS];	/* 0 until looked up */

	bool		weights_valid;
	bool		weights_isnull;
	Size		weights_len;
	char	   *weights_bytes;	/* the jsonb the weights were parsed from */
	Weights		weights;

	/*
	 * The last mentor (side 0) and mentee (side 1) decoded, with the bytes
	 * they came from: in a cross join one side repeats row after row.  Both
	 * are interned in one dictionary that lives as long as the cache.
	 */
	MemoryContext pair_cxt;
	LabelDict  *dict;
	MemoryContext side_cxt[2];
	bool		side_valid[2];
	Size		side_len[2];
	char	   *side_bytes[2];
	Person		side[2];
} CallCache;

static CallCache *
GetCallCache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CallCache));
	return (CallCache *) fcinfo->flinfo->fn_extra;
}

TupleDesc
CachedResultDesc(FunctionCallInfo fcinfo)
{
	CallCache  *cache = GetCallCache(fcinfo);

	if (cache->result_desc == NULL)
	{
		TupleDesc	desc;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "function must return a composite type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		cache->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
	}
	return cache->result_desc;
}

Datum
CachedEnumLabel(FunctionCallInfo fcinfo, Oid enumtype, int index,
				const char *label)
{
	CallCache  *cache = GetCallCache(fcinfo);

	Assert(index >= 0 && index < CALL_CACHE_LABELS);
	if (!OidIsValid(cache->label_oids[index]))
		cache->label_oids[index] = EnumLabelOid(enumtype, label);
	return ObjectIdGetDatum(cache->label_oids[index]);
}

const Weights *
CachedWeights(FunctionCallInfo fcinfo, int argno)
{
	CallCache  *cache = GetCallCache(fcinfo);
	bool		isnull = PG_ARGISNULL(argno);
	Jsonb	   *jb = isnull ? NULL : PG_GETARG_JSONB_P(argno);
	Size		len = isnull ? 0 : VARSIZE(jb);

	if (cache->weights_valid && cache->weights_isnull == isnull &&
		cache->weights_len == len &&
		(isnull || memcmp(cache->weights_bytes, jb, len) == 0))
		return &cache->weights;

	cache->weights_valid = false;
	ParseWeights(jb, &cache->weights);
	if (cache->weights_bytes)
		pfree(cache->weights_bytes);
	cache->weights_bytes = isnull ? NULL :
		MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len);
	if (!isnull)
		memcpy(cache->weights_bytes, jb, len);
	cache->weights_len = len;
	cache->weights_isnull = isnull;
	cache->weights_valid = true;
	return &cache->weights;
}

/* Past this many interned names the cache starts over (bounds its memory). */
#define PAIR_CACHE_MAX_NAMES	65536

/*
 * Decodes profile arguments 0 (mentor) and 1 (mentee), reusing the last
 * decoded profile of a side when its bytes are the same.  Results do not
 * depend on which ids the dictionary gave (kernels compare ids for equality
 * and sum in name order), so a cached profile scores exactly like a fresh
 * one.
 */
void
DecodePair(FunctionCallInfo fcinfo, Person *mentor, Person *mentee)
{
	CallCache  *cache = GetCallCache(fcinfo);
	MemoryContext old;
	int			side;

	if (cache->pair_cxt == NULL)
		cache->pair_cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt,
												"mentormatch profile cache",
												ALLOCSET_DEFAULT_SIZES);
	if (cache->dict == NULL || LabelDictSize(cache->dict) > PAIR_CACHE_MAX_NAMES)
	{
		/* start over: the dictionary and both sides */
		MemoryContextReset(cache->pair_cxt);
		old = MemoryContextSwitchTo(cache->pair_cxt);
		cache->dict = CreateLabelDict(256, NULL, NULL);
		MemoryContextSwitchTo(old);
		for (side = 0; side < 2; side++)
		{
			cache->side_cxt[side] = AllocSetContextCreate(cache->pair_cxt,
														  "mentormatch profile",
														  ALLOCSET_SMALL_SIZES);
			cache->side_valid[side] = false;
		}
	}

	for (side = 0; side < 2; side++)
	{
		HeapTupleHeader rec = PG_GETARG_HEAPTUPLEHEADER(side);
		Size		len = HeapTupleHeaderGetDatumLength(rec);

		if (cache->side_valid[side] && cache->side_len[side] == len &&
			memcmp(cache->side_bytes[side], rec, len) == 0)
			continue;
		cache->side_valid[side] = false;
		MemoryContextReset(cache->side_cxt[side]);
		old = MemoryContextSwitchTo(cache->side_cxt[side]);
		DecodeProfile(rec, cache->dict, &cache->side[side]);
		cache->side_bytes[side] = palloc(len);
		memcpy(cache->side_bytes[side], rec, len);
		MemoryContextSwitchTo(old);
		cache->side_len[side] = len;
		cache->side_valid[side] = true;
	}
	*mentor = cache->side[0];
	*mentee = cache->side[1];
}
