/*
 * exposure.h
 *		recommend(..., exposure): lists in which no mentor appears more
 *		often than its limit, ceil(exposure x its free seats), with the
 *		highest total score, each mentee up to k mentors
 *		(core/bmatch_pruned.h).
 *
 * Each mentee picks its best EXPOSURE_KEEP(k) candidates (picks.h), the
 * rest bounded by the worst of them.  When every mentee's own best k keep
 * the mentors within their limits, the lists are those.  Otherwise each
 * mentor keeps the best of its picks in the first solve, the others are
 * checked with their scores; the pruned solve rescores (scores, then
 * conflicts, forbid and rules) the pairs its certificate cannot rule out
 * and adds back those that could improve the lists, until none can: the
 * lists are those of the problem with every pair.
 */
#ifndef MENTORMATCH_EXPOSURE_H
#define MENTORMATCH_EXPOSURE_H

#include "matching/picks.h"

/*
 * The candidates a mentee picks at first, for lists of k, and of those the
 * most a mentor of that limit keeps in the first solve (the rest are known
 * pairs).
 */
#define EXPOSURE_KEEP(k)	((int64) (k) * 4 + 32)
#define EXPOSURE_COLUMN_KEEP(limit)	((limit) * 2 + 8)

/* The lists: row r's picks are picks[row_start[r] .. row_start[r + 1] - 1]. */
typedef struct ExposureLists
{
	int64	   *row_start;
	Pick	   *picks;
} ExposureLists;

/*
 * A mentor's limit: ceil(exposure x seats), a product within a relative
 * 1e-9 above a whole number counting as that number (1.1 x 10 is 11, not
 * 12), and at most most; 0 without seats.
 */
extern int32 ExposureLimit(double exposure, int32 seats, int32 most);

/* What ExposureSolve allocates at first, for CohortEndInput. */
extern Size ExposureBytes(const Cohort *c, int32 k);

/*
 * The lists of k for every mentee of pk's cohort (after PickerInit), with
 * each mentor at most ExposureLimit(exposure, its seats, mentees) times.
 */
extern void ExposureSolve(Picker *pk, int32 k, double exposure,
						  ExposureLists *lists);

#endif							/* MENTORMATCH_EXPOSURE_H */
