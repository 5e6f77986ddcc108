/*
 * bmatch_pruned.c
 *		The lists of bmatch.h on a pruned candidate set, with the
 *		certificate of their duals (see bmatch_pruned.h); plain C.
 *
 * A round: solve the kept pairs (warm after the first, from the last
 * round's flow and potentials, which bmatch_solve left valid), sort the
 * columns with seats by price, and for each row whose bound is above its
 * value plus the least price, rescore its pairs with the columns priced
 * below the bound less its value, other than those kept; the pairs scoring
 * above value plus price come back, at most BMATCH_ROW_ADDS a row, those
 * most above first.  Every other left-out pair scores at most its row's
 * bound, which is at most value plus price: the certificate holds for it.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bmatch_pruned.h"

typedef struct Rounds
{
	BMatchPruned *bp;
	int64_t		cap;			/* edges the arrays have room for */
	bool		owned;			/* the edge arrays are ours */
	int32_t    *edge_row;
	int32_t    *edge_col;
	double	   *score;
	int64_t		nnew;			/* pairs added back this round */
	double	   *potential;
	double	   *row_value;
	double	   *col_price;
	int32_t    *by_price;		/* columns with seats, cheapest first */
	struct PricedColumn *sorting;	/* a column's worth, to sort them */
	int32_t		npriced;
	int64_t    *row_start;		/* the kept pairs by row: row_cols[...] */
	int32_t    *row_cols;
	int32_t    *mark;			/* mark[j] == i: row i keeps column j */
	int32_t    *brow;			/* the pairs to rescore, a batch */
	int32_t    *bcol;
	double	   *bscore;
	int64_t		bn;
} Rounds;

/* A hair of rounding in s against u + v. */
static inline bool
Breaks(double s, double u, double v)
{
	return s > u + v + 1e-9 * fabs(s) + 64.0 * DBL_EPSILON * (fabs(u) + fabs(v));
}

/* Bytes of the edge arrays and the flow for cap edges. */
static size_t
EdgeBytes(const BMatchProblem *k, int64_t cap)
{
	return ((size_t) cap + 1) * (4 + 4 + 8 + 4 + 4) +
		((size_t) k->nrows + k->ncols + 1) * 4;
}

size_t
bmatch_pruned_first_bytes(int32_t nrows, int32_t ncols, int64_t nedges)
{
	size_t		n = (size_t) nrows + ncols + 1;

	/*
	 * the edge arrays with room for a quarter more (row, col, score, flow,
	 * row_cols), potentials, values, prices, the columns by price and to
	 * sort, marks, row starts, the batch; a solve's scratch
	 */
	return ((size_t) nedges + nedges / 4 + 1025) * (4 + 4 + 8 + 4 + 4) + n * 4 +
		n * 8 * 3 + ((size_t) ncols + 1) * 24 + ((size_t) nrows + 1) * 8 +
		((size_t) BMATCH_BATCH_PAIRS + ncols + 1) * 16 +
		bmatch_scratch_bytes(nrows, ncols, nedges + nedges / 4 + 1024);
}

/*
 * Room for need edges in the arrays: larger ones, the kept pairs and those
 * added so far copied, the flow and the round's row_cols with them.
 */
static void
Grow(Rounds *r, int64_t need)
{
	BMatchPruned *bp = r->bp;
	BMatchProblem *k = &bp->kept;
	int64_t		cap = r->cap * 2,
				have = k->nedges + r->nnew,
				fixed = (int64_t) k->nrows + k->ncols;
	int32_t    *row,
			   *col,
			   *flow,
			   *row_cols;
	double	   *score;

	if (need <= r->cap)
		return;
	if (cap < need)
		cap = need;
	if (cap < 1024)
		cap = 1024;
	bp->reserve(bp->memory, EdgeBytes(k, cap));
	row = core_alloc_array(cap, sizeof(int32_t));
	col = core_alloc_array(cap, sizeof(int32_t));
	score = core_alloc_array(cap, sizeof(double));
	flow = core_alloc_array(fixed + cap, sizeof(int32_t));
	row_cols = core_alloc_array(cap, sizeof(int32_t));
	memcpy(row, r->edge_row, sizeof(int32_t) * have);
	memcpy(col, r->edge_col, sizeof(int32_t) * have);
	memcpy(score, r->score, sizeof(double) * have);
	if (bp->flow != NULL)
	{
		memcpy(flow, bp->flow, sizeof(int32_t) * (fixed + k->nedges));
		memcpy(row_cols, r->row_cols, sizeof(int32_t) * k->nedges);
	}
	if (r->owned)
	{
		core_free(r->edge_row);
		core_free(r->edge_col);
		core_free(r->score);
	}
	if (bp->flow != NULL)
	{
		core_free(bp->flow);
		core_free(r->row_cols);
		bp->release(bp->memory, EdgeBytes(k, r->cap));
	}
	r->edge_row = row;
	r->edge_col = col;
	r->score = score;
	r->owned = true;
	r->cap = cap;
	bp->flow = flow;
	r->row_cols = row_cols;
	k->edge_row = row;
	k->edge_col = col;
	k->score = score;
}

/* A column and its price, for sorting by price, then by number. */
typedef struct PricedColumn
{
	double		price;
	int32_t		col;
} PricedColumn;

static int
CompareByPrice(const void *a, const void *b)
{
	const PricedColumn *x = a,
			   *y = b;

	if (x->price != y->price)
		return x->price < y->price ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* The kept pairs by row, and the columns with seats by price. */
static void
IndexRound(Rounds *r)
{
	const BMatchProblem *k = &r->bp->kept;
	int32_t		i,
				j;
	int64_t		e;

	memset(r->row_start, 0, sizeof(int64_t) * ((size_t) k->nrows + 1));
	for (e = 0; e < k->nedges; e++)
		r->row_start[k->edge_row[e] + 1]++;
	for (i = 0; i < k->nrows; i++)
		r->row_start[i + 1] += r->row_start[i];
	for (e = k->nedges - 1; e >= 0; e--)
		r->row_cols[--r->row_start[k->edge_row[e] + 1]] = k->edge_col[e];
	/* row_start[i + 1] went back to row i's first; shift them into place */
	for (i = 0; i < k->nrows; i++)
		r->row_start[i] = r->row_start[i + 1];
	r->row_start[k->nrows] = k->nedges;

	r->npriced = 0;
	for (j = 0; j < k->ncols; j++)
		if (k->col_cap[j] > 0 && r->col_price[j] < INFINITY)
		{
			r->sorting[r->npriced].price = r->col_price[j];
			r->sorting[r->npriced].col = j;
			r->npriced++;
		}
	qsort(r->sorting, r->npriced, sizeof(PricedColumn), CompareByPrice);
	for (j = 0; j < r->npriced; j++)
		r->by_price[j] = r->sorting[j].col;
}

/*
 * Rescores the batch and adds back, row by row, the pairs that break the
 * certificate most, up to BMATCH_ROW_ADDS a row.
 */
static void
RescoreBatch(Rounds *r)
{
	BMatchPruned *bp = r->bp;
	const BMatchProblem *k = &bp->kept;
	int64_t		x = 0;

	if (r->bn == 0)
		return;
	bp->rescore(bp->arg, r->bn, r->brow, r->bcol, r->bscore);
	bp->rescored += r->bn;
	while (x < r->bn)
	{
		int32_t		i = r->brow[x],
					best_col[BMATCH_ROW_ADDS];
		double		best_by[BMATCH_ROW_ADDS],
					best_score[BMATCH_ROW_ADDS];
		int			nbest = 0,
					b;

		for (; x < r->bn && r->brow[x] == i; x++)
		{
			int32_t		j = r->bcol[x];
			double		s = r->bscore[x],
						by;

			if (isnan(s) || !Breaks(s, r->row_value[i], r->col_price[j]))
				continue;
			by = s - r->row_value[i] - r->col_price[j];
			if (nbest == BMATCH_ROW_ADDS && !(by > best_by[nbest - 1]))
				continue;
			b = nbest < BMATCH_ROW_ADDS ? nbest++ : nbest - 1;
			for (; b > 0 && by > best_by[b - 1]; b--)
			{
				best_by[b] = best_by[b - 1];
				best_col[b] = best_col[b - 1];
				best_score[b] = best_score[b - 1];
			}
			best_by[b] = by;
			best_col[b] = j;
			best_score[b] = s;
		}
		Grow(r, k->nedges + r->nnew + nbest);
		for (b = 0; b < nbest; b++)
		{
			int64_t		e = k->nedges + r->nnew++;

			r->edge_row[e] = i;
			r->edge_col[e] = best_col[b];
			r->score[e] = best_score[b];
		}
	}
	r->bn = 0;
}

/* Queues row i's pairs that its bound cannot rule out. */
static void
CheckRow(Rounds *r, int32_t i)
{
	const BMatchPruned *bp = r->bp;
	double		bound = bp->row_bound[i],
				u = r->row_value[i];
	int64_t		e;
	int32_t		x;

	if (bp->kept.row_cap[i] <= 0 || u == INFINITY || r->npriced == 0 ||
		!Breaks(bound, u, r->col_price[r->by_price[0]]))
		return;
	for (e = r->row_start[i]; e < r->row_start[i + 1]; e++)
		r->mark[r->row_cols[e]] = i;
	if (r->bn + r->npriced > BMATCH_BATCH_PAIRS)
		RescoreBatch(r);
	for (x = 0; x < r->npriced; x++)
	{
		int32_t		j = r->by_price[x];

		if (!Breaks(bound, u, r->col_price[j]))
			break;
		if (r->mark[j] == i)
			continue;
		r->brow[r->bn] = i;
		r->bcol[r->bn] = j;
		r->bn++;
	}
}

bool
bmatch_solve_pruned(BMatchPruned *bp, BMatchObjective objective)
{
	BMatchProblem *k = &bp->kept;
	Rounds		r;
	int32_t		nr = k->nrows,
				nc = k->ncols,
				i;
	size_t		n = (size_t) nr + nc + 1;

	memset(&r, 0, sizeof(r));
	r.bp = bp;
	r.edge_row = (int32_t *) k->edge_row;
	r.edge_col = (int32_t *) k->edge_col;
	r.score = (double *) k->score;
	bp->flow = NULL;
	bp->rounds = 0;
	bp->rescored = 0;
	bp->added = 0;
	Grow(&r, k->nedges + k->nedges / 4 + 1);

	bp->reserve(bp->memory, n * 8 * 3 + ((size_t) nc + 1) * 24 +
				((size_t) nr + 1) * 8 + ((size_t) BMATCH_BATCH_PAIRS + nc + 1) * 16);
	r.potential = core_alloc_array(n, sizeof(double));
	r.row_value = core_alloc_array(nr, sizeof(double));
	r.col_price = core_alloc_array(nc, sizeof(double));
	r.by_price = core_alloc_array(nc, sizeof(int32_t));
	r.sorting = core_alloc_array(nc, sizeof(PricedColumn));
	r.mark = core_alloc_array(nc, sizeof(int32_t));
	r.row_start = core_alloc_array((size_t) nr + 1, sizeof(int64_t));
	r.brow = core_alloc_array((size_t) BMATCH_BATCH_PAIRS + nc, sizeof(int32_t));
	r.bcol = core_alloc_array((size_t) BMATCH_BATCH_PAIRS + nc, sizeof(int32_t));
	r.bscore = core_alloc_array((size_t) BMATCH_BATCH_PAIRS + nc, sizeof(double));
	memset(r.mark, -1, sizeof(int32_t) * nc);

	for (;;)
	{
		size_t		bytes = bmatch_scratch_bytes(nr, nc, k->nedges);
		void	   *scope;
		bool		solved;
		int64_t		e;

		bp->reserve(bp->memory, bytes);
		scope = core_scope_begin();
		solved = bmatch_solve(k, objective, bp->rounds > 0, bp->flow,
							  r.potential, r.row_value, r.col_price);
		core_scope_end(scope);
		bp->release(bp->memory, bytes);
		bp->rounds++;
		if (!solved)
			return false;

		IndexRound(&r);
		r.nnew = 0;
		for (i = 0; i < nr; i = core_next_row(i))
			CheckRow(&r, i);
		RescoreBatch(&r);
		if (r.nnew == 0)
			return true;
		/* the pairs added back start empty */
		for (e = k->nedges; e < k->nedges + r.nnew; e++)
			bp->flow[(int64_t) nr + nc + e] = 0;
		k->nedges += r.nnew;
		bp->added += r.nnew;
	}
}
