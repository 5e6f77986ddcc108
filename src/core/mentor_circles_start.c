/*
 * mentor_circles_start.c
 *		The start of the search, pairs first and grouped afterwards, and
 *		the upper bound (see mentor_circles.h).
 */
#include "mentor_circles_internal.h"

/* ---------------------------------------------------------------------
 * The start: pairs first, grouped afterwards
 * ---------------------------------------------------------------------
 */
void
mc_pairs_first(State *s, const int32_t *pairs)
{
	const MentorCircleProblem *p = s->p;
	int32_t		x,
				j,
				k,
				l;

	for (x = 0; x < s->n; x = core_next_row(x))
	{
		double		score;

		if (pairs[x] >= 0 && pairs[x] < s->m && Score(s, x, pairs[x], &score) &&
			s->size[pairs[x]] < p->cap[pairs[x]])
			mc_place(s, x, pairs[x]);
	}
	for (j = 0; j < s->m; j = core_next_row(j))
	{
		int32_t    *m = &s->mem[(size_t) j * s->width];

		/* members who may not be together: the one with most such leaves */
		for (;;)
		{
			int32_t		worst = -1,
						worst_count = 0;

			for (k = 0; k < s->size[j]; k++)
			{
				int32_t		count = 0;

				for (l = 0; l < s->size[j]; l++)
				{
					bool		ok;

					if (l != k)
					{
						(void) Fit(s, m[k], m[l], &ok);
						count += !ok;
					}
				}
				if (count > worst_count)
				{
					worst = m[k];
					worst_count = count;
				}
			}
			core_add_work(&s->work, (int64_t) s->size[j] * s->size[j]);
			if (worst < 0)
				break;
			mc_place(s, worst, -1);
		}
		/* under min_size: the unmatched candidates of j fill it, best first */
		while (s->size[j] > 0 && s->size[j] < p->min_size)
		{
			int32_t		pick = -1;
			double		pick_score = -1.0;
			int64_t		e;

			for (e = s->col_start[j]; e < s->col_start[j + 1]; e++)
			{
				int32_t		y = s->col_row[e];
				double		sy;
				bool		ok;

				if (s->who[y] >= 0)
					continue;
				(void) mc_against(s, y, j, -1, &ok);
				(void) Score(s, y, j, &sy);
				if (ok && sy > pick_score)
				{
					pick = y;
					pick_score = sy;
				}
			}
			core_add_work(&s->work, s->col_start[j + 1] - s->col_start[j]);
			if (pick < 0)
				break;
			mc_place(s, pick, j);
		}
		while (s->size[j] > 0 && s->size[j] < p->min_size)
			mc_place(s, m[0], -1);
	}
}

/* ---------------------------------------------------------------------
 * The bound and the peers
 * ---------------------------------------------------------------------
 */

/* Puts f among the count best of a list of want (best first). */
static inline void
Keep(double *top, int32_t *count, int32_t want, double f)
{
	int32_t		t;

	if (*count == want && f <= top[want - 1])
		return;
	t = *count < want ? (*count)++ : want - 1;
	for (; t > 0 && top[t - 1] < f; t--)
		top[t] = top[t - 1];
	top[t] = f;
}

/*
 * Past this many mentees the bound takes every fit as 1 rather than look
 * at every pair (n^2 / 2 fits: 200 million at 20,000).
 */
#define MC_BOUND_PAIRS_MAX	20000

/* Steps of the prices of the transport bound (PricedBound). */
#define MC_PRICE_STEPS		200

/*
 * The bound of the transport relaxation, each mentee x with mentor j
 * adding score + part[x] (part[x] < 0: in no circle), mentor j taking at
 * most cap[j]: for any prices of the mentors' seats (>= 0), the sum over
 * mentees of their best score + part - price (or 0) plus the seats times
 * their prices is above every assignment (weak duality); the lowest over
 * steps that raise the prices of mentors wanted by more than their seats.
 * Prices 0 give the sum of what each mentee adds at most.
 */
static double
PricedBound(State *s, const double *part)
{
	const MentorCircleProblem *p = s->p;
	double	   *price = core_alloc_array(s->m, sizeof(double));
	int32_t    *demand = core_alloc_array(s->m, sizeof(int32_t));
	double		lowest = INFINITY;
	int32_t		step,
				x,
				j;

	memset(price, 0, sizeof(double) * (s->m > 0 ? s->m : 1));
	for (step = 0; step < MC_PRICE_STEPS; step++)
	{
		double		value = 0.0,
					norm = 0.0;

		core_check_interrupts();
		memset(demand, 0, sizeof(int32_t) * (s->m > 0 ? s->m : 1));
		for (x = 0; x < s->n; x++)
		{
			double		best = 0.0;
			int32_t		at = -1;
			int64_t		e;

			if (part[x] < 0.0)
				continue;
			for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
			{
				double		v;

				j = p->col[e];
				if (p->cap[j] < p->min_size)
					continue;
				v = p->score[e] + part[x] - price[j];
				if (v > best)
				{
					best = v;
					at = j;
				}
			}
			value += best;
			if (at >= 0)
				demand[at]++;
		}
		for (j = 0; j < s->m; j++)
			if (p->cap[j] >= p->min_size)
			{
				double		g = demand[j] - p->cap[j];

				value += p->cap[j] * price[j];
				if (price[j] > 0.0 || g > 0.0)
					norm += g * g;
			}
		if (value < lowest)
			lowest = value;
		if (norm == 0.0)
			break;
		/* a step of 0.05 score units, shrinking */
		for (j = 0; j < s->m; j++)
			if (p->cap[j] >= p->min_size)
			{
				price[j] += 0.05 / (1.0 + step / 20.0) *
					(demand[j] - p->cap[j]) / sqrt(norm);
				if (price[j] < 0.0)
					price[j] = 0.0;
			}
	}
	return lowest;
}

/*
 * The most each mentee adds: its best score plus cohesion times the mean
 * of its best min_size - 1 fits with mentees it may be with (its best fit
 * when min_size is 1; nothing when it has too few such mentees for a
 * circle); and the bound: the sum of the most the seats' mentees add.
 * Every pair's fit once.
 */
double
mc_bound(State *s)
{
	const MentorCircleProblem *p = s->p;
	int32_t		want = p->min_size > 1 ? p->min_size - 1 : 1,
				x,
				y,
				t,
				j;
	double	   *top = core_alloc_array((size_t) s->n * want, sizeof(double));
	double	   *part = core_alloc_array(s->n, sizeof(double));
	int32_t    *count = core_alloc_array(s->n, sizeof(int32_t));
	int64_t		seats = 0;
	double		bound = 0.0;

	memset(count, 0, sizeof(int32_t) * (s->n > 0 ? s->n : 1));
	for (x = 0; x < s->n && s->n > MC_BOUND_PAIRS_MAX; x++)
	{
		/* too many pairs to look at all: a fit is at most 1 */
		for (t = 0; t < want; t++)
			top[(size_t) x * want + t] = 1.0;
		count[x] = want;
	}
	for (x = 0; x < s->n && s->n <= MC_BOUND_PAIRS_MAX; x++)
	{
		if ((x & 15) == 15)
			core_check_interrupts();
		for (y = x + 1; y < s->n; y++)
		{
			double		f = p->fit(p->arg, x, y);

			if (p->together != NULL && !p->together(p->arg, x, y))
			{
				if (s->tri != NULL)
					s->tri[(size_t) y * (y - 1) / 2 + x] = -1.0 - f;
				continue;
			}
			if (s->tri != NULL)
				s->tri[(size_t) y * (y - 1) / 2 + x] = f;
			Keep(&top[(size_t) x * want], &count[x], want, f);
			Keep(&top[(size_t) y * want], &count[y], want, f);
		}
	}
	for (x = 0; x < s->n; x++)
	{
		double		best = -1.0,
					sum = 0.0;
		int64_t		e;

		s->best_fit[x] = count[x] > 0 ? top[(size_t) x * want] : 0.0;
		for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
			if (p->cap[p->col[e]] >= p->min_size && p->score[e] > best)
				best = p->score[e];
		if (best < 0.0 || (p->min_size > 1 && count[x] < want))
		{
			s->most[x] = 0.0;	/* in no circle */
			part[x] = -1.0;
			continue;
		}
		for (t = 0; t < count[x]; t++)
			sum += top[(size_t) x * want + t];
		part[x] = p->cohesion * sum / want;
		s->most[x] = best + part[x];
	}
	for (j = 0; j < s->m; j++)
		if (p->cap[j] >= p->min_size)
			seats += p->cap[j];
	if (seats >= s->n)
	{
		for (x = 0; x < s->n; x++)
			bound += s->most[x];
	}
	else
	{
		/* the seats' best mentees: their most, sorted by insertion */
		double	   *best = core_alloc_array(seats, sizeof(double));
		int32_t		kept = 0;

		for (x = 0; x < s->n; x = core_next_row(x))
			Keep(best, &kept, (int32_t) seats, s->most[x]);
		for (t = 0; t < kept; t++)
			bound += best[t];
	}
	{
		double		priced = PricedBound(s, part);

		return priced < bound ? priced : bound;
	}
}
