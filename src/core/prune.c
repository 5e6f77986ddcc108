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
	int64_t    *mark;			/* mark[j] == this round's stamp of row i:
								 * (i, j) is kept or known */
	int32_t    *cols;			/* a row's columns to rescore */
	double	   *scores;
	int32_t    *add_col;		/* per added pair */
	double	   *add_score;
	int64_t    *add_start;		/* per row + 1 */
	int64_t		add_cap;
	double	   *excess;			/* per pair a row adds: score - price */
	bool		merged;			/* kept's arrays are MergeAdded's */
} Rounds;

/*
 * The rounding of a row value plus a column price: a pair breaks the
 * certificate when it scores above their sum by more than that.  A pair
 * at the sum (ties, which are many in some cohorts) cannot improve the
 * answer, nor can one within the rounding by more than it: such pairs stay
 * out, so the answer is exact to within that much a matched row (about
 * 1e-15 of the scores' range times the rows, for COVERAGE).
 */
static inline double
Slack(double value, double price)
{
	double		x = fabs(value) + fabs(price);

	return x < INFINITY ? 4.0 * DBL_EPSILON * x : 0.0;
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
		int32_t    *c;
		double	   *s;

		r->pp->reserve(r->pp->memory, (size_t) cap * 12);
		c = core_alloc_array((size_t) cap, sizeof(int32_t));
		s = core_alloc_array((size_t) cap, sizeof(double));
		memcpy(c, r->add_col, sizeof(int32_t) * n);
		memcpy(s, r->add_score, sizeof(double) * n);
		core_free(r->add_col);
		core_free(r->add_score);
		r->pp->release(r->pp->memory, (size_t) r->add_cap * 12);
		r->add_col = c;
		r->add_score = s;
		r->add_cap = cap;
	}
	r->add_col[n] = col;
	r->add_score[n] = score;
}

/*
 * Of a row's pairs that break the certificate, add_*[from .. n - 1], keeps
 * the ROW_ADDS that break it most (any of them would do to make progress;
 * with many ties a row breaks it with hundreds of equal pairs, and adding
 * them all only makes the solves larger).  Returns the new end.
 */
#define ROW_ADDS 16

static int64_t
KeepMostBreaking(Rounds *r, int64_t from, int64_t n)
{
	int64_t		cnt = n - from,
				x,
				out = from,
				ties = 0;
	double		t;

	if (cnt <= ROW_ADDS)
		return n;
	for (x = 0; x < cnt; x++)
		r->excess[x] = r->add_score[from + x] - r->duals.col_price[r->add_col[from + x]];
	t = prune_kth_largest(r->excess, cnt, ROW_ADDS - 1);
	for (x = 0; x < cnt; x++)
	{
		double		v = r->add_score[from + x] - r->duals.col_price[r->add_col[from + x]];

		if (v > t || (v == t && ties++ < ROW_ADDS))
		{
			r->add_col[out] = r->add_col[from + x];
			r->add_score[out++] = r->add_score[from + x];
		}
		if (out - from == ROW_ADDS)
			break;
	}
	return out;
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
		int64_t		e,
					stamp = (int64_t) pp->rounds * k->nrows + i;

		r->add_start[i] = n;
		for (e = k->row_start[i]; e < k->row_start[i + 1]; e++)
			r->mark[k->col[e]] = stamp;
		if (pp->known_start != NULL)
			for (e = pp->known_start[i]; e < pp->known_start[i + 1]; e++)
			{
				int32_t		j = pp->known_col[e];
				double		s = pp->known_score[e],
							price = r->duals.col_price[j];

				if (r->mark[j] == stamp)
					continue;	/* added back already */
				r->mark[j] = stamp;
				if (s >= lo && s > value + price + Slack(value, price))
					AddPair(r, n++, j, s);
			}
		if (!(b >= lo) || nseated == 0 ||
			b <= value + r->duals.col_price[r->by_price[0]] +
			Slack(value, r->duals.col_price[r->by_price[0]]))
			continue;
		for (x = 0; x < nseated; x++)
		{
			int32_t		j = r->by_price[x];
			double		price = r->duals.col_price[j],
						bound = pp->col_bound[j] < b ? pp->col_bound[j] : b;

			if (b <= value + price + Slack(value, price))
				break;			/* and so for every dearer column */
			if (r->mark[j] != stamp && bound >= lo &&
				bound > value + price + Slack(value, price))
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

			if (s >= lo && s > value + price + Slack(value, price))
				AddPair(r, n++, j, s);
		}
		n = KeepMostBreaking(r, r->add_start[i], n);
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
	if (r->merged)
	{
		/* the previous round's copy (the caller's first arrays stay) */
		size_t		bytes = ((size_t) k->nrows + 1) * 8 +
			(size_t) k->row_start[k->nrows] * 12;

		core_free((void *) k->row_start);
		core_free((void *) k->col);
		core_free((void *) k->score);
		r->pp->release(r->pp->memory, bytes);
	}
	r->merged = true;
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
	pp->reserve(pp->memory, ((size_t) ncols + 1) * (8 + 4 + 8 + 4 + 8) +
				((size_t) nrows + 1) * (8 + 8 + 8) + (size_t) r.add_cap * 12);
	r.duals.score_min = pp->score_min;
	r.duals.score_max = pp->score_max;
	r.duals.row_value = core_alloc_array(nrows, sizeof(double));
	r.duals.col_price = core_alloc_array(ncols, sizeof(double));
	r.by_price = core_alloc_array(ncols, sizeof(int32_t));
	r.mark = core_alloc_array(ncols, sizeof(int64_t));
	r.cols = core_alloc_array(ncols, sizeof(int32_t));
	r.scores = core_alloc_array(ncols, sizeof(double));
	r.add_start = core_alloc_array((size_t) nrows + 1, sizeof(int64_t));
	r.add_col = core_alloc_array((size_t) r.add_cap, sizeof(int32_t));
	r.add_score = core_alloc_array((size_t) r.add_cap, sizeof(double));
	for (i = 0; i < ncols; i++)
		r.mark[i] = -1;
	{
		int64_t		most = 0;

		for (i = 0; pp->known_start != NULL && i < nrows; i++)
			if (pp->known_start[i + 1] - pp->known_start[i] > most)
				most = pp->known_start[i + 1] - pp->known_start[i];
		pp->reserve(pp->memory, ((size_t) ncols + most + 1) * 8);
		r.excess = core_alloc_array((size_t) ncols + most, sizeof(double));
	}

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
