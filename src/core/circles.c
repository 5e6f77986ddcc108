/*
 * circles.c
 *		The circles' sizes, the exact solve of small problems, and which
 *		solve runs (see circles.h).
 */
#include <string.h>

#include "circles.h"
#include "circles_internal.h"
#include "core.h"

void
circle_sizes(int32_t n, int32_t size, CircleSizes *out)
{
	int64_t		fewer = n / size,
				more = fewer + 1,
				k;

	/* |n / k - size| = |n - size k| / k: compare without division */
	if (fewer < 1)
		k = 1;
	else
	{
		int64_t		off_fewer = n - (int64_t) size * fewer;	/* >= 0 */
		int64_t		off_more = (int64_t) size * more - n;	/* > 0 */

		k = off_fewer * more <= off_more * fewer ? fewer : more;
	}
	if (k > n / 2)
		k = n / 2;
	if (k < 1)
		k = 1;
	out->ncircles = (int32_t) k;
	out->small = (int32_t) (n / k);
	out->nlarge = (int32_t) (n % k);
}

/* Whether the problem is solved exactly. */
static bool
SolvedExactly(int32_t n, const CircleSizes *s)
{
	return n <= CIRCLES_EXACT_MAX || s->ncircles == 1;
}

/* The exact solve's arrays: the matrices, then six arrays of n. */
static size_t
ExactBytes(int32_t n)
{
	size_t		nn = (size_t) n * n;

	return nn * (sizeof(double) + sizeof(bool)) +
		(size_t) n * (2 * sizeof(int32_t) + 2 * sizeof(double)) +
		sizeof(double);
}

size_t
circles_scratch_bytes(int32_t n, int32_t size)
{
	CircleSizes s;

	size_t		common;

	if (n < 2)
		return 0;
	circle_sizes(n, size, &s);
	/* the answer, and Measure's arrays */
	common = (size_t) (2 * n + s.ncircles + 1) * sizeof(int32_t);
	if (s.ncircles == 1)
		return common;
	if (SolvedExactly(n, &s))
		return common + ExactBytes(n);
	return common + circles_search_bytes(n, &s);
}

/* ---------------------------------------------------------------------
 * The exact solve: every partition into the sizes, pruned by a bound
 * ---------------------------------------------------------------------
 */
typedef struct Exact
{
	int32_t		n;
	CircleSizes s;
	const double *w;			/* n x n fits */
	const bool *ok;				/* n x n: may share a circle */
	const double *rest;			/* rest[i]: no more than this is added by
								 * people i .. n - 1 */
	int32_t    *count;			/* per circle opened */
	int32_t		open;			/* circles opened */
	int32_t		large;			/* circles at q + 1 */
	int32_t		deficit;		/* places still needed to bring every
								 * circle to q */
	int32_t    *cur;			/* per person placed: its circle */
	int32_t    *best;
	bool		found;
	double		best_total;
	int64_t		nodes;
} Exact;

/* Places person i and the rest after it, total the fit so far. */
static void
ExactPlace(Exact *e, int32_t i, double total)
{
	int32_t		q = e->s.small,
				c,
				j;

	if (i == e->n)
	{
		if (!e->found || total > e->best_total)
		{
			memcpy(e->best, e->cur, sizeof(int32_t) * e->n);
			e->best_total = total;
			e->found = true;
		}
		return;
	}
	if (e->found && total + e->rest[i] <= e->best_total)
		return;
	if ((++e->nodes & 0x3FFF) == 0)
		core_check_interrupts();
	for (c = 0; c <= e->open && c < e->s.ncircles; c++)
	{
		int32_t		size = c < e->open ? e->count[c] : 0;
		bool		grows_large = size == q;
		bool		fills = size < q;
		double		gain = 0.0;
		bool		allowed = true;

		if (size == q + 1 || (grows_large && e->large == e->s.nlarge))
			continue;
		/* the people after i must bring every circle up to q */
		if (e->deficit - (fills ? 1 : 0) > e->n - i - 1)
			continue;
		for (j = 0; j < i && allowed; j++)
			if (e->cur[j] == c)
			{
				allowed = e->ok[(size_t) i * e->n + j];
				gain += e->w[(size_t) i * e->n + j];
			}
		if (!allowed)
			continue;
		e->cur[i] = c;
		if (c == e->open)
		{
			e->count[c] = 0;
			e->open++;
		}
		e->count[c]++;
		e->large += grows_large;
		e->deficit -= fills;
		ExactPlace(e, i + 1, total + gain);
		e->deficit += fills;
		e->large -= grows_large;
		if (--e->count[c] == 0)
			e->open--;
	}
}

/* The fits and rules of every pair, and the optimum by enumeration. */
static void
SolveExactly(const CircleProblem *p, CircleSolution *out)
{
	int32_t		n = p->n,
				q = circle_largest(&out->sizes) - 1,
				a,
				b,
				t;
	double	   *w = core_alloc_array((size_t) n * n, sizeof(double));
	bool	   *ok = core_alloc_array((size_t) n * n, sizeof(bool));
	double	   *top = core_alloc_array(n, sizeof(double));
	double	   *rest = core_alloc_array(n + 1, sizeof(double));
	Exact		e;

	for (a = 0; a < n; a++)
	{
		w[(size_t) a * n + a] = 0.0;
		ok[(size_t) a * n + a] = true;
		for (b = a + 1; b < n; b++)
		{
			double		f = p->fit(p->arg, a, b);
			bool		allowed = p->allowed == NULL || p->allowed(p->arg, a, b);

			w[(size_t) a * n + b] = w[(size_t) b * n + a] = f;
			ok[(size_t) a * n + b] = ok[(size_t) b * n + a] = allowed;
		}
	}

	/* person a adds its fits with at most q earlier circle mates */
	for (a = 0; a < n; a++)
	{
		double	   *row = rest;		/* scratch until rest is filled */
		int32_t		m = 0;

		for (b = 0; b < n; b++)
			if (b != a && ok[(size_t) a * n + b])
			{
				/* insertion, highest first */
				for (t = m++; t > 0 && row[t - 1] < w[(size_t) a * n + b]; t--)
					row[t] = row[t - 1];
				row[t] = w[(size_t) a * n + b];
			}
		top[a] = 0.0;
		for (t = 0; t < q && t < m; t++)
			top[a] += row[t];
	}
	rest[n] = 0.0;
	for (a = n - 1; a >= 0; a--)
		rest[a] = rest[a + 1] + top[a];

	memset(&e, 0, sizeof(e));
	e.n = n;
	e.s = out->sizes;
	e.w = w;
	e.ok = ok;
	e.rest = rest;
	e.count = core_alloc_array(n, sizeof(int32_t));
	e.cur = core_alloc_array(n, sizeof(int32_t));
	e.best = out->circle;
	e.deficit = e.s.ncircles * e.s.small;
	for (a = 0; a < n && out->lonely < 0; a++)
	{
		int32_t		partners = 0;

		for (b = 0; b < n; b++)
			partners += b != a && ok[(size_t) a * n + b];
		if (partners < out->sizes.small - 1)
		{
			out->lonely = a;
			out->lonely_partners = partners;
		}
	}
	ExactPlace(&e, 0, 0.0);
	out->exact = true;
	if (!e.found)
	{
		/* no partition keeps every rule: any partition, said broken */
		for (a = 0; a < n; a++)
			out->circle[a] = a % out->sizes.ncircles;
	}
}

/*
 * The total and the broken pairs of out's circles, from p afresh, circle
 * by circle.
 */
static void
Measure(const CircleProblem *p, CircleSolution *out)
{
	int32_t		n = p->n,
				k = out->sizes.ncircles,
				a,
				b,
				c;
	int64_t		pairs = 0;
	int32_t    *start = core_alloc_array(k + 1, sizeof(int32_t));
	int32_t    *member = core_alloc_array(n, sizeof(int32_t));

	memset(start, 0, sizeof(int32_t) * (k + 1));
	for (a = 0; a < n; a++)
		start[out->circle[a] + 1]++;
	for (c = 0; c < k; c++)
		start[c + 1] += start[c];
	for (a = 0; a < n; a++)
		member[start[out->circle[a]]++] = a;
	for (c = k; c > 0; c--)
		start[c] = start[c - 1];
	start[0] = 0;
	out->total = 0.0;
	out->broken = 0;
	for (c = 0; c < k; c++)
		for (a = start[c]; a < start[c + 1]; a++)
			for (b = a + 1; b < start[c + 1]; b++)
			{
				pairs = core_next_edge(pairs);	/* a circle can be large */
				out->total += p->fit(p->arg, member[a], member[b]);
				if (p->allowed != NULL && !p->allowed(p->arg, member[a], member[b]))
					out->broken++;
			}
}

void
circles_solve(const CircleProblem *p, CircleSolution *out)
{
	int32_t		n = p->n;

	memset(out, 0, sizeof(CircleSolution));
	out->lonely = -1;
	circle_sizes(n, p->size, &out->sizes);
	out->circle = core_alloc_array(n, sizeof(int32_t));
	if (out->sizes.ncircles == 1)
	{
		memset(out->circle, 0, sizeof(int32_t) * n);
		out->exact = true;
	}
	else if (SolvedExactly(n, &out->sizes))
		SolveExactly(p, out);
	else
		circles_search(p, out);
	Measure(p, out);
	if (out->exact)
	{
		out->bound = out->halved_bound = out->baseline = out->start = out->total;
		out->baseline_broken = out->broken;
	}
}
