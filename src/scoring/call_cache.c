/*
 * call_cache.c
 *		Per call site state of the SQL functions (see call_cache.h).
 */
#include "postgres.h"

#include "funcapi.h"
#include "utils/memutils.h"

#include "base/sql_values.h"
#include "scoring/call_cache.h"

/* The bytes of a jsonb argument last parsed, to know it again. */
typedef struct JsonbArg
{
	bool		valid;
	bool		isnull;
	Size		len;
	char	   *bytes;
} JsonbArg;

typedef struct CallCache
{
	TupleDesc	result_desc;	/* the composite result, blessed */
	Oid			label_oids[CALL_CACHE_LABELS];	/* 0 until looked up */

	JsonbArg	weights_arg;	/* the jsonb the weights were parsed from */
	Weights		weights;
	JsonbArg	model_arg;
	Model		model;

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

/*
 * Whether jsonb argument argno is what arg last held; if not, arg now holds
 * it (*jb the argument, NULL when it is NULL) and the caller parses it.
 */
static bool
SameJsonbArg(FunctionCallInfo fcinfo, int argno, JsonbArg *arg, Jsonb **jb)
{
	bool		isnull = PG_ARGISNULL(argno);
	Size		len;

	*jb = isnull ? NULL : PG_GETARG_JSONB_P(argno);
	len = isnull ? 0 : VARSIZE(*jb);
	if (arg->valid && arg->isnull == isnull && arg->len == len &&
		(isnull || memcmp(arg->bytes, *jb, len) == 0))
		return true;
	arg->valid = false;
	if (arg->bytes)
		pfree(arg->bytes);
	arg->bytes = isnull ? NULL : MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len);
	if (!isnull)
		memcpy(arg->bytes, *jb, len);
	arg->len = len;
	arg->isnull = isnull;
	return false;
}

const Weights *
CachedWeights(FunctionCallInfo fcinfo, int argno)
{
	CallCache  *cache = GetCallCache(fcinfo);
	Jsonb	   *jb;

	if (!SameJsonbArg(fcinfo, argno, &cache->weights_arg, &jb))
	{
		ParseWeights(jb, &cache->weights);
		cache->weights_arg.valid = true;	/* only once it parsed */
	}
	return &cache->weights;
}

const Model *
CachedModel(FunctionCallInfo fcinfo, int argno)
{
	CallCache  *cache;
	Jsonb	   *jb;

	if (argno >= PG_NARGS())
		return NULL;			/* a 0.1.0 signature, without a model
								 * (ArgIsNullOrAbsent) */
	cache = GetCallCache(fcinfo);
	if (!SameJsonbArg(fcinfo, argno, &cache->model_arg, &jb))
	{
		if (jb)
			ParseModel(jb, &cache->model);
		cache->model_arg.valid = true;
	}
	return cache->model_arg.isnull ? NULL : &cache->model;
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
	DecodePairArgs(fcinfo, 0, mentor, mentee);
}

void
DecodePairArgs(FunctionCallInfo fcinfo, int first, Person *mentor,
			   Person *mentee)
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
		HeapTupleHeader rec = PG_GETARG_HEAPTUPLEHEADER(first + side);
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
