/*
 * bmatch_pruned.h
 *		The lists of bmatch.h on a pruned candidate set, made exact by the
 *		duals: plain C.
 *
 * The caller keeps a few pairs per row (its best, say), may hand over some
 * left-out ones with their scores, and bounds the scores of the rest per
 * row.  Each round solves the kept pairs with their
 * duals (bmatch_solve, warm after the first): a left-out pair of row i and
 * column j scoring s can only improve the answer if s > row_value[i] +
 * col_price[j].  The known left-out pairs are checked as they are; row i's
 * bound rules out every other column whose price is at least the bound
 * less the row's value; the caller rescores the row's pairs
 * with the other columns (the cheapest first, in order of price), pairs
 * that break the certificate are added (at most BMATCH_ROW_ADDS a row and
 * BMATCH_COL_ADDS a column a round, those that break it most), and the
 * round repeats until none does.  Pairs rescored are remembered, while
 * memory allows, so that later rounds check them without rescoring.
 * The answer is then an optimum of the problem with every pair (LP duality:
 * the duals stay feasible with the left-out pairs, and the constraint
 * matrix of a bipartite b-matching is totally unimodular, so the LP's
 * optimum is the lists'), to within the rounding of the duals: a pair at
 * its row value plus column price, a tie, does not break the certificate.
 */
#ifndef MENTORMATCH_BMATCH_PRUNED_H
#define MENTORMATCH_BMATCH_PRUNED_H

#include "bmatch.h"

/*
 * The most pairs a row gets back a round (of those rescored, and of those
 * known), a column of that cap, and rescore is asked at once.
 */
#define BMATCH_ROW_ADDS		16
#define BMATCH_COL_ADDS(cap)	((cap) * 2 + 8)
#define BMATCH_BATCH_PAIRS	(1 << 20)

/*
 * A round solves warm, from the last round's flow and potentials, after a
 * round that added at most one pair in this many kept (each pair added
 * back costs a repair, which a solve afresh can beat).
 */
#define BMATCH_WARM_SHARE	4096

typedef struct BMatchPruned
{
	/*
	 * The kept pairs with the rows, columns and caps.  Rounds replace
	 * edge_row, edge_col and score with larger arrays from core_alloc, the
	 * pairs added back appended; edge indexes into the final ones.
	 */
	BMatchProblem kept;

	/*
	 * Left-out candidates whose scores are known (a row's best pairs that
	 * their columns did not keep, say), checked without rescoring: row i's
	 * are known_col[known_start[i] ..] with known_score; known_start NULL
	 * when there are none.  A row gets up to BMATCH_ROW_ADDS of them back a
	 * round, besides those rescored.
	 */
	const int64_t *known_start;
	const int32_t *known_col;
	const double *known_score;

	/*
	 * No other left-out candidate of row i (neither kept nor known) scores
	 * above; -INFINITY: none.
	 */
	const double *row_bound;

	/*
	 * Scores n left-out pairs (rows[x], cols[x]) into scores, NaN for a
	 * pair that is no candidate; the pairs come row by row, rows rising.
	 * Where the caller can show without scoring that a pair scores at most
	 * limit[x] (by a bound over similar columns, say), it may give that
	 * bound instead and set bounded[x] (false on entry): the pair cannot
	 * break the certificate, and is scored when it might.
	 */
	void		(*rescore) (void *arg, int64_t n, const int32_t *rows,
							const int32_t *cols, const double *limit,
							double *scores, bool *bounded);

	/* admit, reserve, release, memory: as in flow_pruned.h */
	bool		(*admit) (void *arg, int32_t row, int32_t col);
	void	   *arg;
	void		(*reserve) (void *memory, size_t bytes);
	void		(*release) (void *memory, size_t bytes);
	void	   *memory;

	/*
	 * The most rescored pairs remembered between rounds; 0: the default,
	 * eight times the pairs kept and known at first, at least 2^22.  Past
	 * it, pairs are rescored again when a round needs them.
	 */
	int64_t		remember_most;

	/* BMATCH_WARM_SHARE, or another share (1: warm after any round); 0: it */
	int32_t		warm_share;

	/* out */
	int32_t    *flow;			/* the answer: bmatch_chosen(&kept, flow, e) */
	int32_t		rounds;			/* solves run */
	int32_t		warm;			/* of which warm */
	int64_t		rescored;		/* pairs scored again (asked of rescore) */
	int64_t		bounded;		/* of which only bounded */
	int64_t		added;			/* left-out pairs added back */
} BMatchPruned;

/*
 * Solves exactly; false only if a flow solve fails (it cannot).  What it
 * reserves at first: bmatch_pruned_first_bytes (more as pairs come back).
 */
extern bool bmatch_solve_pruned(BMatchPruned *bp, BMatchObjective objective);
extern size_t bmatch_pruned_first_bytes(int32_t nrows, int32_t ncols,
										int64_t nedges, int64_t nknown);

#endif							/* MENTORMATCH_BMATCH_PRUNED_H */
