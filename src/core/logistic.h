/*
 * logistic.h
 *		L2-regularised logistic regression by Newton's method, plain C.
 *
 * Maximises  sum_i [ y_i eta_i - log(1 + e^eta_i) ] - lambda/2 sum_k b_k^2
 * with eta_i = b_0 + sum_k b_k x_ik (the intercept b_0 is not penalised).
 * The objective is strictly concave for lambda > 0, so its maximum is
 * unique and a zero gradient proves it.
 */
#ifndef MENTORMATCH_LOGISTIC_H
#define MENTORMATCH_LOGISTIC_H

#include "core.h"

typedef struct LogisticProblem
{
	int64_t		nrows;
	int32_t		nfeatures;		/* columns of x, without the intercept */
	const double *x;			/* nrows x nfeatures, row-major */
	const uint8_t *y;			/* per row: 0 or 1 */
	double		lambda;			/* >= 0 */
} LogisticProblem;

typedef struct LogisticFit
{
	int32_t		iterations;
	bool		converged;
	double		log_likelihood;	/* at the solution, without the penalty */
	double		null_log_likelihood;	/* of the intercept alone */
	double		max_gradient;	/* largest |gradient| of the objective there */
} LogisticFit;

/*
 * Fits p: beta receives nfeatures + 1 coefficients, the intercept first.
 * Returns false when no step improves the objective any more before it
 * converges (which with lambda > 0 does not happen in exact arithmetic).
 */
extern bool logistic_fit(const LogisticProblem *p, double *beta,
						 LogisticFit *fit);

/* Scratch bytes logistic_fit asks core_alloc for. */
extern size_t logistic_scratch_bytes(const LogisticProblem *p);

/* 1 / (1 + e^-eta), without overflow. */
extern double logistic_sigmoid(double eta);

#endif							/* MENTORMATCH_LOGISTIC_H */
