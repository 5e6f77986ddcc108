/*
 * circles_search.c
 *		The search of problems too large to enumerate (see circles.h): the
 *		lists, the two starts, the local search and the rounds of variable
 *		neighbourhood search.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "circles.h"
#include "circles_internal.h"
#include "core.h"

/* Rounds of variable neighbourhood search: one per two people, at most. */
#define ROUNDS_PEOPLE		2
#define ROUNDS_MAX			10000

/* A shake makes 1 .. SHAKE_MAX swaps. */
#define SHAKE_MAX			6

/* A person looks at the circles of this many of its list partners at most. */
#define TARGET_CIRCLES		16

/* ---------------------------------------------------------------------
 * The partition and its moves
 * ---------------------------------------------------------------------
 */

/* Takes the partition circle_of (the search's own array is set from it). */
static void
SetPartition(Search *s, const int32_t *circle_of)
{
	int32_t		a,
				c;

	if (circle_of != s->circle)
		memcpy(s->circle, circle_of, sizeof(int32_t) * s->n);
	memset(s->size, 0, sizeof(int32_t) * s->s.ncircles);
	for (c = 0; c < s->s.ncircles; c++)
		s->version[c]++;
	for (a = 0; a < s->n; a++)
	{
		c = s->circle[a];
		s->pos[a] = s->size[c];
		s->member[(size_t) c * s->width + s->size[c]++] = a;
	}
	s->total = 0.0;
	s->broken = 0;
	for (a = 0; a < s->n; a = core_next_row(a))
	{
		s->inner[a] = circle_against(s, a, s->circle[a], -1, &s->bad[a]);
		s->total += s->inner[a];
		s->broken += s->bad[a];
	}
	s->total /= 2.0;
	s->broken /= 2;
}

static void
Log(Search *s, int32_t a, int32_t b, bool swap)
{
	if (!s->logging)
		return;
	if (s->nundo == s->undo_cap)
	{
		s->overflow = true;
		return;
	}
	s->undo[s->nundo].a = a;
	s->undo[s->nundo].b = b;
	s->undo[s->nundo].swap = swap;
	s->nundo++;
}

/* Adds to the fit and bad pairs of c's members but skip, for x joining (+1) or leaving (-1). */
static void
Touch(Search *s, int32_t c, int32_t x, int32_t skip, int sign)
{
	const int32_t *m = &s->member[(size_t) c * s->width];
	int32_t		i;

	for (i = 0; i < s->size[c]; i++)
		if (m[i] != x && m[i] != skip)
		{
			bool		ok;
			double		f = PairFit(s, x, m[i], &ok);

			s->inner[m[i]] += sign * f;
			s->bad[m[i]] += sign * !ok;
		}
}

/* Swaps a and b, of different circles. */
static void
Swap(Search *s, int32_t a, int32_t b)
{
	int32_t		ca = s->circle[a],
				cb = s->circle[b],
				pa = s->pos[a],
				pb = s->pos[b],
				bad_a,
				bad_b;
	double		old = s->inner[a] + s->inner[b];
	int64_t		old_bad = s->bad[a] + s->bad[b];

	Touch(s, ca, a, a, -1);
	Touch(s, ca, b, a, +1);
	Touch(s, cb, b, b, -1);
	Touch(s, cb, a, b, +1);
	s->member[(size_t) ca * s->width + pa] = b;
	s->member[(size_t) cb * s->width + pb] = a;
	s->version[ca]++;
	s->version[cb]++;
	s->circle[a] = cb;
	s->pos[a] = pb;
	s->circle[b] = ca;
	s->pos[b] = pa;
	s->inner[a] = circle_against(s, a, cb, -1, &bad_a);
	s->inner[b] = circle_against(s, b, ca, -1, &bad_b);
	s->bad[a] = bad_a;
	s->bad[b] = bad_b;
	s->total += s->inner[a] + s->inner[b] - old;
	s->broken += bad_a + bad_b - old_bad;
	Log(s, a, b, true);
}

/* Moves a to circle c. */
static void
Move(Search *s, int32_t a, int32_t c)
{
	int32_t		from = s->circle[a],
				last,
				bad_a;
	double		old = s->inner[a];
	int64_t		old_bad = s->bad[a];

	Touch(s, from, a, a, -1);
	Touch(s, c, a, a, +1);
	last = s->member[(size_t) from * s->width + --s->size[from]];
	s->member[(size_t) from * s->width + s->pos[a]] = last;
	s->pos[last] = s->pos[a];
	s->pos[a] = s->size[c];
	s->member[(size_t) c * s->width + s->size[c]++] = a;
	s->circle[a] = c;
	s->version[from]++;
	s->version[c]++;
	s->inner[a] = circle_against(s, a, c, -1, &bad_a);
	s->bad[a] = bad_a;
	s->total += s->inner[a] - old;
	s->broken += bad_a - old_bad;
	Log(s, a, from, false);
}

/* ---------------------------------------------------------------------
 * The local search
 * ---------------------------------------------------------------------
 */
static void
Enqueue(Search *s, int32_t a)
{
	if (s->queued[a])
		return;
	s->queued[a] = true;
	s->queue[(s->qhead + s->qlen++) % s->n] = a;
}

static void
EnqueueCircle(Search *s, int32_t c)
{
	int32_t		i;

	for (i = 0; i < s->size[c]; i++)
		Enqueue(s, s->member[(size_t) c * s->width + i]);
}

/* Whether x is weaker in its circle than y: more bad pairs, then less fit. */
static inline bool
Weaker(const Search *s, int32_t x, int32_t y)
{
	return s->bad[x] > s->bad[y] ||
		(s->bad[x] == s->bad[y] &&
		 (s->inner[x] < s->inner[y] || (s->inner[x] == s->inner[y] && x < y)));
}

/*
 * The members of circle c to try a swap with: all, or in a larger circle
 * the SWAP_WITH weakest.  Returns how many, in s->pick.
 */
static int32_t
SwapPartners(Search *s, int32_t c)
{
	const int32_t *m = &s->member[(size_t) c * s->width];
	int32_t		n = s->size[c],
				k = 0,
				i,
				j;

	if (n <= SWAP_WITH)
	{
		memcpy(s->pick, m, sizeof(int32_t) * n);
		return n;
	}
	for (i = 0; i < n; i++)
	{
		if (k == SWAP_WITH && !Weaker(s, m[i], s->pick[k - 1]))
			continue;
		j = k < SWAP_WITH ? k++ : SWAP_WITH - 1;
		for (; j > 0 && Weaker(s, m[i], s->pick[j - 1]); j--)
			s->pick[j] = s->pick[j - 1];
		s->pick[j] = m[i];
	}
	return k;
}

/*
 * x's fit with the members of circle c (x aside) and the bad pairs, from
 * what was looked at lately while c has not changed, else afresh: the
 * members of one circle look at the same neighbours in turn.
 */
static double
CircleSumOf(Search *s, int32_t x, int32_t c, int32_t *bad)
{
	uint32_t	h = ((uint32_t) x * 0x9E3779B1u) ^ ((uint32_t) c * 0x85EBCA77u);
	CircleSum  *e = &s->sums[(h ^ (h >> 15)) & s->sums_mask];

	if (e->x != x || e->c != c || e->version != s->version[c])
	{
		e->x = x;
		e->c = c;
		e->version = s->version[c];
		e->fit = circle_against(s, x, c, -1, &e->bad);
	}
	*bad = e->bad;
	return e->fit;
}

/*
 * The best move of person a toward the circles of its list partners
 * (moving it to a circle one smaller, or swapping it with a member of
 * another circle), made if it gains.  Returns whether it made one.
 */
static bool
ImproveOne(Search *s, int32_t a)
{
	const CircleMate *list = &s->l.mate[(size_t) a * s->l.len];
	int32_t		from = s->circle[a],
				q = s->s.small,
				looked = 0,
				i,
				j,
				best_b = -1,
				best_c = -1;
	int64_t		best_bad = 0;
	double		best_gain = 0.0;

	s->stamp++;
	s->seen[from] = s->stamp;
	for (i = 0; i < s->l.count[a] && looked < TARGET_CIRCLES; i++)
	{
		int32_t		c = s->circle[list[i].who],
					nb = s->size[c],
					bad_c = 0,
					npick;
		const int32_t *m = &s->member[(size_t) c * s->width];
		double		fit_c = 0.0;

		if (s->seen[c] == s->stamp)
			continue;
		s->seen[c] = s->stamp;
		looked++;
		for (j = 0; j < nb; j++)
		{
			s->with_fit[j] = PairFit(s, a, m[j], &s->with_ok[j]);
			fit_c += s->with_fit[j];
			bad_c += !s->with_ok[j];
		}
		/* a moves: from a circle of q + 1 to one of q */
		if (s->size[from] == q + 1 && nb == q &&
			Better(bad_c - s->bad[a], fit_c - s->inner[a], best_bad, best_gain))
		{
			best_bad = bad_c - s->bad[a];
			best_gain = fit_c - s->inner[a];
			best_b = -1;
			best_c = c;
		}
		/* a swaps with b */
		npick = SwapPartners(s, c);
		for (j = 0; j < npick; j++)
		{
			int32_t		b = s->pick[j],
						bad_b,
						k = s->pos[b];
			double		fit_b = CircleSumOf(s, b, from, &bad_b) - s->with_fit[k];
			double		gain = (fit_c - s->with_fit[k] - s->inner[a]) +
				(fit_b - s->inner[b]);
			int64_t		dbad = (bad_c - !s->with_ok[k] - s->bad[a]) +
				(bad_b - !s->with_ok[k] - s->bad[b]);

			if (Better(dbad, gain, best_bad, best_gain))
			{
				best_bad = dbad;
				best_gain = gain;
				best_b = b;
				best_c = c;
			}
		}
	}
	if (best_c < 0)
		return false;
	if (best_b >= 0)
		Swap(s, a, best_b);
	else
		Move(s, a, best_c);
	s->moves++;
	EnqueueCircle(s, from);
	EnqueueCircle(s, best_c);
	return true;
}

/* Improves the queued people's moves until none gains. */
static void
Descend(Search *s)
{
	int64_t		looks = 0;

	while (s->qlen > 0)
	{
		int32_t		a = s->queue[s->qhead];

		s->qhead = (s->qhead + 1) % s->n;
		s->qlen--;
		s->queued[a] = false;
		if ((++looks & 0x3FF) == 0)
			core_check_interrupts();
		(void) ImproveOne(s, a);
	}
}

/* ---------------------------------------------------------------------
 * Variable neighbourhood search
 * ---------------------------------------------------------------------
 */

/*
 * k guided random swaps around person a: a member of a circle shaken so
 * far joins the circle of one of its list partners, in place of a random
 * member of it.  The circles shaken go to the queue.
 */
static void
Shake(Search *s, int32_t a, int32_t k, int32_t *shaken)
{
	int32_t		nshaken = 1,
				t,
				tries;

	shaken[0] = s->circle[a];
	for (t = 0; t < k; t++)
		for (tries = 0; tries < 4; tries++)
		{
			int32_t		c = shaken[RandomBelow(s, nshaken)],
						u = s->member[(size_t) c * s->width + RandomBelow(s, s->size[c])],
						v,
						d,
						w;

			if (s->l.count[u] == 0)
				continue;
			v = s->l.mate[(size_t) u * s->l.len + RandomBelow(s, s->l.count[u])].who;
			d = s->circle[v];
			if (d == c)
				continue;
			w = s->member[(size_t) d * s->width + RandomBelow(s, s->size[d])];
			if (w == v)
				continue;
			Swap(s, u, w);
			shaken[nshaken++] = d;
			break;
		}
	for (t = 0; t < nshaken; t++)
		EnqueueCircle(s, shaken[t]);
}

/* Undoes the round's moves, last first. */
static void
Revert(Search *s, double total, int64_t broken)
{
	int32_t		i;

	s->logging = false;
	for (i = s->nundo - 1; i >= 0; i--)
	{
		if (s->undo[i].swap)
			Swap(s, s->undo[i].a, s->undo[i].b);
		else
			Move(s, s->undo[i].a, s->undo[i].b);
	}
	s->total = total;			/* as it was, without the rounding of the way back */
	s->broken = broken;
}

/*
 * Rounds of variable neighbourhood search: shake k, descend, keep if
 * better (k back to 1), else undo (k one more, after SHAKE_MAX back to 1).
 * A round whose moves overflow the undo log and are not better goes back
 * to the partition it started from, copied into saved (n).  Stops at the
 * rounds' budget, or at the bound.
 */
static int32_t
Rounds(Search *s, int32_t *shaken, double halved, int32_t *saved)
{
	int32_t		rounds = s->n / ROUNDS_PEOPLE < ROUNDS_MAX ?
		s->n / ROUNDS_PEOPLE : ROUNDS_MAX,
				k = 1,
				r;

	for (r = 0; r < rounds; r++)
	{
		double		total = s->total;
		int64_t		broken = s->broken;

		if (broken == 0 && total >= halved - GAIN_EPSILON)
			break;
		core_check_interrupts();
		memcpy(saved, s->circle, sizeof(int32_t) * s->n);
		s->nundo = 0;
		s->overflow = false;
		s->logging = true;
		Shake(s, RandomBelow(s, s->n), k, shaken);
		Descend(s);
		s->logging = false;
		if (Better(s->broken, s->total, broken, total))
			k = 1;
		else
		{
			if (s->overflow)
			{
				SetPartition(s, saved);
				s->total = total;	/* as it was, without a sum's rounding */
				s->broken = broken;
			}
			else
				Revert(s, total, broken);
			k = k % SHAKE_MAX + 1;
		}
	}
	return r;
}

/* ---------------------------------------------------------------------
 * The search
 * ---------------------------------------------------------------------
 */
size_t
circles_search_bytes(int32_t n, const CircleSizes *sizes)
{
	int32_t		len = circle_list_len(n, sizes),
				width = circle_largest(sizes),
				k = sizes->ncircles;

	return circle_start_bytes(n, len) + circle_bound_bytes(n, len) +
	/* the partition */
		(size_t) n * sizeof(int32_t) + (size_t) k * width * sizeof(int32_t) +
		(size_t) k * sizeof(int32_t) + (size_t) n * (sizeof(double) + sizeof(int32_t)) +
	/* the queue, its marks, one look */
		(size_t) n * (sizeof(int32_t) + sizeof(bool)) + (size_t) k * sizeof(int32_t) +
		(size_t) width * (sizeof(double) + sizeof(bool)) + SWAP_WITH * sizeof(int32_t) +
	/* the caches of fits, of fits with circles, the circles' versions */
		(size_t) pair_cache_entries(n, 64) * sizeof(CircleCached) +
		(size_t) pair_cache_entries(n, 64) / 4 * sizeof(CircleSum) +
		(size_t) k * sizeof(uint32_t) +
	/* the undo log, the circles shaken */
		((size_t) n + 64) * sizeof(Undo) + (SHAKE_MAX + 1) * sizeof(int32_t) +
	/* the starts' partitions, taken, marks */
		(size_t) n * (2 * sizeof(int32_t) + sizeof(bool) + sizeof(int32_t));
}

void
circles_search(const CircleProblem *p, CircleSolution *out)
{
	Search		s;
	int32_t		n = p->n,
				k,
				a;
	int32_t    *greedy,
			   *pairs,
			   *mark,
			   *shaken;
	bool	   *taken;
	double		greedy_total;
	int64_t		greedy_broken;

	memset(&s, 0, sizeof(s));
	s.p = p;
	s.s = out->sizes;
	s.n = n;
	s.width = circle_largest(&s.s);
	s.rng = 0x6A09E667F3BCC909ULL ^ (uint64_t) n;
	k = s.s.ncircles;
	circle_build_lists(&s);
	/* a list not full holds every partner allowed */
	for (a = 0; a < n && out->lonely < 0; a++)
		if (s.l.count[a] < s.s.small - 1)
		{
			out->lonely = a;
			out->lonely_partners = s.l.count[a];
		}

	s.circle = out->circle;
	s.pos = core_alloc_array(n, sizeof(int32_t));
	s.member = core_alloc_array((size_t) k * s.width, sizeof(int32_t));
	s.size = core_alloc_array(k, sizeof(int32_t));
	s.inner = core_alloc_array(n, sizeof(double));
	s.bad = core_alloc_array(n, sizeof(int32_t));
	s.queue = core_alloc_array(n, sizeof(int32_t));
	s.queued = core_alloc_array(n, sizeof(bool));
	s.seen = core_alloc_array(k, sizeof(int32_t));
	s.with_fit = core_alloc_array(s.width, sizeof(double));
	s.with_ok = core_alloc_array(s.width, sizeof(bool));
	s.pick = core_alloc_array(SWAP_WITH, sizeof(int32_t));	/* n <= SWAP_WITH when all */
	s.undo_cap = n + 64;
	s.undo = core_alloc_array(s.undo_cap, sizeof(Undo));
	shaken = core_alloc_array(SHAKE_MAX + 1, sizeof(int32_t));
	s.sums_mask = pair_cache_entries(n, 64) / 4 - 1;
	s.sums = core_alloc_array((size_t) s.sums_mask + 1, sizeof(CircleSum));
	memset(s.sums, 0xFF, sizeof(CircleSum) * ((size_t) s.sums_mask + 1));
	s.version = core_alloc_array(k, sizeof(uint32_t));
	memset(s.version, 0, sizeof(uint32_t) * k);
	s.cache_mask = pair_cache_entries(n, 64) - 1;
	s.cache = core_alloc_array((size_t) s.cache_mask + 1, sizeof(CircleCached));
	memset(s.cache, 0xFF, sizeof(CircleCached) * ((size_t) s.cache_mask + 1));
	memset(s.queued, 0, sizeof(bool) * n);
	memset(s.seen, 0, sizeof(int32_t) * k);

	/* the two starts; the better is searched from */
	greedy = core_alloc_array(n, sizeof(int32_t));
	pairs = core_alloc_array(n, sizeof(int32_t));
	taken = core_alloc_array(n, sizeof(bool));
	mark = core_alloc_array(n, sizeof(int32_t));
	circle_construct(&s, greedy, taken, mark);
	circle_pairs_first(&s, pairs, taken, mark);
	SetPartition(&s, pairs);
	out->baseline = s.total;
	out->baseline_broken = s.broken;
	SetPartition(&s, greedy);
	greedy_total = s.total;
	greedy_broken = s.broken;
	if (Better(out->baseline_broken, out->baseline, greedy_broken, greedy_total))
		SetPartition(&s, pairs);
	out->start = s.total;

	/* the local search from every person, then the rounds */
	out->halved_bound = circle_halved_bound(&s.l, &s.s);
	for (k = 0; k < n; k++)
		Enqueue(&s, k);
	Descend(&s);
	out->rounds = Rounds(&s, shaken, out->halved_bound, greedy);
	out->moves = s.moves;
	out->total = s.total;
	out->broken = s.broken;
	out->exact = false;

	/* the bound, its steps aimed at the total reached */
	out->bound = circle_lp_bound(&s.l, &s.s, s.total);
	if (out->bound > out->halved_bound)
		out->bound = out->halved_bound;
}
