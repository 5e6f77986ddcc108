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

	/*
	 * Per row: its priority class, 0 the lowest, classes numbered densely
	 * (0 .. nclasses - 1); NULL: every row in class 0.  Rows of a higher
	 * class come first (see ASSIGN_* below and flow_graph.c): for every
	 * class c above 0, the rows of class c or higher that are matched are
	 * as many as they can be, from the highest class down (COVERAGE and
	 * FAIR: class 0 too), before the objective.  nclasses * (nrows + 1)
	 * must be at most ASSIGN_CLASS_ROWS_MOST.
	 */
	const int32_t *row_class;
} AssignProblem;

/*
 * The most classes times (rows + 1): the classes' costs reach about
 * 2 nclasses (nrows + 1) in units where the scores' range is in [1/2, 1),
 * so a double still resolves 2^-29 of that range (see flow_graph.c).
 */
#define ASSIGN_CLASS_ROWS_MOST	((int64_t) 1 << 20)

/*
 * With row classes (row_class), each objective comes after the classes:
 * COVERAGE and FAIR first match as many rows of the highest class as can
 * be, then as many of the next as can be with those, and so on (which
 * matches the most rows as well: the sets of rows that can be matched
 * together are the independent sets of a matroid, so the greedy order by
 * class ends on a largest one); TOTAL does the same for the classes above
 * 0 only, then takes class 0's rows only where they raise the total.
 */
typedef enum AssignObjective
{
	ASSIGN_COVERAGE,			/* most rows matched, then highest total */
	ASSIGN_TOTAL,				/* highest total (rows may stay unmatched) */
	ASSIGN_FAIR,				/* most rows matched, then highest lowest
								 * matched score, then highest total */
	ASSIGN_PARITY				/* highest lowest matched rate over groups of
								 * rows, then most rows, then highest total:
								 * core/flow_parity.h solves it, never the
								 * functions here */
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

/*
 * Dual prices of a COVERAGE or TOTAL optimum in score units, which also
 * judge pairs left out of the problem.  With the usable edges those scoring
 * at least lo (TOTAL: above 0 too), a left-out usable pair (i, j) scoring s
 * can only improve the answer if s > row_value[i] + col_price[j]; when no
 * left-out pair does, the answer is optimal with them as well (LP duality:
 * the prices stay feasible).  COVERAGE scales its costs to the range of
 * every candidate score, so score_min and score_max must bound the scores
 * of the left-out pairs as well as the problem's own.
 */
typedef struct AssignDuals
{
	double		score_min;		/* in: no candidate scores below */
	double		score_max;		/* in: no candidate scores above */
	double	   *row_value;		/* out, per row (-INFINITY: no usable edge) */
	double	   *col_price;		/* out, per column: >= 0, 0 while a seat is
								 * free, INFINITY without seats */

	/*
	 * in, or NULL: column prices to start the seat-filling from instead of
	 * an auction's (another solve's col_price, say, which it may be: it is
	 * read before col_price is written).  Any prices are a valid start; a
	 * near optimum's make the solve short.  Should filling every seat from
	 * them fail, the seat-filling runs again as without them before a solve
	 * from zero prices.
	 */
	const double *start_price;
} AssignDuals;

/*
 * COVERAGE or TOTAL over the edges scoring at least lo, with its duals
 * (never the dense solver, which keeps none).  Scratch: at most
 * assign_priced_scratch_bytes(p).
 */
extern void assign_solve_priced(const AssignProblem *p,
								AssignObjective objective, double lo,
								AssignDuals *duals, int64_t *row_edge);
extern size_t assign_priced_scratch_bytes(const AssignProblem *p);

#endif							/* MENTORMATCH_FLOW_H */
