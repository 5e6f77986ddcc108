/*
 * workstyle.h
 *		The workstyle type: named dimensions, each a value in [0, 1].
 */
#ifndef MENTORMATCH_WORKSTYLE_H
#define MENTORMATCH_WORKSTYLE_H

#include "fmgr.h"

#define WORKSTYLE_MAX_DIMS		64		/* dimensions in one value */
#define WORKSTYLE_MAX_NAME		63		/* bytes in one dimension name */

typedef struct StyleEntry
{
	double		value;			/* 0 .. 1 */
	uint32		offset;			/* of the name, from the start of the names */
	uint16		namelen;		/* bytes, without the NUL */
	uint16		reserved;		/* always zero */
} StyleEntry;

/*
 * Varlena layout (double aligned): header, entries sorted by name, then the
 * NUL-terminated names in entry order.  Canonical: equal values, equal bytes.
 */
typedef struct WorkStyle
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint16		count;			/* number of dimensions */
	uint16		reserved;		/* always zero */
	StyleEntry	entries[FLEXIBLE_ARRAY_MEMBER];
} WorkStyle;

#define WORKSTYLE_NAMES(w)		((char *) &(w)->entries[(w)->count])
#define StyleName(w, i)			(WORKSTYLE_NAMES(w) + (w)->entries[i].offset)

#define DatumGetWorkStyleP(x)	((WorkStyle *) PG_DETOAST_DATUM(x))
#define PG_GETARG_WORKSTYLE_P(n) DatumGetWorkStyleP(PG_GETARG_DATUM(n))
#define PG_RETURN_WORKSTYLE_P(x) PG_RETURN_POINTER(x)

/* A workstyle with its dimension names interned, in name order. */
typedef struct CompiledStyle
{
	int			count;
	int32	   *dims;
	double	   *values;
} CompiledStyle;

struct LabelDict;
extern void CompileStyle(struct LabelDict *dict, WorkStyle *w,
						 CompiledStyle *out);
extern bool StyleFit(const CompiledStyle *a, const CompiledStyle *b,
					 double *fit);

#endif							/* MENTORMATCH_WORKSTYLE_H */
