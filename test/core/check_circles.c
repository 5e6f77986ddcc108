/*
 * check_circles.c
 *		circles_solve and circles_search (core/circles.h) against brute
 *		force over every partition, and the search's bounds, starts and
 *		promises on larger problems.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "circles.h"
#include "host.h"

/* A problem: a symmetric fit matrix and which pairs may share a circle. */
typedef struct Peers
{
	int32_t		n;
	double	   *w;
	bool	   *ok;
	bool		rules;			/* some pair may not */
} Peers;

static double
PeersFit(void *arg, int32_t a, int32_t b)
{
	Peers	   *p = arg;

	return p->w[(size_t) a * p->n + b];
}

static bool
PeersAllowed(void *arg, int32_t a, int32_t b)
{
	Peers	   *p = arg;

	return p->ok[(size_t) a * p->n + b];
}

/*
 * A random problem: style 0 uniform fits, 1 few distinct values (ties),
 * 2 clusters (people of one cluster fit well), 3 zeros and ones; forbid
 * the share of pairs not allowed.
 */
static void
MakePeers(Peers *p, int32_t n, int style, double forbid)
{
	int32_t		a,
				b,
				clusters = RandInt(2, 6);
	int32_t    *cluster = Xalloc(sizeof(int32_t) * n);

	p->n = n;
	p->w = Xalloc(sizeof(double) * n * n);
	p->ok = Xalloc(sizeof(bool) * n * n);
	p->rules = forbid > 0.0;
	for (a = 0; a < n; a++)
		cluster[a] = RandInt(0, clusters - 1);
	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++)
		{
			double		f;

			switch (style)
			{
				case 0:
					f = RandUnit();
					break;
				case 1:
					f = RandInt(0, 4) / 4.0;
					break;
				case 2:
					f = (cluster[a] == cluster[b] ? 0.6 : 0.0) + 0.4 * RandUnit();
					break;
				default:
					f = RandInt(0, 1);
					break;
			}
			p->w[(size_t) a * n + b] = p->w[(size_t) b * n + a] = f;
			p->ok[(size_t) a * n + b] = p->ok[(size_t) b * n + a] = RandUnit() >= forbid;
		}
	free(cluster);
}

static void
FreePeers(Peers *p)
{
	free(p->w);
	free(p->ok);
}

static CircleProblem
AsProblem(Peers *p, int32_t size)
{
	CircleProblem cp;

	cp.n = p->n;
	cp.size = size;
	cp.fit = PeersFit;
	cp.allowed = p->rules ? PeersAllowed : NULL;
	cp.arg = p;
	return cp;
}

/* ---------------------------------------------------------------------
 * CircleBrute force: every partition into the sizes, by restricted growth
 * ---------------------------------------------------------------------
 */
typedef struct CircleBrute
{
	const Peers *p;
	CircleSizes s;
	int32_t    *cur;
	int32_t    *count;
	bool		found;
	double		best;
	int64_t		partitions;
} CircleBrute;

static void
CircleBruteRec(CircleBrute *b, int32_t i, int32_t open)
{
	int32_t		c,
				j;

	if (i == b->p->n)
	{
		int32_t		large = 0;
		double		total = 0.0;

		if (open != b->s.ncircles)
			return;
		for (c = 0; c < open; c++)
		{
			if (b->count[c] == b->s.small + 1)
				large++;
			else if (b->count[c] != b->s.small)
				return;
		}
		if (large != b->s.nlarge)
			return;
		b->partitions++;
		for (c = 0; c < b->p->n; c++)
			for (j = c + 1; j < b->p->n; j++)
				if (b->cur[c] == b->cur[j])
				{
					if (!b->p->ok[(size_t) c * b->p->n + j])
						return;
					total += b->p->w[(size_t) c * b->p->n + j];
				}
		if (!b->found || total > b->best)
			b->best = total;
		b->found = true;
		return;
	}
	for (c = 0; c <= open && c < b->s.ncircles; c++)
	{
		if (c < open && b->count[c] > b->s.small)
			continue;
		b->cur[i] = c;
		if (c == open)
			b->count[c] = 0;
		b->count[c]++;
		CircleBruteRec(b, i + 1, c == open ? open + 1 : open);
		b->count[c]--;
	}
}

/* Whether sol is a partition into sol->sizes, with its total and broken true. */
static bool
ValidCircles(const Peers *p, const CircleSolution *sol, double *total,
			 int64_t *broken)
{
	int32_t    *count = Xalloc(sizeof(int32_t) * (sol->sizes.ncircles + 1));
	int32_t		a,
				b,
				large = 0;
	bool		valid = true;

	*total = 0.0;
	*broken = 0;
	for (a = 0; a < p->n; a++)
	{
		if (sol->circle[a] < 0 || sol->circle[a] >= sol->sizes.ncircles)
			valid = false;
		else
			count[sol->circle[a]]++;
	}
	for (a = 0; valid && a < sol->sizes.ncircles; a++)
	{
		if (count[a] == sol->sizes.small + 1)
			large++;
		else if (count[a] != sol->sizes.small)
			valid = false;
	}
	valid = valid && large == sol->sizes.nlarge;
	for (a = 0; valid && a < p->n; a++)
		for (b = a + 1; b < p->n; b++)
			if (sol->circle[a] == sol->circle[b])
			{
				*total += p->w[(size_t) a * p->n + b];
				*broken += !p->ok[(size_t) a * p->n + b];
			}
	free(count);
	return valid;
}

/* The sizes: k nearest n / size, never a circle under 2. */
static void
CheckSizes(void)
{
	CircleSizes s;
	int32_t		n,
				size;

	for (n = 2; n <= 200; n++)
		for (size = 2; size <= 30; size++)
		{
			int32_t		k;
			double		off;

			circle_sizes(n, size, &s);
			Check(s.ncircles >= 1 && s.small >= 2 &&
				  s.ncircles * s.small + s.nlarge == n &&
				  s.nlarge < s.ncircles,
				  "sizes of %d by %d: k %d, q %d, large %d", n, size,
				  s.ncircles, s.small, s.nlarge);
			/* no k nearer, within the cap of n / 2 circles */
			off = fabs((double) n / s.ncircles - size);
			for (k = 1; k <= n / 2; k++)
				Check(fabs((double) n / k - size) >= off - 1e-12 ||
					  (k != n / size && k != n / size + 1),
					  "sizes of %d by %d: %d circles are nearer than %d", n,
					  size, k, s.ncircles);
		}
	circle_sizes(7, 5, &s);
	Check(s.ncircles == 2 && s.small == 3 && s.nlarge == 1, "7 by 5: 4 + 3");
	circle_sizes(12, 5, &s);
	Check(s.ncircles == 2 && s.small == 6 && s.nlarge == 0, "12 by 5: a tie of 6 + 6 and 4 + 4 + 4 takes fewer");
	circle_sizes(13, 5, &s);
	Check(s.ncircles == 3 && s.small == 4 && s.nlarge == 1, "13 by 5: 5 + 4 + 4");
	circle_sizes(3, 2, &s);
	Check(s.ncircles == 1 && s.small == 3, "3 by 2: one circle of 3");
	circle_sizes(10, 4, &s);
	Check(s.ncircles == 3 && s.small == 3 && s.nlarge == 1, "10 by 4: 4 + 3 + 3 (mean 3.3) before 5 + 5");
	circle_sizes(5, 100, &s);
	Check(s.ncircles == 1 && s.small == 5, "5 by 100: one circle");
}

/* Small problems: circles_solve (exact) and circles_search against brute force. */
static void
CheckCirclesBrute(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		Peers		p;
		int32_t		n = RandInt(2, 10),
					size = RandInt(2, 5);
		double		forbid = RandInt(0, 2) == 0 ? 0.0 : RandUnit() * 0.5;
		CircleProblem cp;
		CircleSolution sol;
		CircleBrute		b;
		double		total;
		int64_t		broken;
		size_t		promised;

		MakePeers(&p, n, RandInt(0, 3), forbid);
		cp = AsProblem(&p, size);
		memset(&b, 0, sizeof(b));
		b.p = &p;
		circle_sizes(n, size, &b.s);
		b.cur = Xalloc(sizeof(int32_t) * n);
		b.count = Xalloc(sizeof(int32_t) * (n + 1));
		CircleBruteRec(&b, 0, 0);

		core_host_reset();
		promised = circles_scratch_bytes(n, size);
		circles_solve(&cp, &sol);
		CheckPromise("circles_solve", core_alloc_total, promised, 0);
		Check(ValidCircles(&p, &sol, &total, &broken), "exact n %d size %d: a partition", n, size);
		Check(sol.exact, "n %d: exact", n);
		Check(b.found == (sol.broken == 0), "n %d size %d: feasible %d, broken %lld",
			  n, size, b.found, (long long) sol.broken);
		Check(broken == sol.broken && Near(total, sol.total, 1e-9),
			  "n %d: total %g broken %lld as reported (%g, %lld)", n, total,
			  (long long) broken, sol.total, (long long) sol.broken);
		if (b.found)
			Check(Near(sol.total, b.best, 1e-9), "n %d size %d: exact %.12g, brute %.12g",
				  n, size, sol.total, b.best);

		/* the search of a problem this small: a valid partition, bounds true */
		if (n >= 4 && b.s.ncircles > 1)
		{
			CircleSolution h;

			core_host_reset();
			memset(&h, 0, sizeof(h));
			h.lonely = -1;
			h.sizes = b.s;
			h.circle = core_alloc_array(n, sizeof(int32_t));
			promised = circles_search_bytes(n, &b.s) + n * sizeof(int32_t);
			circles_search(&cp, &h);
			CheckPromise("circles_search", core_alloc_total, promised, 0);
			Check(ValidCircles(&p, &h, &total, &broken), "search n %d size %d: a partition", n, size);
			Check(broken == h.broken && Near(total, h.total, 1e-9),
				  "search n %d: total %g broken %lld as reported (%g, %lld)", n,
				  total, (long long) broken, h.total, (long long) h.broken);
			if (b.found)
			{
				Check(h.bound >= b.best - 1e-9 && h.halved_bound >= h.bound - 1e-12,
					  "search n %d size %d: optimum %.12g, bound %.12g, halved %.12g",
					  n, size, b.best, h.bound, h.halved_bound);
				Check(h.broken > 0 || h.total <= b.best + 1e-9,
					  "search n %d: %.12g beats the optimum %.12g", n, h.total, b.best);
			}
			Check(h.broken < h.baseline_broken ||
				  (h.broken == h.baseline_broken && h.total >= h.baseline - 1e-9),
				  "search n %d: %.12g (%lld broken) under pairs first %.12g (%lld)",
				  n, h.total, (long long) h.broken, h.baseline, (long long) h.baseline_broken);
		}
		free(b.cur);
		free(b.count);
		FreePeers(&p);
	}
}

/* Larger problems: valid, the bounds above, never under pairs first, deterministic. */
static void
CheckCirclesLarge(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		Peers		p;
		int32_t		n = RandInt(15, 400),
					size = RandInt(2, 9);
		double		forbid = RandInt(0, 2) == 0 ? RandUnit() * 0.2 : 0.0;
		CircleProblem cp;
		CircleSolution sol,
					again;
		double		total;
		int64_t		broken;
		size_t		promised;
		int32_t    *first = Xalloc(sizeof(int32_t) * n);

		MakePeers(&p, n, RandInt(0, 3), forbid);
		cp = AsProblem(&p, size);
		core_host_reset();
		promised = circles_scratch_bytes(n, size);
		circles_solve(&cp, &sol);
		CheckPromise("circles_solve, large", core_alloc_total, promised, 0);
		Check(ValidCircles(&p, &sol, &total, &broken), "large n %d size %d: a partition", n, size);
		Check(broken == sol.broken && Near(total, sol.total, 1e-9),
			  "large n %d: total %g broken %lld as reported", n, total, (long long) broken);
		Check(sol.exact == (n <= CIRCLES_EXACT_MAX || sol.sizes.ncircles == 1),
			  "large n %d: exact only when small", n);
		Check(sol.bound >= sol.total - 1e-9 && sol.halved_bound >= sol.bound - 1e-12,
			  "large n %d size %d: total %.12g, bound %.12g, halved %.12g", n, size,
			  sol.total, sol.bound, sol.halved_bound);
		Check(sol.broken < sol.baseline_broken ||
			  (sol.broken == sol.baseline_broken && sol.total >= sol.baseline - 1e-9),
			  "large n %d: under pairs first", n);
		Check(forbid > 0.0 || sol.broken == 0, "large n %d: broken without rules", n);
		memcpy(first, sol.circle, sizeof(int32_t) * n);
		core_host_reset();
		circles_solve(&cp, &again);
		Check(memcmp(first, again.circle, sizeof(int32_t) * n) == 0 && again.total == sol.total,
			  "large n %d: the same circles twice", n);
		free(first);
		FreePeers(&p);
	}
}

void
CheckCircles(void)
{
	CheckSizes();
	CheckCirclesBrute(1500);
	CheckCirclesLarge(60);
}
