/*
 * bmatch_pruned.h
 *		The lists of bmatch.h on a pruned candidate set, made exact by the
 *		duals: plain C.
 *
 * The caller keeps a few pairs per row (its best, say) and bounds the
 * scores of the rest per row.  Each round solves the kept pairs with their
 * duals (bmatch_solve, warm after the first): a left-out pair of row i and
 * column j scoring s can only improve the answer if s > row_value[i] +
 * col_price[j].  Row i's bound rules out every column whose price is at
 * least the bound less the row's value; the caller rescores the row's pairs
 * with the other columns (the cheapest first, in order of price), pairs
 * that break the certificate are added (at most BMATCH_ROW_ADDS a row a
 * round, those that break it most), and the round repeats until none does.
 * The answer is then an optimum of the problem with every pair (LP duality:
 * the duals stay feasible with the left-out pairs, and the constraint
 * matrix of a bipartite b-matching is totally unimodular, so the LP's
 * optimum is the lists'), to within the rounding of the duals: a pair at
 * its row value plus column price, a tie, does not break the certificate.
 */
#ifndef MENTORMATCH_BMATCH_PRUNED_H
#define MENTORMATCH_BMATCH_PRUNED_H

#include "bmatch.h"

/* The most pairs a row gets back a round, and rescore is asked at once. */
#define BMATCH_ROW_ADDS		16
#define BMATCH_BATCH_PAIRS	(1 << 20)

typedef struct BMatchPruned
{
	/*
	 * The kept pairs with the rows, columns and caps.  Rounds replace
	 * edge_row, edge_col and score with larger arrays from core_alloc, the
	 * pairs added back appended; edge indexes into the final ones.
	 */
	BMatchProblem kept;

	/* No left-out candidate of row i scores above; -INFINITY: none. */
	const double *row_bound;

	/*
	 * Scores n left-out pairs (rows[x], cols[x]) into scores, NaN for a
	 * pair that is no candidate; the pairs come row by row, rows rising,
	 * each row's columns in order of price.
	 */
	void		(*rescore) (void *arg, int64_t n, const int32_t *rows,
							const int32_t *cols, double *scores);
	void	   *arg;

	/*
	 * reserve(memory, ...) counts bytes the next allocations will take (and
	 * may refuse them); release gives back bytes reserved for scratch since
	 * freed.
	 */
	void		(*reserve) (void *memory, size_t bytes);
	void		(*release) (void *memory, size_t bytes);
	void	   *memory;

	/* out */
	int32_t    *flow;			/* the answer: bmatch_chosen(&kept, flow, e) */
	int32_t		rounds;			/* solves run */
	int64_t		rescored;		/* pairs scored again */
	int64_t		added;			/* left-out pairs added back */
} BMatchPruned;

/*
 * Solves exactly; false only if a flow solve fails (it cannot).  What it
 * reserves at first: bmatch_pruned_first_bytes (more as pairs come back).
 */
extern bool bmatch_solve_pruned(BMatchPruned *bp, BMatchObjective objective);
extern size_t bmatch_pruned_first_bytes(int32_t nrows, int32_t ncols,
										int64_t nedges);

#endif							/* MENTORMATCH_BMATCH_PRUNED_H */
