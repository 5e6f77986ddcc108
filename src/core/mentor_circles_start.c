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
	int32_t    *count = core_alloc_array(s->n, sizeof(int32_t));
	int64_t		seats = 0;
	double		bound = 0.0;

	memset(count, 0, sizeof(int32_t) * (s->n > 0 ? s->n : 1));
	for (x = 0; x < s->n; x++)
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
			continue;
		}
		for (t = 0; t < count[x]; t++)
			sum += top[(size_t) x * want + t];
		s->most[x] = best + p->cohesion * sum / want;
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
	return bound;
}
