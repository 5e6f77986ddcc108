/*
 * mentor_circles.c
 *		Circles led by mentors: the promise, the exact enumeration of small
 *		rounds, and which solve runs (see mentor_circles.h; the search is in
 *		mentor_circles_moves.c, mentor_circles_kick.c and
 *		mentor_circles_start.c).
 */
#include "mentor_circles_internal.h"

size_t
mentor_circles_scratch_bytes(int32_t nmentees, int32_t nmentors,
							 int64_t nedges, int32_t widest, int32_t min_size)
{
	size_t		n = nmentees + 1,
				m = nmentors + 1,
				want = min_size > 1 ? (size_t) min_size - 1 : 1;	/* mc_bound's top */

	if (widest > nmentees)
		widest = nmentees > 0 ? nmentees : 1;	/* Solve's width */

	return n * (6 * sizeof(int32_t) + 8 * sizeof(double) + sizeof(int64_t)) +
		m * (sizeof(int64_t) + 2 * sizeof(int32_t) + sizeof(double) + sizeof(bool)) +
		n * (sizeof(int32_t) + sizeof(bool)) +
		n * want * sizeof(double) +
		m * (4 * sizeof(int32_t) + 2 * sizeof(double) + sizeof(int64_t)) +
		m * (size_t) (widest + 1) * sizeof(int32_t) +
		(size_t) (widest + 1) * (2 * sizeof(int32_t) + sizeof(double) + sizeof(bool)) +
		(size_t) (nedges + 1) * sizeof(int32_t) +
		(DenseBytes(nmentees) > 0 ? DenseBytes(nmentees) :
		 (size_t) pair_cache_entries(nmentees, MC_CACHE_PER_MENTEE) * sizeof(FitEntry)) +
		BitsBytes(nmentees, nmentors) +
		2 * (n + m) * (sizeof(int32_t) + sizeof(double)) + 4096;
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
	const int32_t *order;		/* the mentees with candidates */
	int32_t		count;			/* how many */
	double	   *rest;			/* rest[k]: the most order[k ..] add */
	int32_t		deficit;		/* the members short in circles under
								 * min_size */
	int64_t		nodes;
} Exact;

/* What a circle of size members lacks to have min_size. */
static inline int32_t
Short(const State *s, int32_t size)
{
	return size > 0 && size < s->p->min_size ? s->p->min_size - size : 0;
}

/* Places order[k ..], one level of recursion per mentee with candidates. */
static void
ExactPlace(Exact *ex, int32_t k, double placed)
{
	State	   *s = ex->s;
	const MentorCircleProblem *p = s->p;
	int32_t		i,
				j;
	int64_t		e;

	if ((++ex->nodes & 0x3FFF) == 0)
		core_check_interrupts();
	if (ex->deficit > ex->count - k)
		return;
	if (k == ex->count)
	{
		if (s->total > ex->best_total + MC_EPSILON)
		{
			ex->best_total = s->total;
			memcpy(ex->best, s->who, sizeof(int32_t) * s->n);
		}
		return;
	}
	if (placed + ex->rest[k] <= ex->best_total + MC_EPSILON)
		return;
	i = ex->order[k];
	/* in no circle */
	ExactPlace(ex, k + 1, placed);
	for (e = p->row_start[i]; e < p->row_start[i + 1]; e++)
	{
		bool		ok;
		int32_t		before;

		j = p->col[e];
		if (p->cap[j] < p->min_size || s->size[j] >= p->cap[j])
			continue;
		(void) mc_against(s, i, j, -1, &ok);
		if (!ok)
			continue;
		before = Short(s, s->size[j]);
		mc_place(s, i, j);
		ex->deficit += Short(s, s->size[j]) - before;
		ExactPlace(ex, k + 1, placed + s->most[i]);
		before = Short(s, s->size[j]);
		mc_place(s, i, -1);
		ex->deficit += Short(s, s->size[j]) - before;
	}
}

/* Whether mentee x has a mentor that may lead a circle. */
static bool
HasCandidate(const MentorCircleProblem *p, int32_t x)
{
	int64_t		e;

	for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
		if (p->cap[p->col[e]] >= p->min_size)
			return true;
	return false;
}

/*
 * Whether the exact solve applies: at most MC_EXACT_MENTEES mentees with
 * candidates (the depth of its recursion) and every assignment of them at
 * most MC_EXACT_LEAVES.  Mentees without candidates are in no circle.
 */
static bool
Small(const MentorCircleProblem *p)
{
	double		leaves = 1.0;
	int32_t		x,
				with = 0;

	for (x = 0; x < p->nmentees; x++)
	{
		if (!HasCandidate(p, x))
			continue;
		if (++with > MC_EXACT_MENTEES)
			return false;
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
	int32_t		x,
				k;
	int32_t    *order = core_alloc_array(s->n, sizeof(int32_t));

	ex.s = s;
	ex.best = out->mentor;
	ex.nodes = 0;
	ex.deficit = 0;
	ex.count = 0;
	for (x = 0; x < s->n; x++)
		if (HasCandidate(s->p, x))
			order[ex.count++] = x;
	ex.order = order;
	ex.rest = core_alloc_array(ex.count + 1, sizeof(double));
	ex.rest[ex.count] = 0.0;
	for (k = ex.count - 1; k >= 0; k--)
		ex.rest[k] = ex.rest[k + 1] + s->most[order[k]];
	for (x = 0; x < s->n; x++)
		out->mentor[x] = -1;
	ex.best_total = -1.0;
	ExactPlace(&ex, 0, 0.0);
	for (x = 0; x < s->n; x++)
		mc_place(s, x, out->mentor[x]);
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
		core_add_work(&s->work, (int64_t) s->size[j] * s->size[j]);
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
	if (s.width > n)
		s.width = n > 0 ? n : 1;	/* no circle has more than n members */
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
	s.fx = core_alloc_array(s.width, sizeof(double));
	s.okx = core_alloc_array(s.width, sizeof(bool));
	s.members = core_alloc_array(s.width, sizeof(int32_t));
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

	out->bound = mc_bound(&s);
	if (exact)
	{
		SolveExactly(&s, out);
		out->exact = true;
	}
	else
	{
		if (p->pairs_first != NULL)
			mc_pairs_first(&s, p->pairs_first);
		out->baseline = Measure(&s);
		mc_join_unmatched(&s);
		out->start = s.total;
		out->rounds = mc_search(&s);
		out->kicks = MC_KICKS(n);
		out->kicks_kept = mc_kick(&s, out->kicks);
	}
	for (x = 0; x < n; x++)
		out->mentor[x] = s.who[x];
	out->total = Measure(&s);
	out->moves = s.moves;
	if (out->exact)
		out->bound = out->baseline = out->start = out->total;
}

/*
 * Whether no circle can form: fewer mentees than min_size, or none with a
 * mentor that may lead one.  Then everyone is in no circle, at once.
 */
static bool
NoCircle(const MentorCircleProblem *p, MentorCircleSolution *out)
{
	int32_t		x;

	if (p->min_size <= p->nmentees)
		for (x = 0; x < p->nmentees; x++)
			if (HasCandidate(p, x))
				return false;
	memset(out, 0, sizeof(MentorCircleSolution));
	out->mentor = core_alloc_array(p->nmentees, sizeof(int32_t));
	for (x = 0; x < p->nmentees; x++)
		out->mentor[x] = -1;
	out->exact = true;
	return true;
}

void
mentor_circles_solve(const MentorCircleProblem *p, MentorCircleSolution *out)
{
	if (!NoCircle(p, out))
		Solve(p, out, Small(p));
}

void
mentor_circles_search(const MentorCircleProblem *p, MentorCircleSolution *out)
{
	if (!NoCircle(p, out))
		Solve(p, out, false);
}
