/*
 * flow.h
 *		Capacitated many-to-one assignment on sparse candidates, plain C.
 *
 * Rows are mentees, columns mentors.  Row i's candidates are the edges
 * row_start[i] .. row_start[i + 1] - 1, each naming a column and a finite
 * score; a row lists a column at most once.  Column j takes at most
 * capacity[j] rows (capacity >= 0).  Each row is matched at most once.
 */
#ifndef MENTORMATCH_FLOW_H
#define MENTORMATCH_FLOW_H

#include "core.h"

typedef struct AssignProblem
{
	int32_t		nrows;
	int32_t		ncols;
	const int64_t *row_start;	/* nrows + 1 offsets, row_start[0] = 0 */
	const int32_t *col;			/* per edge: column, 0 .. ncols - 1 */
	const double *score;		/* per edge: finite score, higher better */
	const int32_t *capacity;	/* per column: seats, >= 0 */
} AssignProblem;

typedef enum AssignObjective
{
	ASSIGN_COVERAGE,			/* most rows matched, then highest total */
	ASSIGN_TOTAL,				/* highest total (rows may stay unmatched) */
	ASSIGN_FAIR					/* most rows matched, then highest lowest
								 * matched score, then highest total */
} AssignObjective;

/*
 * Solve exactly (optimal, not greedy).  row_edge[i] receives the index of
 * the edge row i is matched by, or -1.  Uses the dense solver (lap.h) when
 * every capacity is 1 and every row lists every column in column order;
 * otherwise successive shortest paths with potentials on the sparse graph,
 * capacities native (no seat duplication).
 */
extern void assign_solve(const AssignProblem *p, AssignObjective objective,
						 int64_t *row_edge);

/*
 * Scratch bytes assign_solve will ask core_alloc for, at most: those of the
 * solver that will run.  Counting them asks core_alloc for a column's worth
 * itself (not part of the figure).
 */
extern size_t assign_scratch_bytes(const AssignProblem *p,
								   AssignObjective objective);

/*
 * An upper bound of assign_scratch_bytes for any problem of this size
 * (dense_possible: every row may list every column, with capacities 1),
 * for sizing before the candidates are laid out.
 */
extern size_t assign_scratch_bound(int32_t nrows, int32_t ncols,
								   int64_t nedges, AssignObjective objective,
								   bool dense_possible);

#endif							/* MENTORMATCH_FLOW_H */
