/*
 * check_flow_pruned.c
 *		assign_solve_pruned against the solve over every pair: random
 *		instances, each row keeping only a few of its pairs (its best, or at
 *		random), the certificate adding back the rest it needs.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"
#include "flow_pruned.h"

/* The whole instance, for rescoring, and what was kept of it. */
typedef struct Source
{
	const Inst *in;
	double	   *dense;			/* nrows x ncols, NaN: no pair */
	char	   *refused;		/* nrows x ncols: scored, but no candidate */
	int64_t		refused_added;	/* a refused pair was added back */
	int64_t		rescored_twice;	/* a pair asked for that was kept, known or
								 * (when all are remembered) rescored before */
	bool		forgetting;		/* pairs rescored may be forgotten */
	char	   *kept;			/* nrows x ncols */
	char	   *asked;			/* nrows x ncols: rescored in this solve */
	bool		batch_open;		/* rescore_rows called since the round's end */
} Source;

static void
Rescore(void *arg, int32_t row, const int32_t *cols, int32_t n, double *scores)
{
	Source	   *s = arg;
	int32_t		x;

	for (x = 0; x < n; x++)
	{
		size_t		at = (size_t) row * s->in->ncols + cols[x];

		scores[x] = s->dense[at];
		s->rescored_twice += s->kept[at] + (s->forgetting ? 0 : s->asked[at]);
		s->asked[at] = 1;
	}
}

/* rescore_rows: each row in turn, as a team of workers would. */
static void
RescoreRows(void *arg, int32_t n, const int32_t *rows, const int64_t *start,
			const int32_t *cols, double *scores)
{
	int32_t		x;

	((Source *) arg)->batch_open = true;
	for (x = n - 1; x >= 0; x--)
		Rescore(arg, rows[x], cols + start[x], (int32_t) (start[x + 1] - start[x]),
				scores + start[x]);
}

/* rescore_rows_end: the round's batches are over. */
static void
RescoreRowsEnd(void *arg)
{
	((Source *) arg)->batch_open = false;
}

/* Scored pairs outside the instance are no candidates. */
static bool
Admit(void *arg, int32_t row, int32_t col)
{
	Source	   *s = arg;

	return !s->refused[(size_t) row * s->in->ncols + col];
}

static void
Reserve(void *arg, size_t bytes)
{
	(void) arg;
	(void) bytes;
}

static int
ByScoreDesc(const void *a, const void *b)
{
	double		x = ((const double *) a)[0],
				y = ((const double *) b)[0];

	return (x < y) - (x > y);
}

/*
 * Keeps at most k pairs of each row (its best when best, else at random),
 * hands over the next known with their scores and bounds the rest; then
 * solves pruned and compares with assign_solve over every pair.  When
 * refusing, some pairs outside the instance score too (as high as any) and
 * count in the bounds, as a first pass that leaves ruling them out until a
 * pair is added has them; admit must refuse each.
 */
/*
 * assign_solve_priced from random start prices (0, INFINITY, up to twice
 * the score range) reaches the optimum it reaches without them.
 */
static void
CheckStartPrices(const AssignProblem *p, AssignObjective obj, double smin,
				 double smax, const Obj *want, double tol, const char *label)
{
	AssignDuals d;
	double	   *start;
	int64_t    *row_edge;
	Obj			got;
	int32_t		j;

	if (p->nrows == 0 || p->ncols == 0 || !(smin <= smax))
		return;
	memset(&d, 0, sizeof(d));
	d.score_min = smin;
	d.score_max = smax;
	d.row_value = malloc(sizeof(double) * p->nrows);
	d.col_price = malloc(sizeof(double) * p->ncols);
	start = malloc(sizeof(double) * p->ncols);
	row_edge = malloc(sizeof(int64_t) * p->nrows);
	for (j = 0; j < p->ncols; j++)
		start[j] = RandInt(0, 3) == 0 ? 0.0 : RandInt(0, 5) == 0 ? INFINITY :
			RandUnit() * 2.0 * (smax / 2.0 - smin / 2.0);
	d.start_price = start;
	assign_solve_priced(p, obj, obj == ASSIGN_TOTAL ? 0.0 : -DBL_MAX, &d, row_edge);
	if (ValidAssignment(p, row_edge, &got, label))
		Check((obj == ASSIGN_TOTAL ? Near(got.total, want->total, tol) :
			   got.card == want->card && Near(got.total, want->total, tol)) &&
			  got.weight - got.card == want->weight - want->card,
			  "%s obj %d from start prices: got card %lld total %.17g, want card "
			  "%lld total %.17g", label, obj, (long long) got.card, got.total,
			  (long long) want->card, want->total);
	free(d.row_value);
	free(d.col_price);
	free(start);
	free(row_edge);
}

static void
CheckPrunedOne(const Inst *in, int k, int known, bool best, bool refusing,
			   const char *label)
{
	int32_t		nrows = in->nrows,
				ncols = in->ncols,
				i,
				j;
	int64_t		nedges = in->row_start[nrows],
				e,
				nk = 0;
	AssignProblem full = AsAssign(in);
	PrunedProblem pp;
	Source		src;
	double	   *rb = Xalloc(sizeof(double) * (nrows + 1)),
			   *cb = Xalloc(sizeof(double) * (ncols + 1)),
			   *pairs = Xalloc(sizeof(double) * 2 * (ncols + 1));
	int64_t    *rs = Xalloc(sizeof(int64_t) * (nrows + 1)),
			   *ks = Xalloc(sizeof(int64_t) * (nrows + 1)),
			   *want_edge = Xalloc(sizeof(int64_t) * (nrows + 1)),
			   *got_edge = Xalloc(sizeof(int64_t) * (nrows + 1));
	/* known pairs may be refused ones, outside the instance */
	int32_t    *kcol = Xalloc(sizeof(int32_t) * (nedges + 1)),
			   *ncol = Xalloc(sizeof(int32_t) * ((size_t) nrows * ncols + 1));
	double	   *kscore = Xalloc(sizeof(double) * (nedges + 1)),
			   *nscore = Xalloc(sizeof(double) * ((size_t) nrows * ncols + 1));
	int64_t		nn = 0;
	double		tol = Tolerance(in);
	int			obj;

	src.in = in;
	src.dense = Xalloc(sizeof(double) * ((size_t) nrows * ncols + 1));
	src.kept = Xalloc((size_t) nrows * ncols + 1);
	src.asked = Xalloc((size_t) nrows * ncols + 1);
	src.refused = Xalloc((size_t) nrows * ncols + 1);
	memset(src.refused, 0, (size_t) nrows * ncols + 1);
	for (e = 0; e < (int64_t) nrows * ncols; e++)
		src.dense[e] = NAN;
	for (j = 0; j < ncols; j++)
		cb[j] = -INFINITY;
	pp.score_min = INFINITY;
	pp.score_max = -INFINITY;
	for (i = 0; i < nrows; i++)
		for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
			src.dense[(size_t) i * ncols + in->col[e]] = in->score[e];
	for (i = 0; refusing && nedges > 0 && i < nrows; i++)
		for (j = 0; j < ncols; j++)
		{
			size_t		at = (size_t) i * ncols + j;

			if (!isnan(src.dense[at]) || RandInt(0, 2) > 0)
				continue;
			src.dense[at] = in->score[RandInt(0, (int) nedges - 1)];
			src.refused[at] = 1;
		}
	for (i = 0; i < nrows; i++)
	{
		int32_t		n = 0,
					x;

		/* the row's pairs, refused ones as -(column + 1) */
		for (j = 0; j < ncols; j++)
		{
			size_t		at = (size_t) i * ncols + j;

			if (!src.refused[at])
				continue;
			pairs[2 * n] = best ? src.dense[at] : RandUnit();
			pairs[2 * n + 1] = -(j + 1);
			n++;
		}
		for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
		{
			pairs[2 * n] = best ? in->score[e] : RandUnit();
			pairs[2 * n + 1] = e;
			n++;
			if (in->score[e] < pp.score_min)
				pp.score_min = in->score[e];
			if (in->score[e] > pp.score_max)
				pp.score_max = in->score[e];
		}
		qsort(pairs, n, 2 * sizeof(double), ByScoreDesc);
		rs[i] = nk;
		ks[i] = nn;
		rb[i] = -INFINITY;
		for (x = 0; x < n; x++)
		{
			int64_t		ei = (int64_t) pairs[2 * x + 1];
			int32_t		col = ei >= 0 ? in->col[ei] : (int32_t) (-ei - 1);
			double		s = src.dense[(size_t) i * ncols + col];

			if (x < k && ei >= 0)
			{
				kcol[nk] = col;
				kscore[nk++] = s;
				src.kept[(size_t) i * ncols + col] = 1;
				continue;
			}
			/* known pairs may be refused: admit is asked of them too */
			if (x >= k && x < k + known)
			{
				ncol[nn] = col;
				nscore[nn++] = s;
				src.kept[(size_t) i * ncols + col] = 2;
				continue;
			}
			if (s > rb[i])
				rb[i] = s;
			if (s > cb[col])
				cb[col] = s;
		}
	}
	rs[nrows] = nk;
	ks[nrows] = nn;

	for (obj = 0; obj < 3; obj++)
	{
		Obj			want,
					got;
		bool		ok;

		src.rescored_twice = 0;
		memset(src.asked, 0, (size_t) nrows * ncols + 1);
		memset(&pp.kept, 0, sizeof(pp.kept));
		pp.kept.nrows = nrows;
		pp.kept.ncols = ncols;
		pp.kept.row_start = rs;
		pp.kept.col = kcol;
		pp.kept.score = kscore;
		pp.kept.capacity = in->capacity;
		pp.kept.row_class = in->row_class;
		pp.known_start = known > 0 || RandInt(0, 1) ? ks : NULL;
		pp.known_col = ncol;
		pp.known_score = nscore;
		pp.row_bound = rb;
		pp.col_bound = cb;
		pp.rescore = Rescore;
		pp.rescore_rows = RandInt(0, 1) ? RescoreRows : NULL;
		pp.rescore_rows_end = RandInt(0, 3) ? RescoreRowsEnd : NULL;
		src.batch_open = false;
		pp.admit = refusing || RandInt(0, 1) ? Admit : NULL;
		pp.reserve = Reserve;
		pp.release = Reserve;
		pp.arg = &src;
		pp.memory = NULL;
		pp.rounds = 0;
		pp.rescored = pp.added = 0;
		/* at times, rescored pairs are forgotten at once, and only bounded */
		src.forgetting = RandInt(0, 2) == 0;
		pp.remember_most = src.forgetting ? 1 : 0;

		assign_solve(&full, (AssignObjective) obj, want_edge);
		(void) ValidAssignment(&full, want_edge, &want, label);
		if (obj != ASSIGN_FAIR)
			CheckStartPrices(&full, (AssignObjective) obj, pp.score_min,
							 pp.score_max, &want, tol, label);
		assign_solve_pruned(&pp, (AssignObjective) obj, got_edge);
		src.refused_added = 0;
		for (i = 0; i < nrows; i++)
			for (e = pp.kept.row_start[i]; e < pp.kept.row_start[i + 1]; e++)
				src.refused_added += src.refused[(size_t) i * ncols + pp.kept.col[e]];
		Check(src.refused_added == 0, "%s: a refused pair was added back", label);
		Check(pp.rescore_rows_end == NULL || !src.batch_open,
			  "%s: rescore_rows called after the last round's rescore_rows_end", label);
		if (!ValidAssignment(&pp.kept, got_edge, &got, label))
		{
			core_host_reset();
			continue;
		}
		if (obj == ASSIGN_TOTAL)
			ok = Near(got.total, want.total, tol);
		else
			ok = got.card == want.card && Near(got.total, want.total, tol) &&
				(obj != ASSIGN_FAIR || got.card == 0 || Near(got.min, want.min, tol));
		/* with classes, as many of each class: weight less card alike */
		if (in->row_class != NULL)
			ok = ok && got.weight - got.card == want.weight - want.card;
		Check(ok, "%s obj %d k %d (%dx%d, %d rounds): got card %lld min %.17g "
			  "total %.17g, want card %lld min %.17g total %.17g", label, obj, k,
			  nrows, ncols, pp.rounds, (long long) got.card, got.min, got.total,
			  (long long) want.card, want.min, want.total);
		Check(src.rescored_twice == 0, "%s: a kept, known or rescored pair was rescored", label);
		core_host_reset();
	}
	free(src.dense);
	free(src.kept);
	free(src.asked);
	free(src.refused);
	free(rb);
	free(cb);
	free(pairs);
	free(rs);
	free(want_edge);
	free(got_edge);
	free(kcol);
	free(kscore);
	free(ks);
	free(ncol);
	free(nscore);
}

void
CheckPruned(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		Inst		in;
		bool		small = r % 2 == 0,
					wide = r % 10 == 1;
		int			nrows = small ? RandInt(0, 8) : wide ? RandInt(10, 40) : RandInt(10, 80),
					ncols = small ? RandInt(0, 5) : wide ? RandInt(30, 60) : RandInt(2, 20),
					style = RandInt(0, 4);

		MakeInst(&in, nrows, ncols, 0.2 + 0.8 * RandUnit(), RandInt(0, 4),
				 style, RandInt(0, 1) ? 1e300 : 1e-300);

		/*
		 * Wide rows hand over more pairs than a row adds in a round
		 * (ROW_ADDS), so that rows break the certificate with known pairs
		 * alone while others it needs are left to rescore.
		 */
		CheckPrunedOne(&in, RandInt(0, 4),
					   wide ? RandInt(16, 40) : RandInt(0, 1) ? 0 : RandInt(1, 3),
					   RandInt(0, 3) > 0, RandInt(0, 2) == 0,
					   small ? "pruned small" : wide ? "pruned wide" : "pruned medium");
		FreeInst(&in);
	}
}

/*
 * As CheckPruned, with every row in a random class (1 to 4 classes): the
 * pruned solve keeps the classes' counts of the solve over every pair.
 */
void
CheckPrunedClasses(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		Inst		in;
		bool		small = r % 2 == 0;
		int			nrows = small ? RandInt(0, 8) : RandInt(10, 80),
					ncols = small ? RandInt(0, 5) : RandInt(2, 20),
					nclasses = RandInt(1, 4),
					i;

		MakeInst(&in, nrows, ncols, 0.2 + 0.8 * RandUnit(), RandInt(0, 4),
				 RandInt(0, 4), RandInt(0, 1) ? 1e300 : 1e-300);
		in.row_class = Xalloc(sizeof(int32_t) * (nrows + 1));
		for (i = 0; i < nrows; i++)
			in.row_class[i] = RandInt(0, nclasses - 1);
		CheckPrunedOne(&in, RandInt(0, 4), RandInt(0, 1) ? 0 : RandInt(1, 3),
					   RandInt(0, 3) > 0, RandInt(0, 2) == 0,
					   small ? "pruned classes small" : "pruned classes medium");
		FreeInst(&in);
	}
}
