/*
 * circles_bound.c
 *		Upper bounds on the total fit of circles, from each person's list
 *		of best partners (see circles.h).
 *
 * The halved bound: in a circle of s people each member has s - 1 mates,
 * whose fits are at most its best s - 1; summing over people counts each
 * pair twice.  With q and q + 1 people to a circle, every person has at
 * least q - 1 mates and the q (q + 1) people of the larger circles one
 * more, so the bound takes everyone's best q - 1 and the largest of the
 * q-th best fits, as many as those people.
 *
 * The linear relaxation: x_ab in [0, 1] for the pairs that may share a
 * circle, each person in at most d = (largest circle - 1) of them, as many
 * in all as the circles hold (P).  A partition's pairs are one such x, so
 * the relaxation's optimum bounds every partition, and so does its dual at
 * any point: for prices u_p >= 0 and mu,
 *
 *	 bound(u, mu) = d sum_p u_p + mu P + sum_ab max(0, w_ab - u_a - u_b - mu)
 *
 * Only the pairs of the lists are summed: with u_p at least half of p's
 * list floor (the fit no partner left out of its list passes) and mu >= 0,
 * a pair in neither list adds nothing.  The steps start from u_p = half the
 * (d + 1)-th best fit of p, where bound(u, 0) is at most the halved bound
 * of circles all of the largest size, and follow the subgradient (d less
 * the pairs at p with a positive term; P less all of them) with Polyak's
 * step toward a total some partition reaches.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "circles.h"
#include "circles_internal.h"
#include "core.h"

/* Subgradient steps at most, and how many without progress halve the step. */
#define BOUND_STEPS			300
#define BOUND_PATIENCE		20

size_t
circle_bound_bytes(int32_t n, int32_t len)
{
	/* the q-th fits; the edges; prices, their floors and the degrees */
	return (size_t) n * sizeof(double) +
		(size_t) n * len * (2 * sizeof(int32_t) + sizeof(double)) +
		(size_t) n * (2 * sizeof(double) + sizeof(int32_t));
}

static int
CompareDescending(const void *x, const void *y)
{
	double		a = *(const double *) x,
				b = *(const double *) y;

	return a > b ? -1 : a < b ? 1 : 0;
}

double
circle_halved_bound(const CircleLists *l, const CircleSizes *s)
{
	int32_t		q = s->small,
				p,
				i;
	int64_t		large = (int64_t) s->nlarge * (q + 1);
	double	   *extra = core_alloc_array(l->n, sizeof(double));
	double		sum = 0.0;

	for (p = 0; p < l->n; p++)
	{
		const CircleMate *list = &l->mate[(size_t) p * l->len];

		for (i = 0; i < q - 1 && i < l->count[p]; i++)
			sum += list[i].fit;
		extra[p] = q - 1 < l->count[p] ? list[q - 1].fit : 0.0;
	}
	if (large > 0)
	{
		qsort(extra, l->n, sizeof(double), CompareDescending);
		for (i = 0; i < large && i < l->n; i++)
			sum += extra[i];
	}
	return sum / 2.0;
}

double
circle_lp_bound(const CircleLists *l, const CircleSizes *s, double lower)
{
	int32_t		n = l->n,
				d = circle_largest(s) - 1,
				p,
				i,
				step;
	int64_t		pairs = circle_pairs(s),
				m = 0,
				e;
	int32_t    *ea = core_alloc_array((size_t) n * l->len, sizeof(int32_t));
	int32_t    *eb = core_alloc_array((size_t) n * l->len, sizeof(int32_t));
	double	   *ew = core_alloc_array((size_t) n * l->len, sizeof(double));
	double	   *u = core_alloc_array(n, sizeof(double));
	double	   *lo = core_alloc_array(n, sizeof(double));
	int32_t    *deg = core_alloc_array(n, sizeof(int32_t));
	double		mu = 0.0,
				best = INFINITY,
				lambda = 2.0;
	int32_t		since = 0;

	/* every pair of the lists once */
	for (p = 0; p < n; p++)
	{
		const CircleMate *list = &l->mate[(size_t) p * l->len];

		for (i = 0; i < l->count[p]; i++)
			if (p < list[i].who || !circle_listed(l, list[i].who, p, list[i].fit))
			{
				ea[m] = p;
				eb[m] = list[i].who;
				ew[m] = list[i].fit;
				m++;
			}
		lo[p] = l->floor[p] / 2.0;
		u[p] = d < l->count[p] ? list[d].fit / 2.0 : 0.0;
		if (u[p] < lo[p])
			u[p] = lo[p];
	}

	for (step = 0; step < BOUND_STEPS; step++)
	{
		double		value = mu * (double) pairs,
					norm,
					move;
		int64_t		positive = 0;

		core_check_interrupts();
		for (p = 0; p < n; p++)
		{
			value += d * u[p];
			deg[p] = 0;
		}
		for (e = 0; e < m; e++)
		{
			double		slack = ew[e] - u[ea[e]] - u[eb[e]] - mu;

			if (slack > 0.0)
			{
				value += slack;
				deg[ea[e]]++;
				deg[eb[e]]++;
				positive++;
			}
		}
		if (value < best)
		{
			best = value;
			since = 0;
		}
		else if (++since >= BOUND_PATIENCE)
		{
			lambda /= 2.0;
			since = 0;
		}
		if (value - lower <= 1e-9 * (fabs(value) > 1.0 ? fabs(value) : 1.0))
			break;
		norm = (double) (pairs - positive) * (double) (pairs - positive);
		for (p = 0; p < n; p++)
			norm += (double) (d - deg[p]) * (d - deg[p]);
		if (norm == 0.0)
			break;
		move = lambda * (value - lower) / norm;
		for (p = 0; p < n; p++)
		{
			u[p] -= move * (d - deg[p]);
			if (u[p] < lo[p])
				u[p] = lo[p];
		}
		mu -= move * (double) (pairs - positive);
		if (mu < 0.0)
			mu = 0.0;
	}
	return best;
}
