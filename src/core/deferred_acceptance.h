/*
 * deferred_acceptance.h
 *		Capacitated deferred acceptance (hospitals/residents), plain C.
 *
 * Rows are mentees, columns mentors, with the same sparse layout as
 * flow.h.  Only listed pairs are acceptable.  Higher preference is better;
 * equal preferences are broken by the lower id (row_id / col_id), so the
 * result is a deterministic stable matching.
 */
#ifndef MENTORMATCH_DEFERRED_ACCEPTANCE_H
#define MENTORMATCH_DEFERRED_ACCEPTANCE_H

#include "core.h"

typedef struct StableProblem
{
	int32_t		nrows;
	int32_t		ncols;
	const int64_t *row_start;	/* nrows + 1 offsets */
	const int32_t *col;			/* per edge: column */
	const double *row_pref;		/* per edge: the mentee's preference */
	const double *col_pref;		/* per edge: the mentor's preference */
	const int64_t *row_id;		/* per row: id, for ties */
	const int64_t *col_id;		/* per column: id, for ties */
	const int32_t *capacity;	/* per column: seats, >= 0 */
} StableProblem;

/*
 * Mentee-proposing (mentee_optimal) or mentor-proposing deferred
 * acceptance.  row_edge[i] receives the edge row i is matched by, or -1.
 * Time linear in the number of edges, times log(capacity).
 */
extern void stable_solve(const StableProblem *p, bool mentee_optimal,
						 int64_t *row_edge);

/* Scratch bytes stable_solve will ask core_alloc for, at most. */
extern size_t stable_scratch_bytes(const StableProblem *p);

/* An upper bound of stable_scratch_bytes for any problem of this size. */
extern size_t stable_scratch_bound(int32_t nrows, int32_t ncols,
								   int64_t nedges);

#endif							/* MENTORMATCH_DEFERRED_ACCEPTANCE_H */
