/*
 * prune.c
 *		Exact assignment on pruned candidates: solve the kept pairs with
 *		duals, add back the left-out pairs that break the certificate,
 *		repeat (see prune.h); plain C.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flow_internal.h"
#include "prune.h"

/* Scratch of the rounds, per column unless said. */
typedef struct Rounds
{
	PrunedProblem *pp;
	AssignDuals duals;
	int32_t    *by_price;		/* columns by ascending price */
	int32_t    *mark;			/* mark[j] == i: (i, j) is kept */
	int32_t    *cols;			/* a row's columns to rescore */
	double	   *scores;
	int32_t    *add_col;		/* per added pair */
	double	   *add_score;
	int64_t    *add_start;		/* per row + 1 */
	int64_t		add_cap;
} Rounds;

/*
 * The certificate's slack: a pair within it of its row value plus column
 * price counts as breaking it, so rounding never hides one.
 */
static inline double
Slack(double value, double price)
{
	return 1e-12 * (1.0 + fabs(value) + fabs(price));
}

static const double *sort_price;

static int
CompareByPrice(const void *a, const void *b)
{
	double		x = sort_price[*(const int32_t *) a];
	double		y = sort_price[*(const int32_t *) b];

	if (x != y)
		return x < y ? -1 : 1;
	return (*(const int32_t *) a > *(const int32_t *) b) -
		(*(const int32_t *) a < *(const int32_t *) b);
}

static void
AddPair(Rounds *r, int64_t n, int32_t col, double score)
{
	if (n == r->add_cap)
	{
		int64_t		cap = r->add_cap * 2;
		int32_t    *c = core_alloc_array((size_t) cap, sizeof(int32_t));
		double	   *s = core_alloc_array((size_t) cap, sizeof(double));

		r->pp->reserve(r->pp->memory, (size_t) cap * 12);
		memcpy(c, r->add_col, sizeof(int32_t) * n);
		memcpy(s, r->add_score, sizeof(double) * n);
		r->add_col = c;
		r->add_score = s;
		r->add_cap = cap;
	}
	r->add_col[n] = col;
	r->add_score[n] = score;
}

/*
 * The left-out pairs, usable (score >= lo), that break the certificate of
 * the duals just found: collected per row in add_*.  Returns how many.  A
 * row is looked at only if its bound could break it at the least price;
 * then only columns priced low enough for its bound, and whose own bound
 * could break it, are rescored.
 */
static int64_t
FindBreaking(Rounds *r, double lo)
{
	PrunedProblem *pp = r->pp;
	const AssignProblem *k = &pp->kept;
	int32_t		ncols = k->ncols,
				nseated = 0,
				i,
				x;
	int64_t		n = 0;

	for (x = 0; x < ncols; x++)
		if (r->duals.col_price[x] < INFINITY)
			r->by_price[nseated++] = x;
	sort_price = r->duals.col_price;
	qsort(r->by_price, (size_t) nseated, sizeof(int32_t), CompareByPrice);

	for (i = 0; i < k->nrows; i = core_next_row(i))
	{
		double		b = pp->row_bound[i],
					value = r->duals.row_value[i];
		int32_t		nc = 0;
		int64_t		e;

		r->add_start[i] = n;
		if (!(b >= lo) || nseated == 0 ||
			b <= value + r->duals.col_price[r->by_price[0]] -
			Slack(value, r->duals.col_price[r->by_price[0]]))
			continue;
		for (e = k->row_start[i]; e < k->row_start[i + 1]; e++)
			r->mark[k->col[e]] = i;
		for (x = 0; x < nseated; x++)
		{
			int32_t		j = r->by_price[x];
			double		price = r->duals.col_price[j],
						bound = pp->col_bound[j] < b ? pp->col_bound[j] : b;

			if (b <= value + price - Slack(value, price))
				break;			/* and so for every dearer column */
			if (r->mark[j] != i && bound >= lo &&
				bound > value + price - Slack(value, price))
				r->cols[nc++] = j;
		}
		if (nc == 0)
			continue;
		pp->rescore(pp->arg, i, r->cols, nc, r->scores);
		pp->rescored += nc;
		pp->rows_rescored++;
		for (x = 0; x < nc; x++)
		{
			int32_t		j = r->cols[x];
			double		s = r->scores[x],
						price = r->duals.col_price[j];

			if (s >= lo && s > value + price - Slack(value, price))
				AddPair(r, n++, j, s);
		}
	}
	r->add_start[k->nrows] = n;
	return n;
}

/* The kept pairs and the n added ones, row by row, in new arrays. */
static void
MergeAdded(Rounds *r, int64_t n)
{
	AssignProblem *k = &r->pp->kept;
	int64_t		total = k->row_start[k->nrows] + n,
				out = 0,
				e;
	int64_t    *rs;
	int32_t    *col;
	double	   *score;
	int32_t		i;

	r->pp->reserve(r->pp->memory, ((size_t) k->nrows + 1) * 8 + (size_t) total * 12);
	rs = core_alloc_array((size_t) k->nrows + 1, sizeof(int64_t));
	col = core_alloc_array((size_t) total, sizeof(int32_t));
	score = core_alloc_array((size_t) total, sizeof(double));
	for (i = 0; i < k->nrows; i++)
	{
		rs[i] = out;
		for (e = k->row_start[i]; e < k->row_start[i + 1]; e++, out++)
		{
			col[out] = k->col[e];
			score[out] = k->score[e];
		}
		for (e = r->add_start[i]; e < r->add_start[i + 1]; e++, out++)
		{
			col[out] = r->add_col[e];
			score[out] = r->add_score[e];
		}
	}
	rs[k->nrows] = out;
	k->row_start = rs;
	k->col = col;
	k->score = score;
	r->pp->added += n;
}

/*
 * One round: COVERAGE or TOTAL on the kept pairs scoring at least lo, with
 * duals; then the left-out pairs that break them are added.  Returns true
 * when none did (row_edge is then certified), false after adding some.
 */
static bool
SolveRound(Rounds *r, AssignObjective objective, double lo, int64_t *row_edge)
{
	PrunedProblem *pp = r->pp;
	size_t		bytes = assign_priced_scratch_bytes(&pp->kept);
	void	   *scope;
	int64_t		n;

	core_check_interrupts();
	pp->rounds++;
	pp->reserve(pp->memory, bytes);
	scope = core_scope_begin();
	assign_solve_priced(&pp->kept, objective, lo, &r->duals, row_edge);
	core_scope_end(scope);
	pp->release(pp->memory, bytes);
	n = FindBreaking(r, objective == ASSIGN_TOTAL && !(lo > 0.0) ? 0x1p-1074 : lo);
	if (n == 0)
		return true;
	MergeAdded(r, n);
	return false;
}

/* The most rows the kept pairs match and their fair threshold. */
static int64_t
KeptThreshold(PrunedProblem *pp, double *threshold)
{
	const AssignProblem *k = &pp->kept;
	size_t		bytes = ((size_t) k->row_start[k->nrows] + 1) * 8 +
		((size_t) k->nrows + 1) * 8 +
		FairScratchBytes(k->nrows, k->ncols, (size_t) k->row_start[k->nrows]);
	void	   *scope;
	int64_t		K;

	pp->reserve(pp->memory, bytes);
	scope = core_scope_begin();
	K = FairThreshold(k, core_alloc_array((size_t) k->row_start[k->nrows], sizeof(double)),
					  core_alloc_array(k->nrows, sizeof(int64_t)), threshold);
	core_scope_end(scope);
	pp->release(pp->memory, bytes);
	return K;
}

void
assign_solve_pruned(PrunedProblem *pp, AssignObjective objective,
					int64_t *row_edge)
{
	Rounds		r;
	int32_t		nrows = pp->kept.nrows,
				ncols = pp->kept.ncols,
				i;

	for (i = 0; i < nrows; i++)
		row_edge[i] = -1;
	if (nrows == 0 || ncols == 0)
		return;

	memset(&r, 0, sizeof(r));
	r.pp = pp;
	r.add_cap = 1024;
	pp->reserve(pp->memory, ((size_t) ncols + 1) * (8 + 4 + 4 + 4 + 8) +
				((size_t) nrows + 1) * (8 + 8 + 8) + (size_t) r.add_cap * 12);
	r.duals.score_min = pp->score_min;
	r.duals.score_max = pp->score_max;
	r.duals.row_value = core_alloc_array(nrows, sizeof(double));
	r.duals.col_price = core_alloc_array(ncols, sizeof(double));
	r.by_price = core_alloc_array(ncols, sizeof(int32_t));
	r.mark = core_alloc_array(ncols, sizeof(int32_t));
	r.cols = core_alloc_array(ncols, sizeof(int32_t));
	r.scores = core_alloc_array(ncols, sizeof(double));
	r.add_start = core_alloc_array((size_t) nrows + 1, sizeof(int64_t));
	r.add_col = core_alloc_array((size_t) r.add_cap, sizeof(int32_t));
	r.add_score = core_alloc_array((size_t) r.add_cap, sizeof(double));
	for (i = 0; i < ncols; i++)
		r.mark[i] = -1;

	if (objective != ASSIGN_FAIR)
	{
		while (!SolveRound(&r, objective, -DBL_MAX, row_edge))
			;
		return;
	}

	/* FAIR: K first, then the threshold, then COVERAGE above it */
	while (!SolveRound(&r, ASSIGN_COVERAGE, -DBL_MAX, row_edge))
		;
	for (;;)
	{
		double		t = 0.0;

		if (KeptThreshold(pp, &t) == 0)
			break;				/* nothing can be matched, as certified */
		if (!SolveRound(&r, ASSIGN_COVERAGE, nextafter(t, INFINITY), row_edge))
			continue;
		while (!SolveRound(&r, ASSIGN_COVERAGE, t, row_edge))
			;
		return;
	}
	for (i = 0; i < nrows; i++)
		row_edge[i] = -1;
}

double
prune_kth_largest(double *a, int64_t n, int64_t k)
{
	return SelectKth(a, n, n - 1 - k);
}
