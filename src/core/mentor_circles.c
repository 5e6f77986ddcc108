/*
 * mentor_circles.c
 *		Circles led by mentors: the exact enumeration, the start from pairs
 *		first, the search and the bound (see mentor_circles.h).
 */
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
} State;

size_t
mentor_circles_scratch_bytes(int32_t nmentees, int32_t nmentors,
							 int64_t nedges, int32_t widest)
{
	size_t		n = nmentees + 1,
				m = nmentors + 1;

	return n * (6 * sizeof(int32_t) + 7 * sizeof(double) + sizeof(int64_t)) +
		m * (sizeof(int64_t) + sizeof(int32_t) + sizeof(bool)) +
		n * (sizeof(int32_t) + sizeof(bool)) +
		n * (size_t) (widest > 1 ? widest : 1) * sizeof(double) +
		m * (4 * sizeof(int32_t) + 2 * sizeof(double) + sizeof(int64_t)) +
		m * (size_t) (widest + 1) * sizeof(int32_t) +
		(size_t) (nedges + 1) * sizeof(int32_t) +
		(DenseBytes(nmentees) > 0 ? DenseBytes(nmentees) :
		 (size_t) pair_cache_entries(nmentees, MC_CACHE_PER_MENTEE) * sizeof(FitEntry)) +
		BitsBytes(nmentees, nmentors) +
		2 * (n + m) * (sizeof(int32_t) + sizeof(double)) + 4096;
}

/* The fit of a and b and whether they may be together, remembered. */
static double
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
static bool
Score(const State *s, int32_t i, int32_t j, double *score)
{
	const MentorCircleProblem *p = s->p;
	int64_t		lo = p->row_start[i],
				hi = p->row_start[i + 1];

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

/*
 * x's fit with mentor j's members but x and skip; *ok false when one may
 * not be with x.
 */
static double
Against(State *s, int32_t x, int32_t j, int32_t skip, bool *ok)
{
	const int32_t *m = &s->mem[(size_t) j * s->width];
	double		sum = 0.0;
	int32_t		k;

	*ok = true;
	for (k = 0; k < s->size[j]; k++)
		if (m[k] != x && m[k] != skip)
		{
			bool		together;

			sum += Fit(s, x, m[k], &together);
			*ok = *ok && together;
		}
	return sum;
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

/* Puts mentee x with mentor to (-1: none), keeping the sums and total. */
static void
Place(State *s, int32_t x, int32_t to)
{
	int32_t		from = s->who[x],
				k;
	bool		ok;

	if (from == to)
		return;
	if (s->logging)
	{
		if (s->nundo == s->undo_cap)
			s->logging = false; /* cannot happen: the log holds a round */
		else
		{
			s->undo_who[s->nundo] = x;
			s->undo_from[s->nundo++] = from;
		}
	}
	if (from >= 0)
	{
		int32_t    *m = &s->mem[(size_t) from * s->width];
		int32_t		at = -1;

		s->total -= WorthOf(s, from);
		for (k = 0; k < s->size[from]; k++)
			if (m[k] == x)
				at = k;
			else
			{
				double		f = Fit(s, x, m[k], &ok);

				s->inner[m[k]] -= f;
				s->F[from] -= f;
			}
		s->S[from] -= s->mine[x];
		m[at] = m[--s->size[from]];
		if (s->size[from] == 0)
			s->S[from] = s->F[from] = 0.0;	/* no rounding left behind */
		s->total += WorthOf(s, from);
		s->changed[from] = ++s->tick;
		MarkDirty(s, from);
	}
	if (s->tracking)
		Enqueue(s, x);
	s->who[x] = to;
	s->inner[x] = 0.0;
	s->mine[x] = 0.0;
	if (to >= 0)
	{
		int32_t    *m = &s->mem[(size_t) to * s->width];

		s->total -= WorthOf(s, to);
		for (k = 0; k < s->size[to]; k++)
		{
			double		f = Fit(s, x, m[k], &ok);

			s->inner[m[k]] += f;
			s->inner[x] += f;
		}
		s->F[to] += s->inner[x];
		(void) Score(s, x, to, &s->mine[x]);
		s->S[to] += s->mine[x];
		m[s->size[to]++] = x;
		s->total += WorthOf(s, to);
		s->changed[to] = ++s->tick;
		MarkDirty(s, to);
	}
	s->moves++;
}

/* Undoes the log back to mark. */
static void
Undo(State *s, int32_t mark)
{
	bool		logging = s->logging;

	s->logging = false;
	while (s->nundo > mark)
	{
		s->nundo--;
		Place(s, s->undo_who[s->nundo], s->undo_from[s->nundo]);
	}
	s->logging = logging;
}

/* ---------------------------------------------------------------------
 * Moves of one mentee
 * ---------------------------------------------------------------------
 */

/* Whether nothing x's moves read changed since x was found without one. */
static bool
Unchanged(const State *s, int32_t x)
{
	const MentorCircleProblem *p = s->p;
	int64_t		e;

	if (s->looked[x] < 0 || (s->who[x] >= 0 && s->changed[s->who[x]] > s->looked[x]))
		return false;
	for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
		if (s->changed[p->col[e]] > s->looked[x])
			return false;
	return true;
}

/*
 * The best move of mentee x, applied when it gains: leave its circle,
 * join or move to a candidate's circle, or swap with a member of one.
 * Returns whether it moved.
 */
static bool
ImproveOne(State *s, int32_t x)
{
	const MentorCircleProblem *p = s->p;
	int32_t		a = s->who[x],
				best_to = -2,
				best_with = -1;
	double		best = MC_EPSILON,
				sa = s->mine[x],
				gxa = s->inner[x],
				worth_a = a >= 0 ? WorthOf(s, a) : 0.0,
				leave = 0.0,
				fx[64];
	bool		can_leave = true,
				okx[64];
	int64_t		e;

	if (Unchanged(s, x))
		return false;
	if (a >= 0)
	{
		can_leave = SizeFits(s, a, s->size[a] - 1);
		leave = Worth(s, s->size[a] - 1, s->S[a] - sa, s->F[a] - gxa) - worth_a;
		if (can_leave && leave > best)
		{
			best = leave;
			best_to = -1;
		}
	}
	for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
	{
		int32_t		b = p->col[e],
					size = s->size[b],
					bad = 0,
					k;
		const int32_t *m = &s->mem[(size_t) b * s->width];
		double		sb = p->score[e],
					here = WorthOf(s, b),
					sum = 0.0;

		if (b == a || p->cap[b] < p->min_size || size > 64)
			continue;
		for (k = 0; k < size; k++)
		{
			fx[k] = Fit(s, x, m[k], &okx[k]);
			sum += fx[k];
			bad += !okx[k];
		}
		/* join b */
		if (can_leave && bad == 0 && SizeFits(s, b, size + 1))
		{
			double		gain = leave + Worth(s, size + 1, s->S[b] + sb, s->F[b] + sum) - here;

			if (gain > best)
			{
				best = gain;
				best_to = b;
				best_with = -1;
			}
		}
		/* swap with a member y of b */
		for (k = 0; k < size; k++)
		{
			int32_t		y = m[k];
			double		sy_a = 0.0,
						gain,
						gya;
			bool		ok;

			if (bad - !okx[k] > 0)
				continue;
			gain = Worth(s, size, s->S[b] - s->mine[y] + sb,
						 s->F[b] - s->inner[y] + sum - fx[k]) - here;
			if (a >= 0)
			{
				double		most;

				if (!Score(s, y, a, &sy_a))
					continue;
				/* y's fits in a at their best first: most are not worth it */
				most = Worth(s, s->size[a], s->S[a] - sa + sy_a,
							 s->F[a] - gxa + (s->size[a] - 1) * s->best_fit[y]) - worth_a;
				if (gain + most <= best)
					continue;
				gya = Against(s, y, a, x, &ok);
				if (!ok)
					continue;
				gain += Worth(s, s->size[a], s->S[a] - sa + sy_a, s->F[a] - gxa + gya) - worth_a;
			}
			if (gain > best)
			{
				best = gain;
				best_to = b;
				best_with = y;
			}
		}
	}
	if (best_to == -2)
	{
		s->looked[x] = s->tick;
		return false;
	}
	if (best_with >= 0)
	{
		Place(s, best_with, -1);
		Place(s, x, best_to);
		if (a >= 0)
			Place(s, best_with, a);
	}
	else
		Place(s, x, best_to);
	return true;
}

/* Local search: every mentee's best move, again until none gains. */
static void
LocalSearch(State *s)
{
	int32_t		pass,
				x;
	bool		moved = true;

	for (pass = 0; moved && pass < 50; pass++)
	{
		moved = false;
		for (x = 0; x < s->n; x = core_next_row(x))
			moved |= ImproveOne(s, x);
	}
}

/*
 * The local search where circles changed (while tracking): the mentees
 * that moved and the members of each changed circle look for a move, until
 * none gains (or 50 n looks).
 */
static void
LocalSearchDirty(State *s)
{
	int64_t		looks = 0;
	int32_t		k;

	for (;;)
	{
		int32_t		x;

		while (s->ndirty > 0)
		{
			int32_t		j = s->dirty_list[--s->ndirty];

			s->dirty[j] = false;
			for (k = 0; k < s->size[j]; k++)
				Enqueue(s, s->mem[(size_t) j * s->width + k]);
		}
		if (s->qlen == 0 || looks++ > (int64_t) 50 * s->n)
			break;
		x = s->queue[s->qhead];
		s->qhead = (s->qhead + 1) % s->n;
		s->qlen--;
		s->queued[x] = false;
		if ((looks & 1023) == 0)
			core_check_interrupts();
		(void) ImproveOne(s, x);
	}
	while (s->qlen > 0)
	{
		s->queued[s->queue[s->qhead]] = false;
		s->qhead = (s->qhead + 1) % s->n;
		s->qlen--;
	}
	while (s->ndirty > 0)
		s->dirty[s->dirty_list[--s->ndirty]] = false;
}

/* ---------------------------------------------------------------------
 * Opening and closing circles
 * ---------------------------------------------------------------------
 */

/*
 * What mentee x's leaving its circle gains (negative: costs), or false
 * when it may not leave.
 */
static bool
LeaveGain(State *s, int32_t x, double *gain)
{
	int32_t		a = s->who[x];

	if (a < 0)
	{
		*gain = 0.0;
		return true;
	}
	if (!SizeFits(s, a, s->size[a] - 1))
		return false;
	*gain = Worth(s, s->size[a] - 1, s->S[a] - s->mine[x], s->F[a] - s->inner[x]) -
		WorthOf(s, a);
	return true;
}

/*
 * Mentor j, without a circle, takes mentees one by one, each time the one
 * adding most (its score, what leaving its circle gains, cohesion times
 * its mean fit with those taken), at most one from any other circle; kept
 * when the whole gains.
 */
static bool
OpenCircle(State *s, int32_t j, bool force)
{
	const MentorCircleProblem *p = s->p;
	int32_t		mark = s->nundo,
				taken = 0;
	double		before = s->total;

	s->now++;
	while (taken < p->cap[j])
	{
		int32_t		pick = -1;
		double		pick_value = -INFINITY;
		int64_t		e;

		for (e = s->col_start[j]; e < s->col_start[j + 1]; e++)
		{
			int32_t		x = s->col_row[e];
			double		sx,
						leave,
						value;
			bool		ok;

			if (s->who[x] == j ||
				(s->who[x] >= 0 && s->stamp[s->who[x]] == s->now) ||
				!LeaveGain(s, x, &leave))
				continue;
			value = Against(s, x, j, -1, &ok);
			if (!ok)
				continue;
			(void) Score(s, x, j, &sx);
			value = sx + leave + p->cohesion * (taken > 0 ? value / taken : 0.0);
			if (value > pick_value)
			{
				pick_value = value;
				pick = x;
			}
		}
		if (pick < 0 || (taken >= p->min_size && pick_value <= MC_EPSILON))
			break;
		if (s->who[pick] >= 0)
			s->stamp[s->who[pick]] = s->now;
		Place(s, pick, j);
		taken++;
	}
	if (taken >= p->min_size && (force || s->total > before + MC_EPSILON))
		return true;
	Undo(s, mark);
	return false;
}

/*
 * The best circle with room for mentee x (in no circle) that it may join:
 * the mentor, or -1 when joining none gains.
 */
static int32_t
BestJoin(State *s, int32_t x, double *gain_out)
{
	const MentorCircleProblem *p = s->p;
	int32_t		best_to = -1;
	double		best = MC_EPSILON;
	int64_t		e;

	for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
	{
		int32_t		b = p->col[e];
		bool		ok;
		double		g,
					gain;

		if (s->size[b] == 0 && p->min_size > 1)
			continue;
		if (!SizeFits(s, b, s->size[b] + 1))
			continue;
		g = Against(s, x, b, -1, &ok);
		if (!ok)
			continue;
		gain = Worth(s, s->size[b] + 1, s->S[b] + p->score[e], s->F[b] + g) - WorthOf(s, b);
		if (gain > best)
		{
			best = gain;
			best_to = b;
		}
	}
	if (gain_out)
		*gain_out = best;
	return best_to;
}

/*
 * Whether every one of the count members may join mentor b's circle
 * whole: each has b as a candidate, may be with b's members, and the
 * circle has room.
 */
static bool
CanMerge(State *s, const int32_t *members, int32_t count, int32_t b)
{
	const MentorCircleProblem *p = s->p;
	int32_t		k;
	double		score;
	bool		ok;

	if (s->size[b] + count > p->cap[b] || s->size[b] + count < p->min_size)
		return false;
	for (k = 0; k < count; k++)
	{
		if (!Score(s, members[k], b, &score))
			return false;
		(void) Against(s, members[k], b, -1, &ok);
		if (!ok)
			return false;
	}
	return true;
}

/*
 * Closes mentor j's circle, kept when the total gains: its members move
 * whole to another mentor (its circle, or one it has none), the best such
 * move, or else each joins the best other circle with room, or none.
 */
static bool
CloseCircle(State *s, int32_t j)
{
	const MentorCircleProblem *p = s->p;
	int32_t		mark = s->nundo,
				members[64],
				count = 0,
				best_to = -1,
				k;
	double		before = s->total,
				best = before + MC_EPSILON;
	int64_t		e;

	if (s->size[j] == 0 || s->size[j] > 64)
		return false;
	memcpy(members, &s->mem[(size_t) j * s->width], sizeof(int32_t) * s->size[j]);
	count = s->size[j];
	/* the whole circle to another mentor: one of the first member's */
	for (e = p->row_start[members[0]]; e < p->row_start[members[0] + 1]; e++)
	{
		int32_t		b = p->col[e];

		if (b == j || !CanMerge(s, members, count, b))
			continue;
		for (k = 0; k < count; k++)
			Place(s, members[k], b);
		if (s->total > best)
		{
			best = s->total;
			best_to = b;
		}
		Undo(s, mark);
	}
	if (best_to >= 0)
	{
		for (k = 0; k < count; k++)
			Place(s, members[k], best_to);
		return true;
	}
	for (k = 0; k < count; k++)
		Place(s, members[k], -1);
	for (k = 0; k < count; k++)
	{
		int32_t		b = BestJoin(s, members[k], NULL);

		if (b >= 0 && b != j)
			Place(s, members[k], b);
	}
	if (s->total > before + MC_EPSILON)
		return true;
	Undo(s, mark);
	return false;
}

/* Unmatched mentees join the best circle with room, while one gains. */
static void
JoinUnmatched(State *s)
{
	int32_t		x;

	for (x = 0; x < s->n; x = core_next_row(x))
		if (s->who[x] < 0)
		{
			int32_t		b = BestJoin(s, x, NULL);

			if (b >= 0)
				Place(s, x, b);
		}
}

/* Rounds of local search, opening and closing, until none gains. */
static int32_t
Search(State *s)
{
	int32_t		round,
				j;
	bool		better = true;

	for (round = 0; better && round < 30; round++)
	{
		double		before = s->total;

		LocalSearch(s);
		s->logging = true;
		for (j = 0; j < s->m; j = core_next_row(j))
		{
			s->nundo = 0;
			if (s->size[j] == 0 && s->p->cap[j] >= s->p->min_size)
				(void) OpenCircle(s, j, false);
		}
		LocalSearch(s);
		for (j = 0; j < s->m; j = core_next_row(j))
		{
			s->nundo = 0;
			if (s->size[j] > 0)
				(void) CloseCircle(s, j);
		}
		s->logging = false;
		s->nundo = 0;
		better = s->total > before + MC_EPSILON * (1.0 + fabs(before));
	}
	LocalSearch(s);
	return round;
}

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
			Place(s, x, -1);
		}
	for (x = 0; x < n; x++)
		Place(s, moved[x], snap[moved[x]]);
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
	int32_t		members[64],
				count = s->size[j],
				tries = 0,
				tried,
				k;
	int64_t		e;

	if (count == 0 || count > 64)
		return;
	memcpy(members, &s->mem[(size_t) j * s->width], sizeof(int32_t) * count);
	for (k = 0; k < count; k++)
		Place(s, members[k], -1);
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
			(void) OpenCircle(s, b, false);
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
static int32_t
Kick(State *s, int32_t rounds)
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
			(void) OpenCircle(s, (j + t) % s->m, true);
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
			(void) Against(s, x, b, y, &ok);
			if (!ok)
				continue;
			(void) Against(s, y, a, x, &ok);
			if (!ok)
				continue;
			Place(s, y, -1);
			Place(s, x, b);
			Place(s, y, a);
		}
		LocalSearchDirty(s);
		s->tracking = false;
		if (s->total > before + MC_EPSILON * (1.0 + fabs(before)))
			kept++;
		else
			Restore(s, snap, moved);
	}
	s->tracking = false;
	return kept;
}

/* ---------------------------------------------------------------------
 * The start: pairs first, grouped afterwards
 * ---------------------------------------------------------------------
 */
static void
PairsFirst(State *s, const int32_t *pairs)
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
			Place(s, x, pairs[x]);
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
			Place(s, worst, -1);
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
				(void) Against(s, y, j, -1, &ok);
				(void) Score(s, y, j, &sy);
				if (ok && sy > pick_score)
				{
					pick = y;
					pick_score = sy;
				}
			}
			if (pick < 0)
				break;
			Place(s, pick, j);
		}
		while (s->size[j] > 0 && s->size[j] < p->min_size)
			Place(s, m[0], -1);
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
static double
Bound(State *s)
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

/* ---------------------------------------------------------------------
 * The exact solve
 * ---------------------------------------------------------------------
 */
typedef struct Exact
{
	State	   *s;
	int32_t    *best;
	double		best_total;
	double	   *rest;			/* rest[i]: the most mentees i .. add */
	int64_t		nodes;
} Exact;

static void
ExactPlace(Exact *ex, int32_t i, double placed)
{
	State	   *s = ex->s;
	const MentorCircleProblem *p = s->p;
	int32_t		deficit = 0,
				j;
	int64_t		e;

	if ((++ex->nodes & 0x3FFF) == 0)
		core_check_interrupts();
	for (j = 0; j < s->m; j++)
		if (s->size[j] > 0 && s->size[j] < p->min_size)
			deficit += p->min_size - s->size[j];
	if (deficit > s->n - i)
		return;
	if (i == s->n)
	{
		if (s->total > ex->best_total + MC_EPSILON)
		{
			ex->best_total = s->total;
			memcpy(ex->best, s->who, sizeof(int32_t) * s->n);
		}
		return;
	}
	if (placed + ex->rest[i] <= ex->best_total + MC_EPSILON)
		return;
	/* in no circle */
	ExactPlace(ex, i + 1, placed);
	for (e = p->row_start[i]; e < p->row_start[i + 1]; e++)
	{
		bool		ok;

		j = p->col[e];
		if (s->size[j] >= p->cap[j])
			continue;
		(void) Against(s, i, j, -1, &ok);
		if (!ok)
			continue;
		Place(s, i, j);
		ExactPlace(ex, i + 1, placed + s->most[i]);
		Place(s, i, -1);
	}
}

/* Whether every assignment is at most MC_EXACT_LEAVES. */
static bool
Small(const MentorCircleProblem *p)
{
	double		leaves = 1.0;
	int32_t		x;

	for (x = 0; x < p->nmentees; x++)
	{
		leaves *= (double) (p->row_start[x + 1] - p->row_start[x] + 1);
		if (leaves > MC_EXACT_LEAVES)
			return false;
	}
	return true;
}

static void
SolveExactly(State *s, MentorCircleSolution *out)
{
	Exact		ex;
	int32_t		x;

	ex.s = s;
	ex.best = out->mentor;
	ex.best_total = 0.0;
	ex.nodes = 0;
	ex.rest = core_alloc_array(s->n + 1, sizeof(double));
	ex.rest[s->n] = 0.0;
	for (x = s->n - 1; x >= 0; x--)
		ex.rest[x] = ex.rest[x + 1] + s->most[x];
	for (x = 0; x < s->n; x++)
		out->mentor[x] = -1;
	ex.best_total = -1.0;
	ExactPlace(&ex, 0, 0.0);
	for (x = 0; x < s->n; x++)
		Place(s, x, out->mentor[x]);
}

/* The total of the circles, from the problem afresh. */
static double
Measure(State *s)
{
	const MentorCircleProblem *p = s->p;
	double		total = 0.0;
	int32_t		j,
				k,
				l;

	for (j = 0; j < s->m; j = core_next_row(j))
	{
		const int32_t *m = &s->mem[(size_t) j * s->width];
		double		S = 0.0,
					F = 0.0,
					score;

		for (k = 0; k < s->size[j]; k++)
		{
			(void) Score(s, m[k], j, &score);
			S += score;
			for (l = k + 1; l < s->size[j]; l++)
				F += p->fit(p->arg, m[k], m[l]);
		}
		total += Worth(s, s->size[j], S, F);
	}
	return total;
}

/* Solves p, exactly when exact (and small enough: Small). */
static void
Solve(const MentorCircleProblem *p, MentorCircleSolution *out, bool exact)
{
	State		s;
	int32_t		n = p->nmentees,
				m = p->nmentors,
				x,
				j;
	int64_t		e,
				nedges = p->row_start[n];

	memset(out, 0, sizeof(MentorCircleSolution));
	memset(&s, 0, sizeof(State));
	s.p = p;
	s.n = n;
	s.m = m;
	s.width = 1;
	for (j = 0; j < m; j++)
		if (p->cap[j] > s.width)
			s.width = p->cap[j];
	out->mentor = core_alloc_array(n, sizeof(int32_t));
	s.who = core_alloc_array(n, sizeof(int32_t));
	for (x = 0; x < n; x++)
		s.who[x] = -1;
	s.size = core_alloc_array(m, sizeof(int32_t));
	s.stamp = core_alloc_array(m, sizeof(int32_t));
	s.S = core_alloc_array(m, sizeof(double));
	s.F = core_alloc_array(m, sizeof(double));
	memset(s.size, 0, sizeof(int32_t) * (m > 0 ? m : 1));
	memset(s.stamp, 0, sizeof(int32_t) * (m > 0 ? m : 1));
	memset(s.S, 0, sizeof(double) * (m > 0 ? m : 1));
	memset(s.F, 0, sizeof(double) * (m > 0 ? m : 1));
	s.mem = core_alloc_array((size_t) m * s.width, sizeof(int32_t));
	s.most = core_alloc_array(n, sizeof(double));
	s.best_fit = core_alloc_array(n, sizeof(double));
	s.inner = core_alloc_array(n, sizeof(double));
	s.mine = core_alloc_array(n, sizeof(double));
	s.looked = core_alloc_array(n, sizeof(int64_t));
	for (x = 0; x < n; x++)
	{
		s.inner[x] = s.mine[x] = 0.0;
		s.looked[x] = -1;
	}
	s.dirty = core_alloc_array(m, sizeof(bool));
	memset(s.dirty, 0, sizeof(bool) * (m > 0 ? m : 1));
	s.dirty_list = core_alloc_array(m, sizeof(int32_t));
	s.queued = core_alloc_array(n, sizeof(bool));
	memset(s.queued, 0, sizeof(bool) * (n > 0 ? n : 1));
	s.queue = core_alloc_array(n, sizeof(int32_t));
	s.changed = core_alloc_array(m, sizeof(int64_t));
	memset(s.changed, 0, sizeof(int64_t) * (m > 0 ? m : 1));
	s.undo_cap = 2 * (n + m) + 64;
	s.undo_who = core_alloc_array(s.undo_cap, sizeof(int32_t));
	s.undo_from = core_alloc_array(s.undo_cap, sizeof(int32_t));

	/* candidates by mentor */
	s.col_start = core_alloc_array(m + 1, sizeof(int64_t));
	s.col_row = core_alloc_array(nedges, sizeof(int32_t));
	memset(s.col_start, 0, sizeof(int64_t) * (m + 1));
	for (e = 0; e < nedges; e++)
		s.col_start[p->col[e] + 1]++;
	for (j = 0; j < m; j++)
		s.col_start[j + 1] += s.col_start[j];
	for (x = 0; x < n; x++)
		for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
			s.col_row[s.col_start[p->col[e]]++] = x;
	for (j = m; j > 0; j--)
		s.col_start[j] = s.col_start[j - 1];
	s.col_start[0] = 0;

	if (DenseBytes(n) > 0)
		s.tri = core_alloc(DenseBytes(n));	/* the bound fills it */
	else
	{
		s.cache_mask = pair_cache_entries(n, MC_CACHE_PER_MENTEE) - 1;
		s.cache = core_alloc_array((size_t) s.cache_mask + 1, sizeof(FitEntry));
		for (e = 0; e <= (int64_t) s.cache_mask; e++)
			s.cache[e].a = -1;
	}
	if (BitsBytes(n, m) > 0)
	{
		s.words = ((size_t) m + 63) / 64;
		s.has = core_alloc(BitsBytes(n, m));
		memset(s.has, 0, BitsBytes(n, m));
		for (x = 0; x < n; x++)
			for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
				s.has[(size_t) x * s.words + p->col[e] / 64] |= (uint64_t) 1 << (p->col[e] % 64);
	}

	out->bound = Bound(&s);
	if (exact)
	{
		SolveExactly(&s, out);
		out->exact = true;
	}
	else
	{
		if (p->pairs_first != NULL)
			PairsFirst(&s, p->pairs_first);
		out->baseline = Measure(&s);
		JoinUnmatched(&s);
		out->start = s.total;
		out->rounds = Search(&s);
		out->kicks = MC_KICKS(n);
		out->kicks_kept = Kick(&s, out->kicks);
	}
	for (x = 0; x < n; x++)
		out->mentor[x] = s.who[x];
	out->total = Measure(&s);
	out->moves = s.moves;
	if (out->exact)
		out->bound = out->baseline = out->start = out->total;
}

void
mentor_circles_solve(const MentorCircleProblem *p, MentorCircleSolution *out)
{
	Solve(p, out, Small(p));
}

void
mentor_circles_search(const MentorCircleProblem *p, MentorCircleSolution *out)
{
	Solve(p, out, false);
}
