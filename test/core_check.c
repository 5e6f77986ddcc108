/*
 * core_check.c
 *		Standalone randomized checks of the solver cores (lap.c, flow.c,
 *		stable.c) against independent answers: brute-force enumeration on
 *		small instances, a textbook O(n^3) Hungarian method on medium ones,
 *		blocking-pair checks and textbook stable-marriage instances.  Never
 *		against the cores themselves.
 *
 * Usage: core_check [SEED]; prints "core checks: N passed, M failed" last
 * and exits non-zero on any failure.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/lap.h"
#include "../src/flow.h"
#include "../src/stable.h"
#include "core_host.h"

static long n_passed = 0;
static long n_failed = 0;
static uint64_t rng_state = 0x243F6A8885A308D3ULL;

/* ---------------------------------------------------------------------
 * Utilities
 * ---------------------------------------------------------------------
 */
static uint64_t
Rand64(void)
{
	/* splitmix64 */
	uint64_t	z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int
RandInt(int lo, int hi)
{
	return lo + (int) (Rand64() % (uint64_t) (hi - lo + 1));
}

static double
RandUnit(void)
{
	return (double) (Rand64() >> 11) * 0x1p-53;
}

static void *
Xalloc(size_t n)
{
	void	   *p = calloc(n > 0 ? n : 1, 1);

	if (p == NULL)
	{
		fprintf(stderr, "core_check: out of memory\n");
		exit(2);
	}
	return p;
}

static void
Check(bool ok, const char *fmt,...)
{
	if (ok)
		n_passed++;
	else
	{
		va_list		ap;

		n_failed++;
		if (n_failed <= 30)
		{
			fprintf(stderr, "FAIL: ");
			va_start(ap, fmt);
			vfprintf(stderr, fmt, ap);
			va_end(ap);
			fputc('\n', stderr);
		}
	}
}

static bool
Near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

/* ---------------------------------------------------------------------
 * Random sparse instances
 * ---------------------------------------------------------------------
 */
typedef struct Inst
{
	int32_t		nrows;
	int32_t		ncols;
	int64_t    *row_start;
	int32_t    *col;
	double	   *score;
	double	   *score2;			/* second preference (stable) */
	int32_t    *capacity;
	int64_t    *row_id;
	int64_t    *col_id;
} Inst;

static void
FreeInst(Inst *in)
{
	free(in->row_start);
	free(in->col);
	free(in->score);
	free(in->score2);
	free(in->capacity);
	free(in->row_id);
	free(in->col_id);
}

/* A score drawn according to the instance's style. */
static double
DrawScore(int style, double mag)
{
	switch (style)
	{
		case 0:
			return RandUnit();
		case 1:
			return (double) RandInt(0, 3);		/* many ties */
		case 2:
			return (double) RandInt(-3, 3);		/* ties, negatives */
		case 3:
			return (RandUnit() * 2.0 - 1.0) * mag;	/* huge or tiny */
		default:
			return RandUnit() - 0.7;
	}
}

/*
 * Random instance: edges with probability dens, rows list their columns in
 * a random order, capacities 0..maxcap (sometimes huge).
 */
static void
MakeInst(Inst *in, int nrows, int ncols, double dens, int maxcap, int style,
		 double mag)
{
	int32_t		i,
				j,
				k;
	int64_t		ne = 0;
	int32_t    *perm = Xalloc(sizeof(int32_t) * (ncols + 1));

	in->nrows = nrows;
	in->ncols = ncols;
	in->row_start = Xalloc(sizeof(int64_t) * (nrows + 1));
	in->col = Xalloc(sizeof(int32_t) * ((size_t) nrows * ncols + 1));
	in->score = Xalloc(sizeof(double) * ((size_t) nrows * ncols + 1));
	in->score2 = Xalloc(sizeof(double) * ((size_t) nrows * ncols + 1));
	in->capacity = Xalloc(sizeof(int32_t) * (ncols + 1));
	in->row_id = Xalloc(sizeof(int64_t) * (nrows + 1));
	in->col_id = Xalloc(sizeof(int64_t) * (ncols + 1));
	for (i = 0; i < nrows; i++)
	{
		for (j = 0; j < ncols; j++)
			perm[j] = j;
		for (j = ncols - 1; j > 0; j--)
		{
			int32_t		x = RandInt(0, j),
						t = perm[j];

			perm[j] = perm[x];
			perm[x] = t;
		}
		in->row_start[i] = ne;
		for (k = 0; k < ncols; k++)
		{
			if (RandUnit() < dens)
			{
				in->col[ne] = perm[k];
				in->score[ne] = DrawScore(style, mag);
				in->score2[ne] = DrawScore(style == 3 ? 0 : style, mag);
				ne++;
			}
		}
	}
	in->row_start[nrows] = ne;
	for (j = 0; j < ncols; j++)
		in->capacity[j] = RandInt(0, 9) == 0 ? 1000000000 : RandInt(0, maxcap);
	/* ids: a random permutation-ish with occasional structure */
	for (i = 0; i < nrows; i++)
		in->row_id[i] = (int64_t) RandInt(0, 1000) * 1000 + i;
	for (j = 0; j < ncols; j++)
		in->col_id[j] = (int64_t) RandInt(0, 1000) * 1000 + j;
	free(perm);
}

static AssignProblem
AsAssign(const Inst *in)
{
	AssignProblem p;

	p.nrows = in->nrows;
	p.ncols = in->ncols;
	p.row_start = in->row_start;
	p.col = in->col;
	p.score = in->score;
	p.capacity = in->capacity;
	return p;
}

/* ---------------------------------------------------------------------
 * Validity and objective of an assignment
 * ---------------------------------------------------------------------
 */
typedef struct Obj
{
	int64_t		card;
	double		min;			/* lowest matched score, +inf if none */
	double		total;
} Obj;

static bool
ValidAssignment(const AssignProblem *p, const int64_t *row_edge, Obj *obj,
				const char *what)
{
	int32_t    *used = Xalloc(sizeof(int32_t) * (p->ncols + 1));
	int32_t		i;
	bool		ok = true;

	obj->card = 0;
	obj->min = INFINITY;
	obj->total = 0.0;
	for (i = 0; i < p->nrows; i++)
	{
		int64_t		e = row_edge[i];

		if (e == -1)
			continue;
		if (e < p->row_start[i] || e >= p->row_start[i + 1])
		{
			Check(false, "%s: row %d edge %lld outside its range", what, i, (long long) e);
			ok = false;
			continue;
		}
		used[p->col[e]]++;
		obj->card++;
		obj->total += p->score[e];
		if (p->score[e] < obj->min)
			obj->min = p->score[e];
	}
	for (i = 0; i < p->ncols; i++)
	{
		if (used[i] > p->capacity[i])
		{
			Check(false, "%s: column %d holds %d > capacity %d", what, i, used[i], p->capacity[i]);
			ok = false;
		}
	}
	free(used);
	return ok;
}

/* ---------------------------------------------------------------------
 * Brute force over every feasible assignment
 * ---------------------------------------------------------------------
 */
typedef struct Brute
{
	const Inst *in;
	int32_t    *used;
	int64_t    *cur;
	Obj			best[3];		/* COVERAGE, TOTAL, FAIR */
	bool		have[3];
	/* stable enumeration */
	bool		stable_mode;
	int64_t		nstable;
	int32_t    *best_rank;		/* per row: best rank among stable */
	int32_t    *worst_rank;		/* per row: worst rank among stable */
	int32_t    *rank;			/* per edge: rank in its row's list */
} Brute;

static bool
Better(const Obj *a, const Obj *b, AssignObjective o)
{
	if (o == ASSIGN_TOTAL)
		return a->total > b->total;
	if (a->card != b->card)
		return a->card > b->card;
	if (o == ASSIGN_FAIR && a->min != b->min)
		return a->min > b->min;
	return a->total > b->total;
}

static bool IsStable(const Inst *in, const int64_t *row_edge);

static void
BruteRec(Brute *b, int32_t i, int64_t card, double min, double total)
{
	const Inst *in = b->in;
	int64_t		e;

	if (i == in->nrows)
	{
		if (b->stable_mode)
		{
			int32_t		r;

			if (!IsStable(in, b->cur))
				return;
			b->nstable++;
			for (r = 0; r < in->nrows; r++)
			{
				int32_t		rk = b->cur[r] < 0 ? INT32_MAX : b->rank[b->cur[r]];

				if (rk < b->best_rank[r])
					b->best_rank[r] = rk;
				if (b->worst_rank[r] == -1 || rk > b->worst_rank[r])
					b->worst_rank[r] = rk;
			}
		}
		else
		{
			Obj			o;
			int			k;

			o.card = card;
			o.min = min;
			o.total = total;
			for (k = 0; k < 3; k++)
			{
				if (!b->have[k] || Better(&o, &b->best[k], (AssignObjective) k))
				{
					b->best[k] = o;
					b->have[k] = true;
				}
			}
		}
		return;
	}
	b->cur[i] = -1;
	BruteRec(b, i + 1, card, min, total);
	for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
	{
		int32_t		j = in->col[e];

		if (b->used[j] >= in->capacity[j])
			continue;
		b->used[j]++;
		b->cur[i] = e;
		BruteRec(b, i + 1, card + 1, in->score[e] < min ? in->score[e] : min,
				 total + in->score[e]);
		b->used[j]--;
	}
	b->cur[i] = -1;
}

static double
Tolerance(const Inst *in)
{
	double		maxabs = 1.0;
	int64_t		e;

	for (e = 0; e < in->row_start[in->nrows]; e++)
		if (fabs(in->score[e]) > maxabs)
			maxabs = fabs(in->score[e]);
	return 1e-9 * maxabs * (in->nrows + 1.0);
}

/* ---------------------------------------------------------------------
 * assign_solve vs brute force
 * ---------------------------------------------------------------------
 */
static void
CheckAssignBrute(const Inst *in, const char *label)
{
	Brute		b;
	AssignProblem p = AsAssign(in);
	int64_t    *row_edge = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	double		tol = Tolerance(in);
	int			k;

	memset(&b, 0, sizeof(b));
	b.in = in;
	b.used = Xalloc(sizeof(int32_t) * (in->ncols + 1));
	b.cur = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	BruteRec(&b, 0, 0, INFINITY, 0.0);

	for (k = 0; k < 3; k++)
	{
		Obj			got;
		const Obj  *want = &b.best[k];
		size_t		promised = assign_scratch_bytes(&p, (AssignObjective) k);
		bool		ok;

		core_host_reset();
		assign_solve(&p, (AssignObjective) k, row_edge);
		Check(core_alloc_total <= promised,
			  "%s obj %d: allocated %zu > promised %zu", label, k,
			  core_alloc_total, promised);
		core_host_reset();
		if (!ValidAssignment(&p, row_edge, &got, label))
			continue;
		if (k == ASSIGN_TOTAL)
			ok = Near(got.total, want->total, tol);
		else
			ok = got.card == want->card && Near(got.total, want->total, tol) &&
				(k != ASSIGN_FAIR || got.card == 0 || Near(got.min, want->min, tol));
		Check(ok, "%s obj %d (%dx%d): got card %lld min %.17g total %.17g, "
			  "want card %lld min %.17g total %.17g", label, k, in->nrows,
			  in->ncols, (long long) got.card, got.min, got.total,
			  (long long) want->card, want->min, want->total);
		Check(isfinite(got.total) || !isfinite(want->total), "%s: non-finite total", label);
	}
	free(b.used);
	free(b.cur);
	free(row_edge);
}

/* ---------------------------------------------------------------------
 * Independent Hungarian method (e-maxx style, O(n^2 m)), max total on an
 * n x m matrix with n <= m: every row assigned.
 * ---------------------------------------------------------------------
 */
static double
HungarianMax(int n, int m, const double *a, int *row_to_col)
{
	double	   *u = Xalloc(sizeof(double) * (n + 1));
	double	   *v = Xalloc(sizeof(double) * (m + 1));
	double	   *minv = Xalloc(sizeof(double) * (m + 1));
	int		   *p = Xalloc(sizeof(int) * (m + 1));
	int		   *way = Xalloc(sizeof(int) * (m + 1));
	bool	   *used = Xalloc(sizeof(bool) * (m + 1));
	double		total = 0.0;
	int			i,
				j;

	for (i = 1; i <= n; i++)
	{
		int			j0 = 0;

		p[0] = i;
		for (j = 0; j <= m; j++)
		{
			minv[j] = INFINITY;
			used[j] = false;
		}
		do
		{
			int			i0 = p[j0],
						j1 = 0;
			double		delta = INFINITY;

			used[j0] = true;
			for (j = 1; j <= m; j++)
			{
				if (!used[j])
				{
					/* cost = -score */
					double		cur = -a[(size_t) (i0 - 1) * m + (j - 1)] - u[i0] - v[j];

					if (cur < minv[j])
					{
						minv[j] = cur;
						way[j] = j0;
					}
					if (minv[j] < delta)
					{
						delta = minv[j];
						j1 = j;
					}
				}
			}
			for (j = 0; j <= m; j++)
			{
				if (used[j])
				{
					u[p[j]] += delta;
					v[j] -= delta;
				}
				else
					minv[j] -= delta;
			}
			j0 = j1;
		} while (p[j0] != 0);
		do
		{
			int			j1 = way[j0];

			p[j0] = p[j1];
			j0 = j1;
		} while (j0);
	}
	for (j = 1; j <= m; j++)
		if (p[j] != 0)
		{
			row_to_col[p[j] - 1] = j - 1;
			total += a[(size_t) (p[j] - 1) * m + (j - 1)];
		}
	free(u);
	free(v);
	free(minv);
	free(p);
	free(way);
	free(used);
	return total;
}

/* Max total over injective maps of the smaller side, by enumeration. */
static double
BruteLap(int n, int m, const double *a, int r, bool *used, double acc)
{
	double		best = -INFINITY;
	int			j;

	if (n <= m)
	{
		if (r == n)
			return acc;
		for (j = 0; j < m; j++)
		{
			double		t;

			if (used[j])
				continue;
			used[j] = true;
			t = BruteLap(n, m, a, r + 1, used, acc + a[(size_t) r * m + j]);
			used[j] = false;
			if (t > best)
				best = t;
		}
	}
	else
	{
		/* columns pick distinct rows */
		if (r == m)
			return acc;
		for (j = 0; j < n; j++)
		{
			double		t;

			if (used[j])
				continue;
			used[j] = true;
			t = BruteLap(n, m, a, r + 1, used, acc + a[(size_t) j * m + r]);
			used[j] = false;
			if (t > best)
				best = t;
		}
	}
	return best;
}

/* Validity of lap_dense_max's answer: injective, min(n, m) pairs. */
static bool
ValidLap(int n, int m, const double *a, const int *row_to_col, double ret,
		 double *total, const char *label)
{
	bool	   *seen = Xalloc((size_t) m + 1);
	int			i,
				cnt = 0;
	bool		ok = true;

	*total = 0.0;
	for (i = 0; i < n; i++)
	{
		int			c = row_to_col[i];

		if (c == -1)
			continue;
		if (c < 0 || c >= m || seen[c])
		{
			ok = false;
			break;
		}
		seen[c] = true;
		cnt++;
		*total += a[(size_t) i * m + c];
	}
	free(seen);
	ok = ok && cnt == (n < m ? n : m) && *total == ret;
	Check(ok, "%s: lap answer invalid (%dx%d, %d pairs)", label, n, m, cnt);
	return ok;
}

static void
FillMatrix(double *a, size_t count, int style)
{
	size_t		k;

	for (k = 0; k < count; k++)
		a[k] = style == 0 ? RandUnit() : style == 1 ? (double) RandInt(0, 4) :
			style == 2 ? (double) RandInt(-1000, 1000) :
			(RandUnit() - 0.5) * 1e300;
}

static void
CheckLapSmall(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		int			n = RandInt(0, 7),
					m = RandInt(0, 7),
					style = RandInt(0, 3);
		double	   *a = Xalloc(sizeof(double) * (n * m + 1));
		int		   *rc = Xalloc(sizeof(int) * (n + 1));
		bool	   *used = Xalloc(8 + n + m);
		double		got,
					want,
					total,
					tol;
		size_t		promised = lap_dense_scratch_bytes(n, m);

		FillMatrix(a, (size_t) n * m, style);
		want = (n == 0 || m == 0) ? 0.0 : BruteLap(n, m, a, 0, used, 0.0);
		core_host_reset();
		got = lap_dense_max(n, m, a, rc);
		Check(core_alloc_total <= promised, "lap small: allocated %zu > %zu",
			  core_alloc_total, promised);
		core_host_reset();
		tol = 1e-9 * (1.0 + (style == 3 ? 1e300 * (n + m) : n + m + 1000.0 * (n + m)));
		if (ValidLap(n, m, a, rc, got, &total, "lap small"))
			Check(Near(got, want, tol), "lap small %dx%d style %d: got %.17g want %.17g",
				  n, m, style, got, want);
		free(a);
		free(rc);
		free(used);
	}
}

/* Medium matrices: lap vs Hungarian (both orientations) vs sparse path. */
static void
CheckLapMedium(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		int			n = RandInt(1, 90),
					m = RandInt(1, 90),
					style = RandInt(0, 2);
		double	   *a = Xalloc(sizeof(double) * n * m);
		double	   *at = Xalloc(sizeof(double) * n * m);
		int		   *rc = Xalloc(sizeof(int) * (n + m));
		int		   *hc = Xalloc(sizeof(int) * (n + m));
		double		got,
					want,
					total,
					tol = 1e-9 * (1.0 + 1000.0 * (n + m));
		int			i,
					j;

		FillMatrix(a, (size_t) n * m, style);
		for (i = 0; i < n; i++)
			for (j = 0; j < m; j++)
				at[(size_t) j * n + i] = a[(size_t) i * m + j];
		want = n <= m ? HungarianMax(n, m, a, hc) : HungarianMax(m, n, at, hc);

		got = lap_dense_max(n, m, a, rc);
		core_host_reset();
		if (ValidLap(n, m, a, rc, got, &total, "lap medium"))
			Check(Near(got, want, tol), "lap medium %dx%d style %d: got %.17g want %.17g",
				  n, m, style, got, want);
		got = lap_dense_max(m, n, at, rc);
		core_host_reset();
		if (ValidLap(m, n, at, rc, got, &total, "lap medium T"))
			Check(Near(got, want, tol), "lap medium T %dx%d: got %.17g want %.17g",
				  m, n, got, want);

		/*
		 * Same problem through assign_solve: rows list columns in reverse
		 * order, so the sparse solver runs (not the dense dispatch); and in
		 * order, so the dispatch runs.
		 */
		{
			AssignProblem p;
			int64_t    *rs = Xalloc(sizeof(int64_t) * (n + 1));
			int32_t    *cl = Xalloc(sizeof(int32_t) * n * m);
			double	   *sc = Xalloc(sizeof(double) * n * m);
			int32_t    *cap = Xalloc(sizeof(int32_t) * m);
			int64_t    *re = Xalloc(sizeof(int64_t) * n);
			Obj			o;
			int			pass;

			for (pass = 0; pass < 2; pass++)
			{
				for (i = 0; i < n; i++)
				{
					rs[i] = (int64_t) i * m;
					for (j = 0; j < m; j++)
					{
						int			c = pass == 0 ? m - 1 - j : j;

						cl[(size_t) i * m + j] = c;
						sc[(size_t) i * m + j] = a[(size_t) i * m + c];
					}
				}
				rs[n] = (int64_t) n * m;
				for (j = 0; j < m; j++)
					cap[j] = 1;
				p.nrows = n;
				p.ncols = m;
				p.row_start = rs;
				p.col = cl;
				p.score = sc;
				p.capacity = cap;
				assign_solve(&p, ASSIGN_COVERAGE, re);
				core_host_reset();
				if (ValidAssignment(&p, re, &o, "lap via assign"))
					Check(o.card == (n < m ? n : m) && Near(o.total, want, tol),
						  "assign %s path %dx%d: card %lld total %.17g want %.17g",
						  pass == 0 ? "sparse" : "dense", n, m,
						  (long long) o.card, o.total, want);
			}
			free(rs);
			free(cl);
			free(sc);
			free(cap);
			free(re);
		}
		free(a);
		free(at);
		free(rc);
		free(hc);
	}
}

/* A few larger square and rectangular matrices vs Hungarian. */
static void
CheckLapLarge(void)
{
	static const int sizes[][2] = {{300, 300}, {200, 350}, {350, 200}, {400, 400}};
	int			s;

	for (s = 0; s < 4; s++)
	{
		int			n = sizes[s][0],
					m = sizes[s][1],
					style = s % 3;
		double	   *a = Xalloc(sizeof(double) * n * m);
		double	   *at = Xalloc(sizeof(double) * n * m);
		int		   *rc = Xalloc(sizeof(int) * (n + m));
		double		got,
					want,
					total;
		int			i,
					j;

		FillMatrix(a, (size_t) n * m, style);
		for (i = 0; i < n; i++)
			for (j = 0; j < m; j++)
				at[(size_t) j * n + i] = a[(size_t) i * m + j];
		want = n <= m ? HungarianMax(n, m, a, rc) : HungarianMax(m, n, at, rc);
		got = lap_dense_max(n, m, a, rc);
		core_host_reset();
		if (ValidLap(n, m, a, rc, got, &total, "lap large"))
			Check(Near(got, want, 1e-9 * (1.0 + fabs(want))),
				  "lap large %dx%d: got %.17g want %.17g", n, m, got, want);
		free(a);
		free(at);
		free(rc);
	}
}

/* ---------------------------------------------------------------------
 * assign_solve vs seat-duplicated Hungarian on medium capacitated sparse
 * instances with integer scores (exact arithmetic): COVERAGE and TOTAL.
 * ---------------------------------------------------------------------
 */
static void
CheckAssignMedium(int reps, bool dense)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		Inst		in;
		AssignProblem p;
		int			nrows = dense ? RandInt(100, 250) : RandInt(1, 40),
					ncols = dense ? RandInt(5, 25) : RandInt(1, 12),
					maxcap = RandInt(1, 6),
					style = RandInt(1, 2);
		int			nseats = 0,
					i,
					j,
					k,
					obj;
		int		   *seat_col;
		double	   *w;
		int		   *rc;
		int64_t    *re = Xalloc(sizeof(int64_t) * nrows);
		int64_t		e;

		MakeInst(&in, nrows, ncols, dense ? 1.0 : 0.1 + 0.8 * RandUnit(),
				 maxcap, style, 1.0);
		for (j = 0; j < ncols; j++)
		{
			/* dense: about as many seats as rows (fewer, equal or more) */
			if (dense)
				in.capacity[j] = nrows / ncols + RandInt(-1, 1);
			if (in.capacity[j] > nrows)
				in.capacity[j] = RandInt(0, 1) ? nrows : nrows + 5;
			nseats += in.capacity[j] < nrows ? in.capacity[j] : nrows;
		}
		p = AsAssign(&in);
		seat_col = Xalloc(sizeof(int) * (nseats + 1));
		for (j = 0, k = 0; j < ncols; j++)
		{
			int			c = in.capacity[j] < nrows ? in.capacity[j] : nrows;

			while (c-- > 0)
				seat_col[k++] = j;
		}
		/*
		 * rows x (seats + rows) matrix: a seat of a listed column has weight
		 * M + score (COVERAGE) or max(score, 0) (TOTAL); unlisted seats and
		 * per-row "unmatched" columns weigh 0 (TOTAL) or are 0 as well for
		 * COVERAGE: unmatched costs M.  M = 1e5 dominates any change of
		 * total with |score| <= 3 and <= 40 rows.
		 */
		w = Xalloc(sizeof(double) * nrows * (nseats + nrows));
		rc = Xalloc(sizeof(int) * (nrows + nseats + 1));
		for (obj = 0; obj < 2; obj++)
		{
			double		want = 0.0,
						hung;
			int64_t		want_card = 0;
			int			m = nseats + nrows;
			Obj			o;

			for (i = 0; i < nrows; i++)
				for (k = 0; k < m; k++)
					w[(size_t) i * m + k] = obj == 0 ? -1e9 : 0.0;
			for (i = 0; i < nrows; i++)
			{
				w[(size_t) i * m + nseats + i] = 0.0;	/* unmatched */
				for (e = in.row_start[i]; e < in.row_start[i + 1]; e++)
					for (k = 0; k < nseats; k++)
						if (seat_col[k] == in.col[e])
							w[(size_t) i * m + k] = obj == 0 ? 1e5 + in.score[e] :
								(in.score[e] > 0 ? in.score[e] : 0.0);
			}
			hung = HungarianMax(nrows, m, w, rc);
			for (i = 0; i < nrows; i++)
			{
				double		x = w[(size_t) i * m + rc[i]];

				if (rc[i] < nseats && (obj == 1 ? x > 0 : true))
				{
					want_card++;
					want += obj == 0 ? x - 1e5 : x;
				}
			}
			(void) hung;
			assign_solve(&p, (AssignObjective) obj, re);
			core_host_reset();
			if (ValidAssignment(&p, re, &o, "assign medium"))
			{
				if (obj == 0)
					Check(o.card == want_card && o.total == want,
						  "assign medium COVERAGE %dx%d: got %lld %.17g want %lld %.17g",
						  nrows, ncols, (long long) o.card, o.total,
						  (long long) want_card, want);
				else
					Check(o.total == want,
						  "assign medium TOTAL %dx%d: got %.17g want %.17g",
						  nrows, ncols, o.total, want);
			}
		}
		free(seat_col);
		free(w);
		free(rc);
		free(re);
		FreeInst(&in);
	}
}

/* ---------------------------------------------------------------------
 * Stable matching
 * ---------------------------------------------------------------------
 */
static int
CmpRow(const Inst *in, int64_t a, int64_t b)
{
	/* <0 if the row prefers edge a over edge b (a, b in the same row) */
	if (in->score[a] != in->score[b])
		return in->score[a] > in->score[b] ? -1 : 1;
	if (in->col_id[in->col[a]] != in->col_id[in->col[b]])
		return in->col_id[in->col[a]] < in->col_id[in->col[b]] ? -1 : 1;
	return a < b ? -1 : (a > b);
}

static int64_t *edge_row_cache;

static int
CmpCol(const Inst *in, int64_t a, int64_t b)
{
	/* <0 if the column prefers edge a over edge b (same column) */
	if (in->score2[a] != in->score2[b])
		return in->score2[a] > in->score2[b] ? -1 : 1;
	if (in->row_id[edge_row_cache[a]] != in->row_id[edge_row_cache[b]])
		return in->row_id[edge_row_cache[a]] < in->row_id[edge_row_cache[b]] ? -1 : 1;
	return a < b ? -1 : (a > b);
}

/*
 * No blocking pair: for every listed (i, j) not matched, either i prefers
 * its partner, or j is full and prefers each of its rows to i.
 */
static bool
IsStable(const Inst *in, const int64_t *row_edge)
{
	int32_t    *count = Xalloc(sizeof(int32_t) * (in->ncols + 1));
	int64_t    *worst = Xalloc(sizeof(int64_t) * (in->ncols + 1));
	int32_t		i,
				j;
	int64_t		e;
	bool		ok = true;

	for (j = 0; j < in->ncols; j++)
		worst[j] = -1;
	for (i = 0; i < in->nrows; i++)
	{
		e = row_edge[i];
		if (e < 0)
			continue;
		j = in->col[e];
		count[j]++;
		if (worst[j] < 0 || CmpCol(in, e, worst[j]) > 0)
			worst[j] = e;
	}
	for (i = 0; i < in->nrows && ok; i++)
	{
		for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
		{
			j = in->col[e];
			if (e == row_edge[i] || in->capacity[j] <= 0)
				continue;
			if (row_edge[i] >= 0 && CmpRow(in, row_edge[i], e) < 0)
				continue;		/* i prefers its partner */
			if (count[j] < in->capacity[j] ||
				CmpCol(in, e, worst[j]) < 0)
			{
				ok = false;
				break;
			}
		}
	}
	free(count);
	free(worst);
	return ok;
}

static StableProblem
AsStable(const Inst *in)
{
	StableProblem p;

	p.nrows = in->nrows;
	p.ncols = in->ncols;
	p.row_start = in->row_start;
	p.col = in->col;
	p.row_pref = in->score;
	p.col_pref = in->score2;
	p.row_id = in->row_id;
	p.col_id = in->col_id;
	p.capacity = in->capacity;
	return p;
}

static void
SetEdgeRows(const Inst *in)
{
	int32_t		i;
	int64_t		e;

	free(edge_row_cache);
	edge_row_cache = Xalloc(sizeof(int64_t) * (in->row_start[in->nrows] + 1));
	for (i = 0; i < in->nrows; i++)
		for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
			edge_row_cache[e] = i;
}

/* rank of each edge within its row's strict order (0 = best) */
static int32_t *
RowRanks(const Inst *in)
{
	int32_t    *rank = Xalloc(sizeof(int32_t) * (in->row_start[in->nrows] + 1));
	int32_t		i;
	int64_t		a,
				b;

	for (i = 0; i < in->nrows; i++)
		for (a = in->row_start[i]; a < in->row_start[i + 1]; a++)
			for (b = in->row_start[i]; b < in->row_start[i + 1]; b++)
				if (b != a && CmpRow(in, b, a) < 0)
					rank[a]++;
	return rank;
}

static bool
ValidStable(const Inst *in, const int64_t *row_edge, const char *label)
{
	AssignProblem p = AsAssign(in);
	Obj			o;

	return ValidAssignment(&p, row_edge, &o, label);
}

static void
CheckStableBrute(const Inst *in, const char *label)
{
	StableProblem sp = AsStable(in);
	Brute		b;
	int64_t    *m1 = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	int64_t    *m2 = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	int32_t		i;
	size_t		promised = stable_scratch_bytes(&sp);

	SetEdgeRows(in);
	core_host_reset();
	stable_solve(&sp, true, m1);
	Check(core_alloc_total <= promised, "%s: stable allocated %zu > %zu",
		  label, core_alloc_total, promised);
	core_host_reset();
	stable_solve(&sp, false, m2);
	Check(core_alloc_total <= promised, "%s: stable allocated %zu > %zu",
		  label, core_alloc_total, promised);
	core_host_reset();
	if (!ValidStable(in, m1, label) || !ValidStable(in, m2, label))
		goto done;
	Check(IsStable(in, m1), "%s: mentee-optimal result has a blocking pair", label);
	Check(IsStable(in, m2), "%s: mentor-optimal result has a blocking pair", label);

	memset(&b, 0, sizeof(b));
	b.in = in;
	b.stable_mode = true;
	b.used = Xalloc(sizeof(int32_t) * (in->ncols + 1));
	b.cur = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	b.best_rank = Xalloc(sizeof(int32_t) * (in->nrows + 1));
	b.worst_rank = Xalloc(sizeof(int32_t) * (in->nrows + 1));
	b.rank = RowRanks(in);
	for (i = 0; i < in->nrows; i++)
	{
		b.best_rank[i] = INT32_MAX;
		b.worst_rank[i] = -1;
	}
	BruteRec(&b, 0, 0, INFINITY, 0.0);
	Check(b.nstable > 0, "%s: brute force found no stable matching", label);
	for (i = 0; i < in->nrows && b.nstable > 0; i++)
	{
		int32_t		r1 = m1[i] < 0 ? INT32_MAX : b.rank[m1[i]];
		int32_t		r2 = m2[i] < 0 ? INT32_MAX : b.rank[m2[i]];

		/* mentee-optimal: each mentee's best stable partner; mentor-
		 * optimal: each mentee's worst (hospital-optimal = resident-
		 * pessimal) */
		if (r1 != b.best_rank[i] || r2 != b.worst_rank[i])
		{
			Check(false, "%s: row %d got ranks %d/%d, stable best %d worst %d",
				  label, i, r1, r2, b.best_rank[i], b.worst_rank[i]);
			break;
		}
	}
	if (i == in->nrows || b.nstable == 0)
		Check(true, "");
	free(b.used);
	free(b.cur);
	free(b.best_rank);
	free(b.worst_rank);
	free(b.rank);
done:
	free(m1);
	free(m2);
}

/* Gale and Shapley's 3x3 example with three stable matchings. */
static void
CheckStableTextbook(void)
{
	/* rank (1 best) of man i for woman j, and of woman j for man i */
	static const int man_rank[3][3] = {{1, 2, 3}, {3, 1, 2}, {2, 3, 1}};
	static const int woman_rank[3][3] = {{3, 2, 1}, {1, 3, 2}, {2, 1, 3}};
	Inst		in;
	StableProblem sp;
	int64_t		m[3];
	int			i,
				j;

	memset(&in, 0, sizeof(in));
	in.nrows = 3;
	in.ncols = 3;
	in.row_start = Xalloc(sizeof(int64_t) * 4);
	in.col = Xalloc(sizeof(int32_t) * 9);
	in.score = Xalloc(sizeof(double) * 9);
	in.score2 = Xalloc(sizeof(double) * 9);
	in.capacity = Xalloc(sizeof(int32_t) * 3);
	in.row_id = Xalloc(sizeof(int64_t) * 3);
	in.col_id = Xalloc(sizeof(int64_t) * 3);
	for (i = 0; i < 3; i++)
	{
		in.row_start[i] = i * 3;
		in.row_id[i] = 100 + i;
		in.col_id[i] = 200 + i;
		in.capacity[i] = 1;
		for (j = 0; j < 3; j++)
		{
			in.col[i * 3 + j] = j;
			in.score[i * 3 + j] = 10 - man_rank[i][j];
			in.score2[i * 3 + j] = 10 - woman_rank[i][j];
		}
	}
	in.row_start[3] = 9;
	sp = AsStable(&in);
	stable_solve(&sp, true, m);
	core_host_reset();
	Check(m[0] == 0 && m[1] == 4 && m[2] == 8,
		  "Gale-Shapley mentee-optimal: got %lld %lld %lld", (long long) m[0],
		  (long long) m[1], (long long) m[2]);
	stable_solve(&sp, false, m);
	core_host_reset();
	Check(m[0] == 2 && m[1] == 3 && m[2] == 7,
		  "Gale-Shapley mentor-optimal: got %lld %lld %lld", (long long) m[0],
		  (long long) m[1], (long long) m[2]);

	/*
	 * Ties broken by id: all preferences equal, one mentor with two seats,
	 * mentee ids 30, 10, 20: the mentor keeps ids 10 and 20.  Then two
	 * mentors (ids 7 and 5) with one seat each: mentees prefer id 5.
	 */
	in.ncols = 1;
	in.capacity[0] = 2;
	in.row_id[0] = 30;
	in.row_id[1] = 10;
	in.row_id[2] = 20;
	for (i = 0; i < 3; i++)
	{
		in.row_start[i] = i;
		in.col[i] = 0;
		in.score[i] = 1.0;
		in.score2[i] = 1.0;
	}
	in.row_start[3] = 3;
	sp = AsStable(&in);
	for (j = 0; j < 2; j++)
	{
		stable_solve(&sp, j == 0, m);
		core_host_reset();
		Check(m[0] == -1 && m[1] == 1 && m[2] == 2,
			  "stable ties by row id (%s): got %lld %lld %lld",
			  j == 0 ? "mentee" : "mentor", (long long) m[0],
			  (long long) m[1], (long long) m[2]);
	}
	in.nrows = 1;
	in.ncols = 2;
	in.row_start[0] = 0;
	in.row_start[1] = 2;
	in.col[0] = 0;
	in.col[1] = 1;
	in.col_id[0] = 7;
	in.col_id[1] = 5;
	in.capacity[0] = in.capacity[1] = 1;
	in.score[0] = in.score[1] = 0.5;
	in.score2[0] = in.score2[1] = 0.5;
	sp = AsStable(&in);
	for (j = 0; j < 2; j++)
	{
		stable_solve(&sp, j == 0, m);
		core_host_reset();
		Check(m[0] == 1, "stable ties by column id (%s): got %lld",
			  j == 0 ? "mentee" : "mentor", (long long) m[0]);
	}
	/* capacity 0 accepts nobody */
	in.capacity[0] = in.capacity[1] = 0;
	for (j = 0; j < 2; j++)
	{
		stable_solve(&sp, j == 0, m);
		core_host_reset();
		Check(m[0] == -1, "stable capacity 0 (%s): got %lld",
			  j == 0 ? "mentee" : "mentor", (long long) m[0]);
	}
	FreeInst(&in);
}

static void
CheckStableLarge(void)
{
	Inst		in;
	StableProblem sp;
	int64_t    *m = Xalloc(sizeof(int64_t) * 3000);
	int			k;

	MakeInst(&in, 3000, 300, 0.05, 12, 0, 1.0);
	sp = AsStable(&in);
	SetEdgeRows(&in);
	for (k = 0; k < 2; k++)
	{
		stable_solve(&sp, k == 0, m);
		core_host_reset();
		if (ValidStable(&in, m, "stable large"))
			Check(IsStable(&in, m), "stable large (%s): blocking pair",
				  k == 0 ? "mentee" : "mentor");
	}
	free(m);
	FreeInst(&in);
}

/* ---------------------------------------------------------------------
 * Edge cases
 * ---------------------------------------------------------------------
 */
static void
CheckEdgeCases(void)
{
	Inst		in;
	int			k;

	/* 0 rows, 0 columns, rows with no edges, capacities 0 */
	MakeInst(&in, 0, 3, 1.0, 2, 0, 1.0);
	CheckAssignBrute(&in, "0 rows");
	FreeInst(&in);
	MakeInst(&in, 3, 0, 1.0, 2, 0, 1.0);
	CheckAssignBrute(&in, "0 cols");
	FreeInst(&in);
	MakeInst(&in, 4, 3, 0.0, 2, 0, 1.0);
	CheckAssignBrute(&in, "no edges");
	FreeInst(&in);
	MakeInst(&in, 5, 3, 1.0, 2, 2, 1.0);
	for (k = 0; k < 3; k++)
		in.capacity[k] = 0;
	CheckAssignBrute(&in, "all capacities 0");
	CheckStableBrute(&in, "stable all capacities 0");
	FreeInst(&in);
	MakeInst(&in, 6, 2, 1.0, 2, 2, 1.0);
	in.capacity[0] = 1000000000;
	in.capacity[1] = 7;
	CheckAssignBrute(&in, "capacity > rows");
	FreeInst(&in);
	MakeInst(&in, 1, 1, 1.0, 1, 2, 1.0);
	in.capacity[0] = 1;
	CheckAssignBrute(&in, "single");
	FreeInst(&in);

	/* extreme magnitudes: the range overflows a double in COVERAGE's U */
	for (k = 0; k < 40; k++)
	{
		double		mag = k % 2 ? 8e307 : 1e-300;

		MakeInst(&in, RandInt(1, 2), RandInt(1, 3), RandUnit(), 2, 3, mag);
		CheckAssignBrute(&in, k % 2 ? "scores near DBL_MAX" : "tiny scores");
		FreeInst(&in);
	}
	/* lap with near-DBL_MAX scores */
	{
		double		a[9];
		int			rc[3];
		double		got;
		bool		used[8] = {false};
		double		want,
					t;

		for (k = 0; k < 9; k++)
			a[k] = (RandUnit() - 0.5) * 1e308;
		a[4] = 5e307;
		got = lap_dense_max(3, 3, a, rc);
		core_host_reset();
		want = BruteLap(3, 3, a, 0, used, 0.0);
		if (ValidLap(3, 3, a, rc, got, &t, "lap huge"))
			Check(got == want || Near(got, want, 1e-9 * fabs(want)),
				  "lap huge: got %.17g want %.17g", got, want);
	}
}

/* The contract-size sparse instance solves and is valid (timed). */
static void
CheckSparseLarge(void)
{
	int32_t		nrows = 100000,
				ncols = 10000,
				k = 20,
				i,
				j;
	AssignProblem p;
	int64_t    *rs = Xalloc(sizeof(int64_t) * (nrows + 1));
	int32_t    *cl = Xalloc(sizeof(int32_t) * nrows * k);
	double	   *sc = Xalloc(sizeof(double) * nrows * k);
	int32_t    *cap = Xalloc(sizeof(int32_t) * ncols);
	int64_t    *re = Xalloc(sizeof(int64_t) * nrows);
	uint32_t   *mark = Xalloc(sizeof(uint32_t) * ncols);
	Obj			o;
	struct timespec t0,
				t1;
	size_t		promised;

	for (i = 0; i < nrows; i++)
	{
		rs[i] = (int64_t) i * k;
		for (j = 0; j < k; j++)
		{
			int32_t		c;

			do
				c = RandInt(0, ncols - 1);
			while (mark[c] == (uint32_t) i + 1);
			mark[c] = i + 1;
			cl[(size_t) i * k + j] = c;
			sc[(size_t) i * k + j] = RandUnit();
		}
	}
	rs[nrows] = (int64_t) nrows * k;
	for (j = 0; j < ncols; j++)
		cap[j] = 12;
	p.nrows = nrows;
	p.ncols = ncols;
	p.row_start = rs;
	p.col = cl;
	p.score = sc;
	p.capacity = cap;
	promised = assign_scratch_bytes(&p, ASSIGN_COVERAGE);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assign_solve(&p, ASSIGN_COVERAGE, re);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	Check(core_alloc_total <= promised, "sparse large: allocated %zu > %zu",
		  core_alloc_total, promised);
	core_host_reset();
	if (ValidAssignment(&p, re, &o, "sparse large"))
		Check(o.card == nrows, "sparse large: %lld of %d rows matched",
			  (long long) o.card, nrows);
	printf("sparse 100k x 10k cap 12 top-20 COVERAGE: %.3f s, total %.6f\n",
		   (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec), o.total);
	free(rs);
	free(cl);
	free(sc);
	free(cap);
	free(re);
	free(mark);
}

int
main(int argc, char **argv)
{
	int			r;
	long		brute = 0,
				stable = 0;

	if (argc > 1)
		rng_state = strtoull(argv[1], NULL, 10);
	setvbuf(stdout, NULL, _IOLBF, 0);

	CheckEdgeCases();

	for (r = 0; r < 4000; r++)
	{
		Inst		in;
		int			nrows = RandInt(0, 7),
					ncols = RandInt(0, 4),
					style = RandInt(0, 4);
		double		mag = RandInt(0, 1) ? 1e300 : 1e-300;

		MakeInst(&in, nrows, ncols, RandUnit(), RandInt(0, 3), style, mag);
		CheckAssignBrute(&in, "brute");
		brute++;
		FreeInst(&in);
	}
	printf("assign_solve vs brute force: %ld instances x 3 objectives\n", brute);

	CheckLapSmall(3000);
	CheckLapMedium(300);
	CheckLapLarge();
	printf("lap_dense_max: 3000 brute-force, 300 medium x 4 ways, 4 large vs Hungarian\n");

	CheckAssignMedium(400, false);
	CheckAssignMedium(30, true);
	printf("assign_solve vs seat-duplicated Hungarian: 400 sparse + 30 dense "
		   "capacitated instances x 2 objectives\n");

	CheckStableTextbook();
	for (r = 0; r < 3000; r++)
	{
		Inst		in;
		int			nrows = RandInt(0, 6),
					ncols = RandInt(0, 4),
					style = RandInt(0, 2);

		MakeInst(&in, nrows, ncols, RandUnit(), RandInt(0, 3), style, 1.0);
		CheckStableBrute(&in, "stable brute");
		stable++;
		FreeInst(&in);
	}
	CheckStableLarge();
	printf("stable_solve: textbook cases, %ld brute-force instances, 1 large\n", stable);

	CheckSparseLarge();

	printf("core checks: %ld passed, %ld failed\n", n_passed, n_failed);
	return n_failed > 0 ? 1 : 0;
}
