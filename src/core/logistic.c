/*
 * logistic.c
 *		L2-regularised logistic regression by Newton's method (iteratively
 *		reweighted least squares), plain C (see logistic.h).
 *
 * Each iteration makes one pass over the rows for the gradient g and the
 * Hessian H of the penalised log-likelihood, solves H s = g by Cholesky
 * (H is negative definite; we factor -H), and steps along s, halving the
 * step until the objective does not fall (Newton steps from far away can
 * overshoot).  It stops when the largest gradient entry is below 1e-12
 * per row, or a step no longer moves any coefficient, or no step improves
 * the objective to rounding (then converged if the gradient is below 1e-6
 * per row).  The intercept starts at the log-odds of the base rate.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "logistic.h"

#define MAX_ITERATIONS	100

double
logistic_sigmoid(double eta)
{
	if (eta >= 0.0)
		return 1.0 / (1.0 + exp(-eta));
	else
	{
		double		e = exp(eta);

		return e / (1.0 + e);
	}
}

/* log(1 + e^eta), without overflow */
static double
Log1pExp(double eta)
{
	return eta > 0.0 ? eta + log1p(exp(-eta)) : log1p(exp(eta));
}

static double
LinearPredictor(const LogisticProblem *p, const double *beta, int64_t i)
{
	const double *x = p->x + (size_t) i * p->nfeatures;
	double		eta = beta[0];
	int32_t		k;

	for (k = 0; k < p->nfeatures; k++)
		eta += beta[k + 1] * x[k];
	return eta;
}

/* The log-likelihood at beta; *penalised receives it less the penalty. */
static double
LogLikelihood(const LogisticProblem *p, const double *beta, double *penalised)
{
	double		ll = 0.0,
				pen = 0.0;
	int64_t		i;
	int32_t		k;

	for (i = 0; i < p->nrows; i = core_next_edge(i))
	{
		double		eta = LinearPredictor(p, beta, i);

		ll += (p->y[i] ? eta : 0.0) - Log1pExp(eta);
	}
	for (k = 1; k <= p->nfeatures; k++)
		pen += beta[k] * beta[k];
	*penalised = ll - 0.5 * p->lambda * pen;
	return ll;
}

/*
 * The gradient g and the negated Hessian h (d x d, both triangles) of the
 * penalised log-likelihood at beta.
 */
static void
Derivatives(const LogisticProblem *p, const double *beta, double *g, double *h)
{
	int32_t		d = p->nfeatures + 1,
				j,
				k;
	int64_t		i;

	memset(g, 0, sizeof(double) * d);
	memset(h, 0, sizeof(double) * d * d);
	for (i = 0; i < p->nrows; i = core_next_edge(i))
	{
		const double *x = p->x + (size_t) i * p->nfeatures;
		double		pr = logistic_sigmoid(LinearPredictor(p, beta, i));
		double		r = (p->y[i] ? 1.0 : 0.0) - pr;
		double		w = pr * (1.0 - pr);

		g[0] += r;
		h[0] += w;
		for (j = 0; j < p->nfeatures; j++)
		{
			double		wx = w * x[j];
			double	   *row = h + (size_t) (j + 1) * d;

			if (x[j] == 0.0)
				continue;
			g[j + 1] += r * x[j];
			row[0] += wx;
			for (k = 0; k <= j; k++)
				row[k + 1] += wx * x[k];
		}
	}
	for (j = 1; j < d; j++)
	{
		g[j] -= p->lambda * beta[j];
		h[(size_t) j * d + j] += p->lambda;
		for (k = 0; k < j; k++)
			h[(size_t) k * d + j] = h[(size_t) j * d + k];
	}
}

/*
 * Solves h s = g for symmetric positive definite h (d x d), in place by
 * Cholesky; a diagonal too small to factor gets a tiny ridge, so a column
 * that is zero in every row (and unpenalised) gets no step.
 */
static void
CholeskySolve(double *h, const double *g, double *s, int32_t d)
{
	int32_t		i,
				j,
				k;

	for (j = 0; j < d; j++)
	{
		double		sum = h[(size_t) j * d + j];

		for (k = 0; k < j; k++)
			sum -= h[(size_t) j * d + k] * h[(size_t) j * d + k];
		if (!(sum > 1e-12))
			sum = 1e-12 + (sum > 0 ? sum : 0.0);
		h[(size_t) j * d + j] = sqrt(sum);
		for (i = j + 1; i < d; i++)
		{
			double		v = h[(size_t) i * d + j];

			for (k = 0; k < j; k++)
				v -= h[(size_t) i * d + k] * h[(size_t) j * d + k];
			h[(size_t) i * d + j] = v / h[(size_t) j * d + j];
		}
	}
	/* L z = g, then L' s = z */
	for (i = 0; i < d; i++)
	{
		double		v = g[i];

		for (k = 0; k < i; k++)
			v -= h[(size_t) i * d + k] * s[k];
		s[i] = v / h[(size_t) i * d + i];
	}
	for (i = d - 1; i >= 0; i--)
	{
		double		v = s[i];

		for (k = i + 1; k < d; k++)
			v -= h[(size_t) k * d + i] * s[k];
		s[i] = v / h[(size_t) i * d + i];
	}
}

static double
MaxAbs(const double *v, int32_t d)
{
	double		m = 0.0;
	int32_t		k;

	for (k = 0; k < d; k++)
		if (fabs(v[k]) > m)
			m = fabs(v[k]);
	return m;
}

bool
logistic_fit(const LogisticProblem *p, double *beta, LogisticFit *fit)
{
	int32_t		d = p->nfeatures + 1,
				k;
	double	   *g = core_alloc_array(d, sizeof(double));
	double	   *h = core_alloc_array((size_t) d * d, sizeof(double));
	double	   *s = core_alloc_array(d, sizeof(double));
	double	   *trial = core_alloc_array(d, sizeof(double));
	double		tolerance = 1e-12 * ((double) p->nrows + 1.0);
	double		objective,
				zero[1] = {0.0};
	int64_t		i,
				successes = 0;
	bool		ok = true;

	for (i = 0; i < p->nrows; i++)
		successes += p->y[i] != 0;
	memset(beta, 0, sizeof(double) * d);
	if (successes > 0 && successes < p->nrows)
		beta[0] = log((double) successes / (double) (p->nrows - successes));

	/* the intercept alone: log-likelihood at the base rate */
	{
		LogisticProblem base = *p;
		double		unused;

		base.nfeatures = 0;
		zero[0] = beta[0];
		fit->null_log_likelihood = LogLikelihood(&base, zero, &unused);
	}

	(void) LogLikelihood(p, beta, &objective);
	fit->converged = false;
	for (fit->iterations = 0; fit->iterations < MAX_ITERATIONS; fit->iterations++)
	{
		double		t = 1.0;

		core_check_interrupts();
		Derivatives(p, beta, g, h);
		if (MaxAbs(g, d) <= tolerance)
		{
			fit->converged = true;
			break;
		}
		CholeskySolve(h, g, s, d);
		for (;;)
		{
			double		next;

			for (k = 0; k < d; k++)
				trial[k] = beta[k] + t * s[k];
			(void) LogLikelihood(p, trial, &next);
			if (next >= objective - 1e-12 * (fabs(objective) + 1.0))
			{
				objective = next;
				break;
			}
			t *= 0.5;
			if (t < 1e-12)
				break;
		}
		if (t < 1e-12)
		{
			/* no step helps: at the optimum to rounding, or stuck */
			fit->converged = MaxAbs(g, d) <= 1e-6 * ((double) p->nrows + 1.0);
			ok = fit->converged;
			break;
		}
		memcpy(beta, trial, sizeof(double) * d);
		if (t * MaxAbs(s, d) <= 1e-14 * (1.0 + MaxAbs(beta, d)))
		{
			fit->converged = true;
			fit->iterations++;
			break;
		}
	}
	Derivatives(p, beta, g, h);
	fit->max_gradient = MaxAbs(g, d);
	fit->log_likelihood = LogLikelihood(p, beta, &objective);
	return ok;
}

size_t
logistic_scratch_bytes(const LogisticProblem *p)
{
	size_t		d = (size_t) p->nfeatures + 1;

	return (d * d + 3 * d) * sizeof(double) + 64 * 4;
}
