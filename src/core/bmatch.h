/*
 * bmatch.h
 *		Lists of pairs: each row takes up to row_cap[i] distinct columns and
 *		each column goes to at most col_cap[j] rows (a bipartite b-matching),
 *		solved exactly by minimum-cost flow (min_cost_flow.h); plain C.
 *
 * Rows are mentees, columns mentors; the candidate pairs are edges, each
 * naming a row, a column and a finite score, a pair at most once, in any
 * order.  Objectives:
 *
 *	BMATCH_COVERAGE		the most pairs, then the highest total score
 *	BMATCH_TOTAL		the highest total score (a pair scoring 0 or less
 *						adds nothing)
 *
 * Flow network.  Nodes: the rows, the columns, and a sink.  The side with
 * the fewer seats (sum of caps; rows on a tie) sends them: each of its nodes
 * supplies its cap, through its candidate pairs (capacity 1, cost A - B *
 * score, B > 0 a power of two scaling the range of scores to below 1, A
 * making the costs >= 0) to the other side, whose nodes pass on at most
 * their caps to the sink (cost 0), or straight to the sink through a
 * private "unused" arc of cost U.  For TOTAL, U is the cost of a pair
 * scoring 0.  For COVERAGE, U = 2 (min(nrows, ncols) + 1): a way to add one
 * pair is a path of pairs that passes at most min(nrows, ncols) seats, each
 * at cost below 1, so it always costs less than U, and an optimum never
 * leaves a pair out that some rearrangement could add.
 */
#ifndef MENTORMATCH_BMATCH_H
#define MENTORMATCH_BMATCH_H

#include "core.h"

typedef struct BMatchProblem
{
	int32_t		nrows;
	int32_t		ncols;
	int64_t		nedges;
	const int32_t *edge_row;	/* per edge: 0 .. nrows - 1 */
	const int32_t *edge_col;	/* per edge: 0 .. ncols - 1 */
	const double *score;		/* per edge: finite */
	const int32_t *row_cap;		/* per row: >= 0 */
	const int32_t *col_cap;		/* per column: >= 0 */

	/*
	 * Every candidate's score, in the problem or left out of it (for the
	 * duals), lies within; the costs are scaled to this range.
	 */
	double		score_min;
	double		score_max;
} BMatchProblem;

typedef enum BMatchObjective
{
	BMATCH_COVERAGE,
	BMATCH_TOTAL
} BMatchObjective;

/*
 * The solver's state, kept by a caller that solves again with edges
 * appended (warm): a flow per arc (the rows' own arcs, the columns', then
 * the edges') and a potential per node (rows, columns, the sink).
 */
static inline int64_t
bmatch_arcs(const BMatchProblem *p)
{
	return (int64_t) p->nrows + p->ncols + p->nedges;
}

static inline int32_t
bmatch_nodes(const BMatchProblem *p)
{
	return p->nrows + p->ncols + 1;
}

/* Whether edge e is in the answer. */
static inline bool
bmatch_chosen(const BMatchProblem *p, const int32_t *flow, int64_t e)
{
	return flow[(int64_t) p->nrows + p->ncols + e] > 0;
}

/*
 * Solves p exactly into flow (bmatch_arcs(p)) and potential (bmatch_nodes(p)):
 * warm, they hold an earlier solve's of the same rows, columns, caps and
 * score range, with fewer edges (the new edges' flow 0).  row_value and
 * col_price (or NULL) receive duals in score units: a pair scoring s
 * outside the problem, row i with column j, can only improve the answer if
 * s > row_value[i] + col_price[j] (to within rounding); INFINITY for a row
 * or column without seats.  They are made as high as the answer allows,
 * the seat-short side first, and potential holds the potentials that give
 * them.  Returns false only if the flow solve fails (it cannot).  Scratch:
 * bmatch_scratch_bytes.
 */
extern bool bmatch_solve(const BMatchProblem *p, BMatchObjective objective,
						 bool warm, int32_t *flow, double *potential,
						 double *row_value, double *col_price);

extern size_t bmatch_scratch_bytes(int32_t nrows, int32_t ncols,
								   int64_t nedges);

#endif							/* MENTORMATCH_BMATCH_H */
