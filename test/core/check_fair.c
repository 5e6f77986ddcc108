/*
 * check_fair.c
 *		assign_solve's FAIR objective on medium capacitated instances,
 *		against a reference built from another method: for each candidate
 *		threshold t, the seat-duplicated Hungarian optimum (COVERAGE) on the
 *		pairs scoring t or more.
 *
 * FAIR is: most rows matched (K, the COVERAGE count over every pair), then
 * the highest lowest matched score t* (the highest t whose pairs still
 * match K rows), then the highest total among those (COVERAGE's total on
 * the pairs >= t*).  The count over the pairs >= t can only fall as t
 * rises, so t* is found by scanning the distinct scores when they are few
 * and by bisection over them otherwise.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "host.h"

static int
CompareDoubles(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* The distinct scores of in, ascending; *n receives their number. */
double *
DistinctScores(const Inst *in, int64_t *n)
{
	int64_t		ne = in->row_start[in->nrows],
				e,
				k = 0;
	double	   *s = Xalloc(sizeof(double) * (ne + 1));

	for (e = 0; e < ne; e++)
		s[e] = in->score[e];
	qsort(s, ne, sizeof(double), CompareDoubles);
	for (e = 0; e < ne; e++)
		if (k == 0 || s[e] != s[k - 1])
			s[k++] = s[e];
	*n = k;
	return s;
}

/* The FAIR optimum of in by the reference: K, t* and the total. */
static void
ReferenceFair(const Inst *in, Obj *want)
{
	int64_t		K,
				card,
				n,
				lo,
				hi;
	double		total;
	double	   *t = DistinctScores(in, &n);

	SeatDuplicatedOptimum(in, ASSIGN_COVERAGE, -INFINITY, &K, &total);
	want->card = K;
	want->min = INFINITY;
	want->total = 0.0;
	if (K == 0)
	{
		free(t);
		return;
	}
	/* t[lo] keeps K matched (t[0] does: it admits every pair); find the last */
	lo = 0;
	hi = n - 1;
	if (n <= 32)
	{
		int64_t		x;

		for (x = 1; x < n; x++)
		{
			SeatDuplicatedOptimum(in, ASSIGN_COVERAGE, t[x], &card, &total);
			if (card == K)
				lo = x;
		}
	}
	else
		while (lo < hi)
		{
			int64_t		mid = lo + (hi - lo + 1) / 2;

			SeatDuplicatedOptimum(in, ASSIGN_COVERAGE, t[mid], &card, &total);
			if (card == K)
				lo = mid;
			else
				hi = mid - 1;
		}
	SeatDuplicatedOptimum(in, ASSIGN_COVERAGE, t[lo], &card, &total);
	want->min = t[lo];
	want->total = total;
	free(t);
}

void
CheckFairMedium(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		Inst		in;
		AssignProblem p;
		int			nrows = RandInt(10, 60),
					ncols = RandInt(2, 15),
					kind = r % 3;
		int64_t    *re = Xalloc(sizeof(int64_t) * nrows);
		int64_t		e;
		Obj			want,
					got;
		size_t		promised;
		double		tol;
		int			j;

		/* kind 0: heavy ties (0..3); 1: integers -3..3; 2: uniform */
		MakeInst(&in, nrows, ncols, 0.15 + 0.8 * RandUnit(), RandInt(1, 6),
				 kind == 2 ? 0 : kind + 1, 1.0);
		for (j = 0; j < ncols; j++)
			if (in.capacity[j] > nrows)
				in.capacity[j] = RandInt(0, 1) ? nrows : nrows + 3;
		if (kind == 1)
			for (e = 0; e < in.row_start[nrows]; e++)
				in.score[e] += RandInt(0, 20) * 10;	/* more distinct values */
		p = AsAssign(&in);
		ReferenceFair(&in, &want);

		promised = assign_scratch_bytes(&p, ASSIGN_FAIR);
		core_host_reset();
		assign_solve(&p, ASSIGN_FAIR, re);
		CheckPromise("fair medium", core_alloc_total, promised,
					 assign_scratch_bound(nrows, ncols, in.row_start[nrows],
										  ASSIGN_FAIR, false));
		core_host_reset();
		tol = Tolerance(&in);
		if (ValidAssignment(&p, re, &got, "fair medium"))
			Check(got.card == want.card &&
				  (want.card == 0 ||
				   (got.min == want.min && Near(got.total, want.total, tol))),
				  "fair medium %dx%d kind %d: got card %lld min %.17g total %.17g, "
				  "want card %lld min %.17g total %.17g", nrows, ncols, kind,
				  (long long) got.card, got.min, got.total,
				  (long long) want.card, want.min, want.total);
		free(re);
		FreeInst(&in);
	}
}
