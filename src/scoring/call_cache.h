/*
 * call_cache.h
 *		What a SQL function remembers from one call to the next at the same
 *		call site (fn_extra): its result row type, enum label OIDs, parsed
 *		weights and the last decoded profiles.
 *
 * In a query one call site runs row after row, often with the same weights
 * and one side of the pair repeating (a cross join); everything here is
 * found again by comparing bytes, so a cached value is exactly what a fresh
 * one would be.
 */
#ifndef MENTORMATCH_CALL_CACHE_H
#define MENTORMATCH_CALL_CACHE_H

#include "fmgr.h"
#include "access/tupdesc.h"

#include "scoring/factors.h"
#include "scoring/model.h"
#include "types/profile.h"

/* The function's composite result type, blessed, looked up once. */
extern TupleDesc CachedResultDesc(FunctionCallInfo fcinfo);

/*
 * The OID of an enum label, looked up once per call site: index is the
 * label's position in its enum (the caller's own numbering), less than
 * CALL_CACHE_LABELS.
 */
#define CALL_CACHE_LABELS	8
extern Datum CachedEnumLabel(FunctionCallInfo fcinfo, Oid enumtype, int index,
							 const char *label);

/* The weights argument argno (NULL: defaults), parsed once per query. */
extern const Weights *CachedWeights(FunctionCallInfo fcinfo, int argno);

/* The model argument argno, parsed once per query; NULL when NULL or absent. */
extern const Model *CachedModel(FunctionCallInfo fcinfo, int argno);

/* Decodes profile arguments 0 (mentor) and 1 (mentee). */
extern void DecodePair(FunctionCallInfo fcinfo, Person *mentor, Person *mentee);

/* The same for arguments first (mentor) and first + 1 (mentee). */
extern void DecodePairArgs(FunctionCallInfo fcinfo, int first, Person *mentor,
						   Person *mentee);

#endif							/* MENTORMATCH_CALL_CACHE_H */
