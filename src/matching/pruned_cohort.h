/*
 * pruned_cohort.h
 *		A cohort whose mentees keep only their best candidates (see
 *		core/flow_pruned.h for why the answer is still exact): each row
 *		keeps its best few in the cohort and holds the next few with their
 *		scores; each column keeps its best left-out candidates, up to four
 *		times its seats; of the rest only bounds remain, per row and per
 *		column.
 *
 * The column side is kept per participant (PrunedColumns), so that
 * parallel workers each fill their own and the leader merges them; the
 * order of a column's candidates (score, then row) makes what a column
 * keeps, and its bound, the same in any order of rows.
 */
#ifndef MENTORMATCH_PRUNED_COHORT_H
#define MENTORMATCH_PRUNED_COHORT_H

#include "matching/cohort.h"

/* Candidates a row keeps in the solve, and holds with their scores. */
#define PRUNED_KEEP		32
#define PRUNED_KNOWN	224

typedef struct PrunedPair
{
	double		score;
	int32		row;
} PrunedPair;

/*
 * A column side: column j's kept candidates are a min-heap at
 * pairs[start[j] ..], count[j] of them (start shared by every side); the
 * score below which the column keeps no pair offered (the root's once the
 * heap is full, INFINITY when it has no room); the bound of the others;
 * and what the rows seen so far scored.
 */
typedef struct PrunedColumns
{
	const int64 *start;
	int32	   *count;
	PrunedPair *pairs;
	double	   *keep_from;
	double	   *bound;
	double		score_min;
	double		score_max;
	int64		scored;			/* pairs with a score and seats seen,
								 * candidates or not */
	bool		pruned;			/* some were left out */
} PrunedColumns;

typedef struct PrunedCohort
{
	Cohort	   *cohort;
	PrunedColumns side;			/* the leader's, and at the end all */
	int64	   *col_start;
	double	   *row_bound;		/* of the row's pairs neither kept nor held */
	/* each row's held pairs (core/flow_pruned.h's known ones) */
	int64	   *known_start;	/* per row + 1 */
	int32	   *known_col;
	double	   *known_score;
	int64		known_n;
	int64		known_cap;
} PrunedCohort;

/* One row split: kept (room for PRUNED_KEEP), held (PRUNED_KNOWN). */
typedef struct PrunedRow
{
	int32		nkeep;
	int32		nknown;
	double		bound;
	int32	   *keep_col;
	double	   *keep_score;
	int32	   *known_col;
	double	   *known_score;
} PrunedRow;

/* After the mentors' capacities are known. */
extern void PrunedCohortInit(Cohort *c, PrunedCohort *pc);

/*
 * The bytes of a column side's arrays for ncols columns laid out by start
 * (PrunedCohort's col_start), and an empty side in memory there; Attach
 * takes a side already there as it is.
 */
extern Size PrunedColumnsBytes(int32 ncols, const int64 *start);
extern void PrunedColumnsInit(PrunedColumns *side, int32 ncols,
							  const int64 *start, void *memory);
extern void PrunedColumnsAttach(PrunedColumns *side, int32 ncols,
								const int64 *start, void *memory);

/*
 * Whether a scored pair is a candidate (core/flow_pruned.h's admit): asked
 * only of the pairs whose candidacy matters.
 */
typedef bool (*PairAdmit) (void *arg, int32 row, int32 col);

/*
 * Splits row's n scored pairs (cols, scores) into out, offering the rest to
 * side's columns; scratch holds n doubles.  Only candidates are kept, held
 * or kept by a column, and the row's bound is its best left-out
 * candidate's: admit(arg, ...) is asked of those (NULL: every pair is a
 * candidate); the column bounds may count pairs never asked of, which only
 * widens them.  cols and scores are overwritten.
 */
extern void PrunedSplitRow(PrunedColumns *side, int32 row, int32 *cols,
						   double *scores, int32 n, double *scratch,
						   PairAdmit admit, void *arg, PrunedRow *out);

/* Splits a row into the cohort (scratch: n doubles, then room for a row). */
extern void PrunedCohortRow(PrunedCohort *pc, int32 row, int32 *cols,
							double *scores, int32 n, double *scratch,
							PairAdmit admit, void *arg);

/* Stores a split row in the cohort. */
extern void PrunedCohortTake(PrunedCohort *pc, int32 row, const PrunedRow *r);

/* Merges another participant's column side into the leader's. */
extern void PrunedMergeColumns(PrunedCohort *pc, const PrunedColumns *from);

/* Adds what the columns kept to the cohort, after the last row. */
extern void PrunedCohortEnd(PrunedCohort *pc);

#endif							/* MENTORMATCH_PRUNED_COHORT_H */
