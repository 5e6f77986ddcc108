/*
 * median.h
 *		The k-th smallest of an array and its median, by selection (no
 *		full sort), plain C.
 */
#ifndef MENTORMATCH_MEDIAN_H
#define MENTORMATCH_MEDIAN_H

#include "core.h"

/*
 * The k-th smallest (0-based) of v[0..n-1], k < n: v is reordered so that
 * v[k] holds it, every element before it is at most it and every one
 * after it at least it.  Expected linear time (quickselect with a
 * median-of-three pivot at pseudo-random places); a range that shrinks too
 * slowly is sorted instead, so the worst case is O(n log n).  No NaN.
 */
extern double select_kth(double *v, int64_t n, int64_t k);

/*
 * The median of v[0..n-1], n > 0: the middle value, or for an even n the
 * mean of the two middle values as PostgreSQL's percentile_cont(0.5)
 * computes it (lower + 0.5 * (upper - lower), or lower / 2 + upper / 2
 * where that difference overflows).  v is reordered.
 */
extern double median_of(double *v, int64_t n);

#endif							/* MENTORMATCH_MEDIAN_H */
