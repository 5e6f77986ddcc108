/*
 * lap.h
 *		Dense linear assignment (Jonker-Volgenant family), plain C.
 */
#ifndef MENTORMATCH_LAP_H
#define MENTORMATCH_LAP_H

#include "core.h"

/*
 * Maximum-total assignment on a dense nrows x ncols matrix of finite
 * scores, row-major (score[i * ncols + j]).  Matches min(nrows, ncols)
 * pairs, every row when nrows <= ncols, every column otherwise, so that the
 * sum of matched scores is as high as possible.  row_to_col[i] receives the
 * column of row i, or -1.  Returns the total score of the matched pairs,
 * summed in row order.
 */
extern double lap_dense_max(int nrows, int ncols, const double *score,
							int *row_to_col);

/* Scratch bytes lap_dense_max will ask core_alloc for, at most. */
extern size_t lap_dense_scratch_bytes(int nrows, int ncols);

#endif							/* MENTORMATCH_LAP_H */
