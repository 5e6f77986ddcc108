/*
 * check_fisher.c
 *		fisher_two_sided (core/fisher.h) and select_kth, median_of
 *		(core/median.h) against answers found another way.
 *
 * Fisher: on every table of up to 60 in all, the definition in exact
 * integer arithmetic (each table's weight C(K, x) C(N - K, n - x) is at
 * most C(N, n), below 2^63 for N <= 60; a table counts when its weight is
 * at most the observed one's times 1 + 1e-7, compared in 128-bit
 * integers); on large tables, the whole support summed directly from
 * lgamma in long double; published values (Fisher's tea tasting, the
 * dieting example); the table read from each side (rows swapped, columns
 * swapped, transposed) gives the same p-value.
 * Median: against a sort, on random arrays with and without ties.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fisher.h"
#include "median.h"

/* C(n, k) exactly, n <= 62 */
static uint64_t
Choose(int n, int k)
{
	uint64_t	r = 1;
	int			i;

	if (k < 0 || k > n)
		return 0;
	if (k > n - k)
		k = n - k;
	for (i = 1; i <= k; i++)
		r = r * (uint64_t) (n - k + i) / (uint64_t) i;	/* exact at each step */
	return r;
}

/* the definition, in integers */
static double
FisherExact(int a, int b, int c, int d)
{
	int			n = a + b,
				k = a + c,
				all = a + b + c + d,
				x;
	unsigned __int128 obs = (unsigned __int128) Choose(k, a) * Choose(all - k, n - a);
	uint64_t	total = Choose(all, n);
	long double within = 0;

	for (x = 0; x <= n; x++)
	{
		unsigned __int128 w = (unsigned __int128) Choose(k, x) * Choose(all - k, n - x);

		/* w <= obs (1 + 1e-7)  <=>  w 10^7 <= obs (10^7 + 1) */
		if (w * 10000000u <= obs * 10000001u)
			within += (long double) w;
	}
	return (double) (within / (long double) total);
}

static long double
LogWeight(int64_t n, int64_t k, int64_t all, int64_t x)
{
	return lgammal(k + 1.0L) - lgammal(x + 1.0L) - lgammal(k - x + 1.0L) +
		lgammal(all - k + 1.0L) - lgammal(n - x + 1.0L) -
		lgammal(all - k - n + x + 1.0L);
}

/* the whole support summed from lgamma (a coarser tolerance on ties) */
static double
FisherLgamma(int64_t a, int64_t b, int64_t c, int64_t d)
{
	int64_t		n = a + b,
				k = a + c,
				all = a + b + c + d,
				lo = n - (all - k) > 0 ? n - (all - k) : 0,
				hi = n < k ? n : k,
				x;
	long double *w = Xalloc(sizeof(long double) * (hi - lo + 1)),
				obs = LogWeight(n, k, all, a),
				top = -INFINITY,
				sum = 0,
				within = 0;

	for (x = lo; x <= hi; x++)
	{
		w[x - lo] = LogWeight(n, k, all, x);
		if (w[x - lo] > top)
			top = w[x - lo];
	}
	for (x = lo; x <= hi; x++)
	{
		sum += expl(w[x - lo] - top);
		if (w[x - lo] <= obs + log1pl(1e-7L))
			within += expl(w[x - lo] - top);
	}
	free(w);
	return (double) (within / sum);
}

static void
CheckFisherTable(int64_t a, int64_t b, int64_t c, int64_t d, double expected,
				 double tol, const char *label)
{
	double		p = fisher_two_sided(a, b, c, d);

	Check(p >= 0.0 && p <= 1.0 && (fabs(p - expected) <= tol * expected ||
								   fabs(p - expected) <= 1e-300),
		  "%s: fisher [[%lld,%lld],[%lld,%lld]] = %.17g, expected %.17g",
		  label, (long long) a, (long long) b, (long long) c, (long long) d,
		  p, expected);
	/* the same table read from each side */
	Check(fabs(fisher_two_sided(c, d, a, b) - p) <= 1e-12 * p + 1e-300 &&
		  fabs(fisher_two_sided(b, a, d, c) - p) <= 1e-12 * p + 1e-300 &&
		  fabs(fisher_two_sided(a, c, b, d) - p) <= 1e-12 * p + 1e-300,
		  "%s: fisher [[%lld,%lld],[%lld,%lld]] differs when read from another side",
		  label, (long long) a, (long long) b, (long long) c, (long long) d);
}

void
CheckFisher(void)
{
	int			r,
				all;

	/* Fisher's lady tasting tea: 34/70; dieting by sex (Wikipedia) */
	CheckFisherTable(3, 1, 1, 3, 34.0 / 70.0, 1e-14, "tea");
	CheckFisherTable(1, 9, 11, 3, 41.0 / 14858.0, 1e-14, "dieting");
	CheckFisherTable(0, 0, 0, 0, 1.0, 0.0, "empty");
	CheckFisherTable(5, 0, 0, 0, 1.0, 0.0, "one cell");
	CheckFisherTable(0, 7, 0, 3, 1.0, 0.0, "nobody yes");

	/* every table of up to 24 in all, then random ones up to 60 */
	for (all = 0; all <= 24; all++)
	{
		int			a,
					b,
					c;

		for (a = 0; a <= all; a++)
			for (b = 0; a + b <= all; b++)
				for (c = 0; a + b + c <= all; c++)
					CheckFisherTable(a, b, c, all - a - b - c,
									 FisherExact(a, b, c, all - a - b - c),
									 1e-12, "exact");
	}
	for (r = 0; r < 20000; r++)
	{
		int			total = RandInt(25, 60),
					a = RandInt(0, total),
					b = RandInt(0, total - a),
					c = RandInt(0, total - a - b);

		CheckFisherTable(a, b, c, total - a - b - c,
						 FisherExact(a, b, c, total - a - b - c), 1e-12, "exact");
	}
	printf("fisher_two_sided vs the definition in integers: every table of up "
		   "to 24, 20000 random ones up to 60, 2 published values\n");

	/* large tables, balanced and lopsided, against the whole support */
	for (r = 0; r < 108; r++)
	{
		int64_t		scale = r < 60 ? 1000 : r < 100 ? 20000 : 200000;
		int64_t		n = RandInt(1, (int) scale),
					m = RandInt(1, (int) scale);
		double		p1 = RandUnit(),
					p2 = p1;
		int64_t		a,
					c;

		/* the same rate, one a few standard errors off, or any */
		if (r % 3 == 1)
			p2 = p1 + (RandUnit() - 0.5) * 8.0 / sqrt((double) (n < m ? n : m));
		else if (r % 3 == 2)
			p2 = RandUnit();
		p2 = p2 < 0.0 ? 0.0 : p2 > 1.0 ? 1.0 : p2;
		a = (int64_t) (n * p1);
		c = (int64_t) (m * p2);

		CheckFisherTable(a, n - a, c, m - c, FisherLgamma(a, n - a, c, m - c),
						 1e-7, "lgamma");
	}
	printf("fisher_two_sided vs the whole support summed from lgamma: 108 "
		   "tables of up to 400000\n");
}

static int
CompareSorted(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y ? 1 : 0;
}

void
CheckMedian(void)
{
	int			r;

	for (r = 0; r < 3000; r++)
	{
		int64_t		n = r < 2500 ? RandInt(1, 40) : RandInt(1, 20000),
					i,
					k = RandInt(0, (int) n - 1);
		int			style = RandInt(0, 4);
		double	   *v = Xalloc(sizeof(double) * n),
				   *w = Xalloc(sizeof(double) * n),
				   *sorted = Xalloc(sizeof(double) * n),
					got,
					want,
					lower,
					upper;
		bool		ok = true;

		for (i = 0; i < n; i++)
			v[i] = style == 0 ? RandUnit() :
				style == 1 ? (double) RandInt(0, 3) :
				style == 2 ? (double) i :
				style == 3 ? (double) (n - i) : (RandInt(0, 1) ? 1e308 : -1e308);
		memcpy(sorted, v, sizeof(double) * n);
		qsort(sorted, n, sizeof(double), CompareSorted);
		memcpy(w, v, sizeof(double) * n);
		got = select_kth(w, n, k);
		for (i = 0; i < n; i++)
			if ((i < k && w[i] > got) || (i > k && w[i] < got))
				ok = false;
		Check(got == sorted[k] && ok, "select_kth: n %lld k %lld style %d",
			  (long long) n, (long long) k, style);

		lower = sorted[(n - 1) / 2];
		upper = sorted[n / 2];
		want = lower + 0.5 * (upper - lower);
		if (!isfinite(want))
			want = lower / 2 + upper / 2;
		memcpy(w, v, sizeof(double) * n);
		got = median_of(w, n);
		Check(got == want, "median_of: n %lld style %d: %.17g, expected %.17g",
			  (long long) n, style, got, want);
		free(v);
		free(w);
		free(sorted);
	}
	printf("select_kth and median_of vs a sort: 3000 arrays of 1..20000, "
		   "with ties, sorted, reversed, huge\n");
}
