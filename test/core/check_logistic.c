/*
 * check_logistic.c
 *		logistic_fit (core/logistic.h) against answers found another way:
 *		the closed form of one binary feature and of the intercept alone
 *		(the log-odds of the observed rates), and, on random problems with
 *		a penalty, the optimality certificate of a strictly concave
 *		objective: its gradient, computed here independently, is zero, and
 *		no nearby point is better.  Reordering the rows changes nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"

static double
Logit(double p)
{
	return log(p / (1.0 - p));
}

/* the penalised log-likelihood, written out here, and its gradient */
static double
Objective(const LogisticProblem *p, const double *b, double *grad)
{
	int32_t		d = p->nfeatures + 1,
				k;
	int64_t		i;
	double		ll = 0.0;

	if (grad)
		memset(grad, 0, sizeof(double) * d);
	for (i = 0; i < p->nrows; i++)
	{
		const double *x = p->x + i * p->nfeatures;
		double		eta = b[0],
					pr;

		for (k = 0; k < p->nfeatures; k++)
			eta += b[k + 1] * x[k];
		pr = 1.0 / (1.0 + exp(-eta));
		ll += p->y[i] ? log(pr) : log(1.0 - pr);
		if (grad)
		{
			grad[0] += p->y[i] - pr;
			for (k = 0; k < p->nfeatures; k++)
				grad[k + 1] += (p->y[i] - pr) * x[k];
		}
	}
	for (k = 1; k < d; k++)
	{
		ll -= 0.5 * p->lambda * b[k] * b[k];
		if (grad)
			grad[k] -= p->lambda * b[k];
	}
	return ll;
}

static void
CheckClosedForms(void)
{
	int			r;

	for (r = 0; r < 200; r++)
	{
		int64_t		n0 = RandInt(2, 60),
					n1 = RandInt(2, 60),
					k0 = RandInt(1, n0 - 1),
					k1 = RandInt(1, n1 - 1),
					n = n0 + n1,
					i;
		double	   *x = Xalloc(sizeof(double) * n);
		uint8_t    *y = Xalloc(n);
		double		beta[2];
		LogisticProblem p;
		LogisticFit fit;
		size_t		promised;

		for (i = 0; i < n; i++)
		{
			x[i] = i < n0 ? 0.0 : 1.0;
			y[i] = i < n0 ? (i < k0) : (i - n0 < k1);
		}
		p.nrows = n;
		p.nfeatures = 1;
		p.x = x;
		p.y = y;
		p.lambda = 0.0;
		promised = logistic_scratch_bytes(&p);
		core_host_reset();
		logistic_fit(&p, beta, &fit);
		CheckPromise("logistic", core_alloc_total, promised, 0);
		core_host_reset();
		Check(fit.converged &&
			  Near(beta[0], Logit((double) k0 / n0), 1e-9) &&
			  Near(beta[1], Logit((double) k1 / n1) - Logit((double) k0 / n0), 1e-9),
			  "logistic one binary feature %lld/%lld, %lld/%lld: got %.12g %.12g",
			  (long long) k0, (long long) n0, (long long) k1, (long long) n1,
			  beta[0], beta[1]);

		p.nfeatures = 0;
		logistic_fit(&p, beta, &fit);
		core_host_reset();
		Check(Near(beta[0], Logit((double) (k0 + k1) / n), 1e-9),
			  "logistic intercept alone: got %.12g want %.12g", beta[0],
			  Logit((double) (k0 + k1) / n));
		free(x);
		free(y);
	}
}

static void
CheckRandomFits(void)
{
	int			r;

	for (r = 0; r < 120; r++)
	{
		int64_t		n = RandInt(20, 600),
					i;
		int32_t		nf = RandInt(1, 12),
					k,
					d = nf + 1;
		bool		separable = r % 5 == 0;
		double	   *x = Xalloc(sizeof(double) * n * nf);
		double	   *xs = Xalloc(sizeof(double) * n * nf);
		uint8_t    *y = Xalloc(n);
		uint8_t    *ys = Xalloc(n);
		double	   *truth = Xalloc(sizeof(double) * d);
		double	   *beta = Xalloc(sizeof(double) * d);
		double	   *beta2 = Xalloc(sizeof(double) * d);
		double	   *grad = Xalloc(sizeof(double) * d);
		double		best,
					maxg = 0.0;
		LogisticProblem p;
		LogisticFit fit;
		bool		better = false;

		for (k = 0; k < d; k++)
			truth[k] = (RandUnit() - 0.5) * 4.0;
		for (i = 0; i < n; i++)
		{
			double		eta = truth[0];

			for (k = 0; k < nf; k++)
			{
				/* binary and continuous features, as mentormatch's are */
				double		v = k % 3 == 0 ? (double) RandInt(0, 1) : RandUnit();

				x[i * nf + k] = v;
				eta += truth[k + 1] * v;
			}
			y[i] = separable ? eta > 0 : RandUnit() < 1.0 / (1.0 + exp(-eta));
		}
		p.nrows = n;
		p.nfeatures = nf;
		p.x = x;
		p.y = y;
		p.lambda = RandInt(0, 1) ? 1.0 : 0.1;
		logistic_fit(&p, beta, &fit);
		core_host_reset();
		best = Objective(&p, beta, grad);
		for (k = 0; k < d; k++)
			if (fabs(grad[k]) > maxg)
				maxg = fabs(grad[k]);
		Check(fit.converged && maxg <= 1e-6 * (n + 1),
			  "logistic %lldx%d lambda %g: gradient %.3g after %d iterations",
			  (long long) n, nf, p.lambda, maxg, fit.iterations);
		for (k = 0; k < d; k++)
		{
			double		keep = beta[k];
			int			sign;

			for (sign = -1; sign <= 1; sign += 2)
			{
				beta[k] = keep + sign * 1e-4;
				if (Objective(&p, beta, NULL) > best + 1e-12 * fabs(best))
					better = true;
			}
			beta[k] = keep;
		}
		Check(!better, "logistic %lldx%d: a nearby point is better", (long long) n, nf);

		/* the rows reversed: the same coefficients */
		for (i = 0; i < n; i++)
		{
			memcpy(xs + (n - 1 - i) * nf, x + i * nf, sizeof(double) * nf);
			ys[n - 1 - i] = y[i];
		}
		p.x = xs;
		p.y = ys;
		logistic_fit(&p, beta2, &fit);
		core_host_reset();
		for (k = 0; k < d; k++)
			if (!Near(beta[k], beta2[k], 1e-9 * (1.0 + fabs(beta[k]))))
				break;
		Check(k == d, "logistic %lldx%d: rows reversed change coefficient %d",
			  (long long) n, nf, k);
		free(x);
		free(xs);
		free(y);
		free(ys);
		free(truth);
		free(beta);
		free(beta2);
		free(grad);
	}
}

void
CheckLogistic(void)
{
	CheckClosedForms();
	CheckRandomFits();
}
