/*
 * mentor_circles_internal.h
 *		What the parts of the mentor circles solver share (see
 *		mentor_circles.h): the state of an assignment of mentees to circles,
 *		the kept fits and candidates, and the moves on them.
 *
 *	 mentor_circles.c		the promise, the exact solve, which solve runs
 *	 mentor_circles_moves.c	placing a mentee, the local search, opening and
 *							closing circles, the rounds of the search
 *	 mentor_circles_kick.c	kicks after the search
 *	 mentor_circles_start.c	pairs first, grouped; the bound
 */
#ifndef MENTORMATCH_MENTOR_CIRCLES_INTERNAL_H
#define MENTORMATCH_MENTOR_CIRCLES_INTERNAL_H

#include <math.h>
#include <string.h>

#include "core.h"
#include "mentor_circles.h"
#include "pair_cache.h"

#define MC_EPSILON		1e-12

/* Kicks after the search: many for small rounds, fewer as each costs more. */
#define MC_KICKS(n)		((n) <= 0 ? 0 : (n) >= 40000 ? 50 : \
						 10000000 / (n) > 2000 ? 2000 : 10000000 / (n) < 50 ? 50 : 10000000 / (n))

/* The cache of fits: so many slots a mentee (within pair_cache.h's limits). */
#define MC_CACHE_PER_MENTEE	256

/*
 * Up to this many mentees, every pair's fit is kept (the bound reads them
 * all once): n (n - 1) / 2 doubles, 256 MB at most.
 */
#define MC_DENSE_MAX		8192

/* Each mentee's candidates as bits, when they take at most this much. */
#define MC_BITS_BUDGET		((size_t) 64 * 1024 * 1024)

static inline size_t
DenseBytes(int32_t n)
{
	return n <= MC_DENSE_MAX ? (size_t) n * (n > 0 ? n - 1 : 0) / 2 * sizeof(double) : 0;
}

static inline size_t
BitsBytes(int32_t n, int32_t m)
{
	size_t		bytes = (size_t) n * (((size_t) m + 63) / 64) * sizeof(uint64_t);

	return bytes <= MC_BITS_BUDGET ? bytes : 0;
}

/* A pair's fit remembered: a < b, a = -1 when empty. */
typedef struct FitEntry
{
	int32_t		a;
	int32_t		b;
	double		fit;
	bool		ok;
} FitEntry;

typedef struct State
{
	const MentorCircleProblem *p;
	int32_t		n;
	int32_t		m;
	int32_t		width;			/* the largest cap */
	int32_t    *who;			/* per mentee: its mentor or -1 */
	int32_t    *size;			/* per mentor */
	double	   *S;				/* per mentor: the members' scores */
	double	   *F;				/* per mentor: the fit of its pairs */
	double	   *inner;			/* per mentee: its fit with its mates */
	double	   *mine;			/* per mentee: its score with its mentor */
	int32_t    *mem;			/* mentor j's members: mem[j * width ..] */

	/* room for one circle (width): ImproveOne's fits, a circle's members */
	double	   *fx;
	bool	   *okx;
	int32_t    *members;
	double		total;

	/* mentor j's candidates (CSR by mentor) */
	int64_t    *col_start;
	int32_t    *col_row;

	/* the most each mentee adds */
	double	   *most;			/* per mentee */
	double	   *best_fit;		/* per mentee: its best fit with another */

	/* what changed since a mentee was last looked at */
	int64_t		tick;			/* counts the moves */
	int64_t    *changed;		/* per mentor: the tick its circle last changed */
	int64_t    *looked;			/* per mentee: the tick it was last found
								 * without a move, or -1 */

	FitEntry   *cache;
	uint32_t	cache_mask;

	/*
	 * Every pair's fit (up to MC_DENSE_MAX mentees, else NULL): pair a < b
	 * at b (b - 1) / 2 + a, as -1 - fit when they may not be together.
	 */
	double	   *tri;

	/* mentee i's candidates as bits: has[i * words + j / 64], or NULL */
	uint64_t   *has;
	size_t		words;

	/* the undo log */
	int32_t    *undo_who;
	int32_t    *undo_from;
	int32_t		nundo;
	int32_t		undo_cap;
	bool		logging;

	int32_t    *stamp;			/* per mentor */

	/* after a kick: the mentors whose circles changed, and a queue of mentees */
	bool		tracking;
	bool	   *dirty;			/* per mentor */
	int32_t    *dirty_list;
	int32_t		ndirty;
	bool	   *queued;			/* per mentee */
	int32_t    *queue;			/* a ring of n */
	int32_t		qhead;
	int32_t		qlen;
	int32_t		now;
	int64_t		moves;
	int64_t		work;			/* for core_add_work: candidates and pairs
								 * looked at */
} State;

/* The fit of a and b and whether they may be together, remembered. */
static inline double
Fit(State *s, int32_t a, int32_t b, bool *ok)
{
	const MentorCircleProblem *p = s->p;
	FitEntry   *e;

	if (s->tri != NULL)
	{
		double		v = a < b ? s->tri[(size_t) b * (b - 1) / 2 + a] :
			s->tri[(size_t) a * (a - 1) / 2 + b];

		*ok = v >= 0.0;
		return *ok ? v : -1.0 - v;
	}
	e = &s->cache[pair_cache_slot(&a, &b, s->cache_mask)];
	if (e->a != a || e->b != b)
	{
		e->a = a;
		e->b = b;
		e->fit = p->fit(p->arg, a, b);
		e->ok = p->together == NULL || p->together(p->arg, a, b);
	}
	*ok = e->ok;
	return e->fit;
}

/* Mentee i's score with mentor j; false when j is not its candidate. */
static inline bool
Score(const State *s, int32_t i, int32_t j, double *score)
{
	const MentorCircleProblem *p = s->p;
	int64_t		lo = p->row_start[i],
				hi = p->row_start[i + 1];

	*score = 0.0;
	if (s->has != NULL && !(s->has[(size_t) i * s->words + j / 64] >> (j % 64) & 1))
		return false;
	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (p->col[mid] == j)
		{
			*score = p->score[mid];
			return true;
		}
		if (p->col[mid] < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* A circle's worth from its size, scores and fits. */
static inline double
Worth(const State *s, int32_t size, double S, double F)
{
	if (size == 0)
		return 0.0;
	return size >= 2 ? S + s->p->cohesion * 2.0 * F / (size - 1) : S;
}

static inline double
WorthOf(const State *s, int32_t j)
{
	return Worth(s, s->size[j], s->S[j], s->F[j]);
}

/* Whether mentor j's circle may have size members. */
static inline bool
SizeFits(const State *s, int32_t j, int32_t size)
{
	return size == 0 || (size >= s->p->min_size && size <= s->p->cap[j]);
}

/* Notes that mentor j's circle changed, while tracking. */
static inline void
MarkDirty(State *s, int32_t j)
{
	if (s->tracking && !s->dirty[j])
	{
		s->dirty[j] = true;
		s->dirty_list[s->ndirty++] = j;
	}
}

static inline void
Enqueue(State *s, int32_t x)
{
	if (!s->queued[x])
	{
		s->queued[x] = true;
		s->queue[(s->qhead + s->qlen++) % s->n] = x;
	}
}

/* mentor_circles_moves.c */
extern double mc_against(State *s, int32_t x, int32_t j, int32_t skip, bool *ok);
extern void mc_place(State *s, int32_t x, int32_t to);
extern void mc_undo(State *s, int32_t mark);
extern void mc_local_search(State *s);
extern void mc_local_search_dirty(State *s);
extern bool mc_open_circle(State *s, int32_t j, bool force);
extern void mc_join_unmatched(State *s);
extern int32_t mc_search(State *s);

/* mentor_circles_kick.c */
extern int32_t mc_kick(State *s, int32_t rounds);

/* mentor_circles_start.c */
extern void mc_pairs_first(State *s, const int32_t *pairs);
extern double mc_bound(State *s);

#endif							/* MENTORMATCH_MENTOR_CIRCLES_INTERNAL_H */
