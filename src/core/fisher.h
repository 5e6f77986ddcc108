/*
 * fisher.h
 *		The two-sided Fisher exact test of a 2x2 table, plain C.
 *
 * The table
 *					yes		no
 *		group		a		b
 *		the rest	c		d
 * with its margins fixed: a follows the hypergeometric distribution of
 * a + b draws from a + b + c + d, of which a + c are yes.  The two-sided
 * p-value is the probability of every table whose probability is at most
 * the observed one's, the observed one's taken with a relative tolerance
 * of FISHER_RELATIVE_TOLERANCE so that tables exactly as likely in exact
 * arithmetic count whatever the rounding (R's fisher.test uses the same
 * 1 + 1e-7; scipy 1.10 uses 1 + 1e-14).
 */
#ifndef MENTORMATCH_FISHER_H
#define MENTORMATCH_FISHER_H

#include "core.h"

#define FISHER_RELATIVE_TOLERANCE	1e-7

/*
 * The p-value in [0, 1] of the table (every count >= 0); 1 when a margin
 * is 0 (only one table is possible).  Computed in log space from the
 * mode of the distribution outwards, exactly but for rounding and for
 * tables under e^-50 of the observed one's probability, which are left
 * out.  Its time is linear in how far the observed table lies from the
 * mode, at most the smaller margin.
 */
extern double fisher_two_sided(int64_t a, int64_t b, int64_t c, int64_t d);

#endif							/* MENTORMATCH_FISHER_H */
