/*
 * check_assign.c
 *		assign_solve (core/flow.h) against brute force on small instances,
 *		a seat-duplicated Hungarian method on medium capacitated ones, edge
 *		cases, and the contract-size sparse instance.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "host.h"

/* ---------------------------------------------------------------------
 * assign_solve vs brute force
 * ---------------------------------------------------------------------
 */
void
SolveSmall(const Inst *in, AssignObjective objective, int64_t *row_edge,
		   const char *label)
{
	AssignProblem p = AsAssign(in);
	size_t		promised = assign_scratch_bytes(&p, objective);

	core_host_reset();
	assign_solve(&p, objective, row_edge);
	CheckPromise(label, core_alloc_total, promised,
				 assign_scratch_bound(in->nrows, in->ncols,
									  in->row_start[in->nrows],
									  objective, true));
	core_host_reset();
}

void
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
		bool		ok;

		SolveSmall(in, (AssignObjective) k, row_edge, label);
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
 * assign_solve vs seat-duplicated Hungarian on medium capacitated sparse
 * instances with integer scores (exact arithmetic): COVERAGE and TOTAL.
 * ---------------------------------------------------------------------
 */
void
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
		int			j,
					obj;
		int64_t    *re = Xalloc(sizeof(int64_t) * nrows);

		MakeInst(&in, nrows, ncols, dense ? 1.0 : 0.1 + 0.8 * RandUnit(),
				 maxcap, style, 1.0);
		for (j = 0; j < ncols; j++)
		{
			/* dense: about as many seats as rows (fewer, equal or more) */
			if (dense)
				in.capacity[j] = nrows / ncols + RandInt(-1, 1);
			if (in.capacity[j] > nrows)
				in.capacity[j] = RandInt(0, 1) ? nrows : nrows + 5;
		}
		p = AsAssign(&in);
		for (obj = 0; obj < 2; obj++)
		{
			int64_t		want_card;
			double		want;
			Obj			o;

			SeatDuplicatedOptimum(&in, (AssignObjective) obj, -INFINITY,
								  &want_card, &want);
			assign_solve(&p, (AssignObjective) obj, re);
			core_host_reset();
			if (!ValidAssignment(&p, re, &o, "assign medium"))
				continue;
			if (obj == ASSIGN_COVERAGE)
				Check(o.card == want_card && o.total == want,
					  "assign medium COVERAGE %dx%d: got %lld %.17g want %lld %.17g",
					  nrows, ncols, (long long) o.card, o.total,
					  (long long) want_card, want);
			else
				Check(o.total == want,
					  "assign medium TOTAL %dx%d: got %.17g want %.17g",
					  nrows, ncols, o.total, want);
		}
		free(re);
		FreeInst(&in);
	}
}

/* ---------------------------------------------------------------------
 * Edge cases
 * ---------------------------------------------------------------------
 */
void
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
}

/* The contract-size sparse instance solves and is valid (timed). */
void
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
	size_t		promised,
				allocated;

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
	p.row_class = NULL;
	promised = assign_scratch_bytes(&p, ASSIGN_COVERAGE);
	core_host_reset();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assign_solve(&p, ASSIGN_COVERAGE, re);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	allocated = core_alloc_total;
	CheckPromise("sparse large", core_alloc_total, promised,
				 assign_scratch_bound(nrows, ncols, (int64_t) nrows * k,
									  ASSIGN_COVERAGE, false));
	core_host_reset();
	if (ValidAssignment(&p, re, &o, "sparse large"))
		Check(o.card == nrows, "sparse large: %lld of %d rows matched",
			  (long long) o.card, nrows);
	printf("sparse 100k x 10k cap 12 top-20 COVERAGE: %.3f s, total %.6f, "
		   "scratch %zu kB, promised %zu kB\n",
		   (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec), o.total,
		   allocated >> 10, promised >> 10);
	free(rs);
	free(cl);
	free(sc);
	free(cap);
	free(re);
	free(mark);
}
