/*
 * check_lap.c
 *		lap_dense_max (core/lap.h) against brute force and the Hungarian
 *		method, in both orientations, and through assign_solve's dense and
 *		sparse paths.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "host.h"

/* Max total over injective maps of the smaller side, by enumeration. */
double
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

void
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
void
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
				p.row_class = NULL;
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
void
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

/* lap with near-DBL_MAX scores against brute force */
void
CheckLapHuge(void)
{
	double		a[9];
	int			rc[3];
	double		got;
	bool		used[8] = {false};
	double		want,
				t;
	int			k;

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
