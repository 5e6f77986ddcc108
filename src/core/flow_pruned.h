/*
 * flow_pruned.h
 *		The capacitated assignment of flow.h on a pruned candidate set, made
 *		exact by a dual certificate; plain C.
 *
 * Most candidate pairs of a large cohort can never be in an optimum.  The
 * caller keeps a few per row (its best, say) and bounds the scores of the
 * pairs it left out, per row and per column (it may also hand over some
 * left-out pairs with their scores).  Each round solves the kept
 * pairs with duals (assign_solve_priced): a left-out pair (i, j) scoring s
 * can only improve the answer if s > row_value[i] + col_price[j].  The
 * bounds rule most rows out without looking at their pairs (a row whose
 * bound is below its value plus the least price); the rest are rescored by
 * the caller against only the columns the bounds cannot rule out, pairs that
 * break the certificate are added (at most ROW_ADDS a row a round, those
 * that break it most), and the round repeats until none does.  A pair
 * rescored once is remembered, while memory allows, so that no later round
 * rescores it; past that, a row's rescoring leaves a bound on the pairs it
 * forgot, in the prices of that round, which rules most of them out in the
 * next rounds without rescoring.  Rows whose known and seen pairs already
 * break the certificate ROW_ADDS times are not rescored that round.  With
 * rescore_rows, the rows' rescoring is planned a batch at a time and asked
 * for at once (workers score them together).  The answer is then an
 * optimum of the problem with every pair, to within the rounding of the
 * prices (a pair at its row value plus column price, a tie, does not break
 * the certificate).
 *
 * FAIR certifies three things in turn: COVERAGE on every pair (the most rows
 * K that can be matched), that the pairs scoring above the kept pairs'
 * threshold cannot match K rows (COVERAGE on them matches fewer, certified
 * the same way), and COVERAGE on the pairs at or above the threshold.
 */
#ifndef MENTORMATCH_FLOW_PRUNED_H
#define MENTORMATCH_FLOW_PRUNED_H

#include "flow.h"

/* The most rows, and pairs past a row's, that rescore_rows is given. */
#define PRUNE_BATCH_ROWS	4096
#define PRUNE_BATCH_PAIRS	(1 << 20)

typedef struct PrunedProblem
{
	/*
	 * The kept pairs and the capacities (rows as flow.h has them).  Rounds
	 * replace row_start, col and score with larger arrays from core_alloc;
	 * edge indexes into the final ones.
	 */
	AssignProblem kept;

	/*
	 * Left-out pairs whose scores are known (the next best of each row,
	 * say), checked without rescoring: row i's are known_col[known_start[i]
	 * ..] with known_score; known_start NULL when there are none.
	 */
	const int64_t *known_start;
	const int32_t *known_col;
	const double *known_score;

	/*
	 * No other left-out candidate of row i (column j) scores above;
	 * -INFINITY: none.
	 */
	const double *row_bound;
	const double *col_bound;
	double		score_min;		/* every candidate's score, left out or */
	double		score_max;		/* kept, lies within */

	/*
	 * Scores row's pairs with cols[0 .. n - 1] into scores, NaN for a pair
	 * that is no candidate.  Called only for left-out pairs.
	 */
	void		(*rescore) (void *arg, int32_t row, const int32_t *cols,
							int32_t n, double *scores);

	/*
	 * Scores many rows' left-out pairs at once (on several cores, say), as
	 * rescore would: row rows[x]'s pairs with cols[start[x] .. start[x + 1]
	 * - 1] into scores at the same places, for n rows (at most
	 * PRUNE_BATCH_ROWS, with fewer than PRUNE_BATCH_PAIRS + ncols pairs).
	 * NULL: rescore alone, row by row.  Pairs the rows turn out to need
	 * besides are still asked of rescore.
	 */
	void		(*rescore_rows) (void *arg, int32_t n, const int32_t *rows,
								 const int64_t *start, const int32_t *cols,
								 double *scores);

	/*
	 * With rescore_rows: called once a round's rescoring is over, before the
	 * next solve (NULL: nothing to do), so that what scores the batches (a
	 * team of workers) need not wait through the solve.
	 */
	void		(*rescore_rows_end) (void *arg);

	/*
	 * Whether a rescored pair is a candidate after all (NULL: every pair
	 * rescore scores is): asked only of pairs that would be added back, so
	 * that rescore may leave out what is costly to rule out and rarely
	 * matters (conflicts, say).  A pair refused is remembered as no
	 * candidate.  The bounds may count such pairs; they only widen them.
	 */
	bool		(*admit) (void *arg, int32_t row, int32_t col);
	/*
	 * reserve(memory, ...) counts bytes the next allocations will take (and
	 * may refuse them); release gives back bytes reserved for a round's
	 * scratch, freed.
	 */
	void	   *arg;
	void		(*reserve) (void *memory, size_t bytes);
	void		(*release) (void *memory, size_t bytes);
	void	   *memory;

	/*
	 * The most rescored pairs remembered between rounds; 0: the default,
	 * four times the pairs kept at first, at least 2^20.  Past it, pairs
	 * are forgotten, and only bounded.
	 */
	int64_t		remember_most;

	/* out */
	int32_t		rounds;			/* solves run */
	int64_t		rescored;		/* pairs scored again */
	int64_t		rows_rescored;	/* rows some of whose pairs were */
	int64_t		added;			/* left-out pairs added back */
} PrunedProblem;

/*
 * What assign_solve_pruned reserves at most, from sizes alone (nkept pairs
 * kept at first, nknown known): enough unless more pairs come back than
 * were kept at first.
 */
extern size_t assign_pruned_scratch_bound(int32_t nrows, int32_t ncols,
										  int64_t nkept, int64_t nknown,
										  AssignObjective objective);

/* Solves exactly; row_edge[i] indexes the final kept pairs, or is -1. */
extern void assign_solve_pruned(PrunedProblem *pp, AssignObjective objective,
								int64_t *row_edge);

/*
 * The k-th largest (0-based) of a[0 .. n - 1], reordering a so that the k
 * + 1 largest end it.
 */
extern double prune_kth_largest(double *a, int64_t n, int64_t k);

#endif							/* MENTORMATCH_FLOW_PRUNED_H */
