/*
 * mentor_circles_kick.c
 *		Kicks after the search: a circle dissolved and re-formed, a mentor
 *		made to open a circle, two mentees swapped, each followed by the
 *		local search over what changed and kept only when the total gains
 *		(see mentor_circles.h).
 */
#include "mentor_circles_internal.h"

/* splitmix64: a fixed sequence, so that the kicks are the same each time */
static inline uint64_t
NextRandom(uint64_t *state)
{
	uint64_t	z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/*
 * Puts every mentee back with its mentor in snap (a valid assignment),
 * those that moved since.
 */
static void
Restore(State *s, const int32_t *snap, int32_t *moved)
{
	int32_t		n = 0,
				x;

	for (x = 0; x < s->n; x++)
		if (s->who[x] != snap[x])
		{
			moved[n++] = x;
			mc_place(s, x, -1);
		}
	for (x = 0; x < n; x++)
		mc_place(s, moved[x], snap[moved[x]]);
}

/* At most this many mentors try to open a circle after one is dissolved. */
#define MC_REFORM_TRIES		16

/*
 * Dissolves mentor j's circle, then mentors without a circle that its
 * members have as candidates (the first MC_REFORM_TRIES) open one where
 * that gains.
 */
static void
Reform(State *s, int32_t j)
{
	const MentorCircleProblem *p = s->p;
	int32_t    *members = s->members,
				count = s->size[j],
				tries = 0,
				tried,
				k;
	int64_t		e;

	if (count == 0)
		return;
	memcpy(members, &s->mem[(size_t) j * s->width], sizeof(int32_t) * count);
	for (k = 0; k < count; k++)
		mc_place(s, members[k], -1);
	tried = ++s->now;
	s->logging = true;
	for (k = 0; k < count && tries < MC_REFORM_TRIES; k++)
		for (e = p->row_start[members[k]];
			 e < p->row_start[members[k] + 1] && tries < MC_REFORM_TRIES; e++)
		{
			int32_t		b = p->col[e];

			if (s->size[b] > 0 || p->cap[b] < p->min_size || s->stamp[b] == -tried)
				continue;
			s->stamp[b] = -tried;	/* OpenCircle's own marks are positive */
			s->nundo = 0;
			(void) mc_open_circle(s, b, false);
			tries++;
		}
	s->logging = false;
	s->nundo = 0;
}

/*
 * Kicks, each followed by the local search, kept when the total gains,
 * else undone: a circle dissolved, a mentor without a circle made to open
 * one, or a mentee swapped into a candidate's circle; the circle, mentor
 * or mentee from a fixed sequence of random numbers.
 */
int32_t
mc_kick(State *s, int32_t rounds)
{
	const MentorCircleProblem *p = s->p;
	int32_t    *snap = core_alloc_array(s->n, sizeof(int32_t));
	int32_t    *moved = core_alloc_array(s->n, sizeof(int32_t));
	uint64_t	rng = 0x6D656E746F72ULL;
	int32_t		r,
				kept = 0;

	if (s->n == 0 || s->m == 0)
		return 0;
	for (r = 0; r < rounds; r++)
	{
		double		before = s->total;
		int32_t		kind = (int32_t) (NextRandom(&rng) % 3),
					j = (int32_t) (NextRandom(&rng) % (uint64_t) s->m),
					x = (int32_t) (NextRandom(&rng) % (uint64_t) s->n),
					t;

		core_check_interrupts();
		memcpy(snap, s->who, sizeof(int32_t) * s->n);
		s->tracking = true;
		if (kind == 0)
		{
			/* the next circle from j on, dissolved */
			for (t = 0; t < s->m && s->size[(j + t) % s->m] == 0; t++)
				;
			j = (j + t) % s->m;
			Reform(s, j);
		}
		else if (kind == 1)
		{
			/* the next mentor from j on without a circle opens one */
			for (t = 0; t < s->m; t++)
				if (s->size[(j + t) % s->m] == 0 && p->cap[(j + t) % s->m] >= p->min_size)
					break;
			if (t == s->m)
				continue;
			s->logging = true;
			s->nundo = 0;
			(void) mc_open_circle(s, (j + t) % s->m, true);
			s->logging = false;
			s->nundo = 0;
		}
		else
		{
			/* mentee x (or the next in a circle) swapped into a candidate's */
			int64_t		len;
			int32_t		a,
						b,
						y;
			bool		ok;
			double		score;

			for (t = 0; t < s->n && s->who[(x + t) % s->n] < 0; t++)
				;
			x = (x + t) % s->n;
			a = s->who[x];
			len = p->row_start[x + 1] - p->row_start[x];
			if (a < 0 || len == 0)
				continue;
			b = p->col[p->row_start[x] + (int64_t) (NextRandom(&rng) % (uint64_t) len)];
			if (b == a || s->size[b] == 0)
				continue;
			y = s->mem[(size_t) b * s->width + (int32_t) (NextRandom(&rng) % (uint64_t) s->size[b])];
			if (!Score(s, y, a, &score))
				continue;
			(void) mc_against(s, x, b, y, &ok);
			if (!ok)
				continue;
			(void) mc_against(s, y, a, x, &ok);
			if (!ok)
				continue;
			mc_place(s, y, -1);
			mc_place(s, x, b);
			mc_place(s, y, a);
		}
		mc_local_search_dirty(s);
		s->tracking = false;
		if (s->total > before + MC_EPSILON * (1.0 + fabs(before)))
			kept++;
		else
			Restore(s, snap, moved);
	}
	s->tracking = false;
	return kept;
}
