/*
 * circles_internal.h
 *		What the parts of the circles solver share (circles.h): each
 *		person's list of best partners, and the bound read from the lists.
 */
#ifndef MENTORMATCH_CIRCLES_INTERNAL_H
#define MENTORMATCH_CIRCLES_INTERNAL_H

#include "circles.h"
#include "pair_cache.h"

/* A partner in a person's list. */
typedef struct CircleMate
{
	double		fit;
	int32_t		who;
} CircleMate;

/*
 * Each person's best allowed partners, best first (the higher fit, then
 * the lower index): mate[p * len + i] for i < count[p].  floor[p] is the
 * fit no allowed partner left out of p's list passes: the last entry's
 * when the list is full, else 0 (none was left out).
 */
typedef struct CircleLists
{
	int32_t		n;
	int32_t		len;
	int32_t    *count;
	CircleMate *mate;
	double	   *floor;
} CircleLists;

/* Whether mate a belongs before mate b in a list. */
static inline bool
circle_mate_before(double fa, int32_t a, double fb, int32_t b)
{
	return fa > fb || (fa == fb && a < b);
}

/*
 * Whether q is in p's list, q being an allowed partner of p whose fit is
 * f: the lists keep the best len in one total order.
 */
static inline bool
circle_listed(const CircleLists *l, int32_t p, int32_t q, double f)
{
	const CircleMate *last;

	if (l->count[p] < l->len)
		return true;
	last = &l->mate[(size_t) p * l->len + l->len - 1];
	return !circle_mate_before(last->fit, last->who, f, q);
}

/* The length of the lists for circles of these sizes: at least 3 q. */
static inline int32_t
circle_list_len(int32_t n, const CircleSizes *s)
{
	int32_t		len = CIRCLES_LIST;

	if (len < 3 * s->small)
		len = 3 * s->small;
	return len < n - 1 ? len : n - 1;
}

/* Gains at or below this are none (rounding in the sums). */
#define GAIN_EPSILON		1e-12

/* In a larger circle, a swap is tried with its weakest SWAP_WITH members. */
#define SWAP_WITH			8

/*
 * The search's state (circles_search.c), which the starts
 * (circles_start.c) build on.
 */
/*
 * A pair's fit remembered: a < b, and bit 31 of b set when they may not
 * share a circle; a = -1 for an empty entry.
 */
typedef struct CircleCached
{
	int32_t		a;
	uint32_t	b;
	double		fit;
} CircleCached;

/*
 * A person's fit with a circle remembered: x's fit with the members of
 * circle c (x aside), the bad pairs among them, while c's version is the
 * one noted; x = -1 for an empty entry.
 */
typedef struct CircleSum
{
	int32_t		x;
	int32_t		c;
	uint32_t	version;
	int32_t		bad;
	double		fit;
} CircleSum;

/* An entry of the undo log: a swap of a and b, or a moved from circle b. */
typedef struct Undo
{
	int32_t		a;
	int32_t		b;
	bool		swap;
} Undo;

typedef struct Search
{
	const CircleProblem *p;
	CircleSizes s;
	int32_t		n;
	int32_t		width;			/* the largest circle */
	CircleLists l;

	/* the partition */
	int32_t    *circle;			/* per person */
	int32_t    *pos;			/* per person: its place in its circle */
	int32_t    *member;			/* circle c's: member[c * width ..] */
	int32_t    *size;			/* per circle */
	double	   *inner;			/* per person: its fit with its mates */
	int32_t    *bad;			/* per person: mates it may not be with */
	double		total;
	int64_t		broken;

	/* the local search's queue (a ring) and its marks */
	int32_t    *queue;
	int32_t		qhead;
	int32_t		qlen;
	bool	   *queued;
	int32_t    *seen;			/* per circle: the stamp of the last look */
	int32_t		stamp;

	/* what one look computes: a person's fits with a circle's members */
	double	   *with_fit;
	bool	   *with_ok;
	int32_t    *pick;

	/* the undo log of a round */
	Undo	   *undo;
	int32_t		nundo;
	int32_t		undo_cap;
	bool		logging;
	bool		overflow;

	/* a person's fit with a circle, looked at lately (CircleSumOf) */
	CircleSum  *sums;
	uint32_t	sums_mask;
	uint32_t   *version;		/* per circle: changes with its members */

	/* the fits of pairs looked at lately (PairFit) */
	CircleCached *cache;
	uint32_t	cache_mask;

	uint64_t	rng;
	int64_t		moves;
} Search;


/*
 * The fit of a and b, and whether they may share a circle: from the cache
 * of pairs looked at lately, else asked and remembered (in place of the
 * pair that hashed there before).
 */
static inline double
PairFit(const Search *s, int32_t a, int32_t b, bool *ok)
{
	const CircleProblem *p = s->p;
	CircleCached *e = &s->cache[pair_cache_slot(&a, &b, s->cache_mask)];

	if (e->a == a && (e->b & 0x7FFFFFFFu) == (uint32_t) b)
	{
		*ok = (e->b >> 31) == 0;
		return e->fit;
	}
	*ok = p->allowed == NULL || p->allowed(p->arg, a, b);
	e->a = a;
	e->b = (uint32_t) b | (*ok ? 0 : 0x80000000u);
	e->fit = p->fit(p->arg, a, b);
	return e->fit;
}

/* splitmix64: a fixed sequence, so that the search is deterministic */
static inline uint64_t
Random(Search *s)
{
	uint64_t	z = (s->rng += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline int32_t
RandomBelow(Search *s, int32_t n)
{
	return (int32_t) (Random(s) % (uint64_t) n);
}

/* Whether (bad, fit) is better than (bad0, fit0): fewer broken, then more. */
static inline bool
Better(int64_t bad, double fit, int64_t bad0, double fit0)
{
	return bad < bad0 || (bad == bad0 && fit > fit0 + GAIN_EPSILON);
}


/* circles_start.c: the lists and the two starts */
extern void circle_build_lists(Search *s);
extern size_t circle_start_bytes(int32_t n, int32_t len);
extern void circle_construct(Search *s, int32_t *out, bool *taken, int32_t *mark);
extern void circle_pairs_first(Search *s, int32_t *out, bool *taken, int32_t *mark);

/* x's fit with the members of circle c but skip, and the bad pairs. */
static inline double
circle_against(const Search *s, int32_t x, int32_t c, int32_t skip, int32_t *bad)
{
	const int32_t *m = &s->member[(size_t) c * s->width];
	double		sum = 0.0;
	int32_t		i;

	*bad = 0;
	for (i = 0; i < s->size[c]; i++)
		if (m[i] != x && m[i] != skip)
		{
			bool		ok;

			sum += PairFit(s, x, m[i], &ok);
			*bad += !ok;
		}
	return sum;
}


/* circles_bound.c: what the two bounds allocate */
extern size_t circle_bound_bytes(int32_t n, int32_t len);

/* Half the sum over people of their best fits with as many as a circle has. */
extern double circle_halved_bound(const CircleLists *l, const CircleSizes *s);

/*
 * The bound of the linear relaxation, its dual improved by subgradient
 * steps (aimed at lower, a total some partition reaches) from a point
 * whose value is at most the halved bound of circles all of the largest
 * size.
 */
extern double circle_lp_bound(const CircleLists *l, const CircleSizes *s,
							  double lower);

/* The largest circle. */
static inline int32_t
circle_largest(const CircleSizes *s)
{
	return s->small + (s->nlarge > 0 ? 1 : 0);
}

/* How many pairs the circles hold. */
static inline int64_t
circle_pairs(const CircleSizes *s)
{
	int64_t		q = s->small;

	return (int64_t) s->nlarge * (q + 1) * q / 2 +
		(int64_t) (s->ncircles - s->nlarge) * q * (q - 1) / 2;
}

#endif							/* MENTORMATCH_CIRCLES_INTERNAL_H */
