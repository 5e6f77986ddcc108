/*
 * bmatch_pruned.c
 *		The lists of bmatch.h on a pruned candidate set, with the
 *		certificate of their duals (see bmatch_pruned.h); plain C.
 *
 * A round: solve the kept pairs (warm from the last round's flow and
 * potentials, which bmatch_solve left valid, when that round added few
 * pairs; else afresh), sort the columns with seats by price, and for each
 * row check its known pairs and the pairs rescored in earlier rounds that
 * are remembered, then, if its bound is above its value plus the least
 * price, have its pairs with the other columns priced below the bound less
 * its value rescored.  The pairs scoring above value plus price come back,
 * at most BMATCH_ROW_ADDS a row of those remembered and as many of those
 * rescored, and at most BMATCH_COL_ADDS a column, those most above first.
 * Every other left-out pair scores at most its row's bound, which is at
 * most value plus price: the certificate holds for it.
 *
 * Pairs rescored are remembered (their scores, NaN for no candidate) up to
 * remember_most, in a store by row that each round merges with the new
 * ones; past it they are rescored again when a round needs them.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bmatch_pruned.h"

/*
 * Where a pair added back came from, so that it is marked kept there if it
 * stays: (index << 2) | FROM_*.
 */
#define FROM_NOWHERE	0		/* rescored, not remembered */
#define FROM_KNOWN		1		/* known pair index */
#define FROM_STORE		2		/* remembered in an earlier round */
#define FROM_FRESH		3		/* rescored in this round, remembered */

/* A remembered pair's score once it is kept, or rescored again. */
#define GONE			(-INFINITY)

/* Pairs by row: row i's are col[start[i] .. start[i + 1] - 1]. */
#define STORE_BYTES		(4 + 8 + 1)
typedef struct PairStore
{
	int64_t    *start;
	int32_t    *col;
	double	   *score;			/* or a bound of it, where bounded */
	bool	   *bounded;
	int64_t		n;
	int64_t		room;			/* pairs allocated */
} PairStore;

typedef struct Rounds
{
	BMatchPruned *bp;

	/* the kept pairs: edge arrays with room for cap */
	int64_t		cap;
	bool		owned;			/* the edge arrays are ours */
	int32_t    *edge_row;
	int32_t    *edge_col;
	double	   *score;
	int32_t    *row_cols;		/* the kept pairs by row, this round */
	int64_t    *row_start;

	/* pairs added back this round, after the kept ones */
	int64_t		nnew;
	double	   *new_by;			/* how far they broke the certificate */
	int64_t    *new_from;		/* FROM_* */

	/* the solve's duals, and the columns with seats by price */
	double	   *potential;
	double	   *row_value;
	double	   *col_price;
	int32_t    *by_price;
	struct PricedColumn *sorting;
	int32_t		npriced;
	int32_t    *mark;			/* mark[j] == i: no rescoring of (i, j) */

	/* pairs whose scores are known: the caller's, and remembered ones */
	bool	   *known_added;	/* per known pair: kept since */
	PairStore	store;
	int32_t    *fresh_row;		/* rescored this round, remembered */
	int32_t    *fresh_col;
	double	   *fresh_score;
	bool	   *fresh_bounded;
	int64_t		nfresh;
	int64_t		fresh_cap;
	int64_t		remember_most;

	/* the pairs to rescore, a batch */
	int32_t    *brow;
	int32_t    *bcol;
	double	   *blimit;
	double	   *bscore;
	bool	   *bbounded;
	int64_t		bn;
} Rounds;

/* A hair of rounding in s against u + v. */
static inline bool
Breaks(double s, double u, double v)
{
	return s > u + v + 1e-9 * fabs(s) + 64.0 * DBL_EPSILON * (fabs(u) + fabs(v));
}

/* Bytes per edge of the edge arrays, and the flow's fixed arcs. */
#define EDGE_BYTES	(4 + 4 + 8 + 4 + 4 + 8 + 8)

static size_t
EdgeBytes(int32_t nrows, int32_t ncols, int64_t cap)
{
	return ((size_t) cap + 1) * EDGE_BYTES + ((size_t) nrows + ncols + 1) * 4;
}

/* The fixed scratch: duals, columns by price, marks, row starts, a batch. */
static size_t
FixedBytes(int32_t nrows, int32_t ncols)
{
	size_t		n = (size_t) nrows + ncols + 1;

	return n * 8 * 3 + ((size_t) ncols + 1) * (4 + 16 + 4) +
		((size_t) nrows + 1) * 8 * 2 +
		((size_t) BMATCH_BATCH_PAIRS + ncols + 1) * (4 + 4 + 8 + 8 + 1);
}

size_t
bmatch_pruned_first_bytes(int32_t nrows, int32_t ncols, int64_t nedges,
						  int64_t nknown)
{
	/*
	 * the edge arrays with room for a quarter more (row, column, score,
	 * flow, the round's row_cols, how far and whence a pair added back
	 * came), the known pairs' flags, the fixed scratch, a solve's
	 */
	return EdgeBytes(nrows, ncols, nedges + nedges / 4 + 1024) +
		(size_t) nknown + 1 + STORE_BYTES + FixedBytes(nrows, ncols) +
		bmatch_scratch_bytes(nrows, ncols, nedges + nedges / 4 + 1024);
}

/*
 * Room for need edges in the arrays: larger ones, the kept pairs and those
 * added so far copied, with the flow and the round's row_cols.
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
	double	   *score,
			   *new_by;
	int64_t    *new_from;

	if (need <= r->cap)
		return;
	if (cap < need)
		cap = need;
	if (cap < 1024)
		cap = 1024;
	bp->reserve(bp->memory, EdgeBytes(k->nrows, k->ncols, cap));
	row = core_alloc_array(cap, sizeof(int32_t));
	col = core_alloc_array(cap, sizeof(int32_t));
	score = core_alloc_array(cap, sizeof(double));
	flow = core_alloc_array(fixed + cap, sizeof(int32_t));
	row_cols = core_alloc_array(cap, sizeof(int32_t));
	new_by = core_alloc_array(cap, sizeof(double));
	new_from = core_alloc_array(cap, sizeof(int64_t));
	memcpy(row, r->edge_row, sizeof(int32_t) * have);
	memcpy(col, r->edge_col, sizeof(int32_t) * have);
	memcpy(score, r->score, sizeof(double) * have);
	if (r->owned)
	{
		memcpy(flow, bp->flow, sizeof(int32_t) * (fixed + k->nedges));
		memcpy(row_cols, r->row_cols, sizeof(int32_t) * k->nedges);
		memcpy(new_by + k->nedges, r->new_by + k->nedges, sizeof(double) * r->nnew);
		memcpy(new_from + k->nedges, r->new_from + k->nedges, sizeof(int64_t) * r->nnew);
		core_free(r->edge_row);
		core_free(r->edge_col);
		core_free(r->score);
		core_free(bp->flow);
		core_free(r->row_cols);
		core_free(r->new_by);
		core_free(r->new_from);
		bp->release(bp->memory, EdgeBytes(k->nrows, k->ncols, r->cap));
	}
	r->edge_row = row;
	r->edge_col = col;
	r->score = score;
	r->owned = true;
	r->cap = cap;
	bp->flow = flow;
	r->row_cols = row_cols;
	r->new_by = new_by;
	r->new_from = new_from;
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

/* A row's pairs that break the certificate most, up to BMATCH_ROW_ADDS. */
typedef struct RowAdds
{
	int			n;
	int32_t		col[BMATCH_ROW_ADDS];
	double		by[BMATCH_ROW_ADDS];	/* how far above value plus price */
	double		score[BMATCH_ROW_ADDS];
	int64_t		from[BMATCH_ROW_ADDS];	/* FROM_* */
} RowAdds;

/*
 * Offers row i's pair with column j scoring s (from where): kept among the
 * row's adds if it breaks the certificate more than the adds kept and is a
 * candidate (admit, unless a known pair).  Returns false when admit
 * refused it.
 */
static bool
OfferAdd(Rounds *r, RowAdds *adds, int32_t i, int32_t j, double s,
		 int64_t from)
{
	BMatchPruned *bp = r->bp;
	double		by;
	int			b;

	if (isnan(s) || !Breaks(s, r->row_value[i], r->col_price[j]))
		return true;
	by = s - r->row_value[i] - r->col_price[j];
	if (adds->n == BMATCH_ROW_ADDS && !(by > adds->by[adds->n - 1]))
		return true;
	if ((from & 3) != FROM_KNOWN && bp->admit != NULL && !bp->admit(bp->arg, i, j))
		return false;
	b = adds->n < BMATCH_ROW_ADDS ? adds->n++ : adds->n - 1;
	for (; b > 0 && by > adds->by[b - 1]; b--)
	{
		adds->by[b] = adds->by[b - 1];
		adds->col[b] = adds->col[b - 1];
		adds->score[b] = adds->score[b - 1];
		adds->from[b] = adds->from[b - 1];
	}
	adds->by[b] = by;
	adds->col[b] = j;
	adds->score[b] = s;
	adds->from[b] = from;
	return true;
}

/* Appends row i's adds to the pairs added back this round. */
static void
TakeAdds(Rounds *r, int32_t i, const RowAdds *adds)
{
	const BMatchProblem *k = &r->bp->kept;
	int			b;

	Grow(r, k->nedges + r->nnew + adds->n);
	for (b = 0; b < adds->n; b++)
	{
		int64_t		e = k->nedges + r->nnew++;

		r->edge_row[e] = i;
		r->edge_col[e] = adds->col[b];
		r->score[e] = adds->score[b];
		r->new_by[e] = adds->by[b];
		r->new_from[e] = adds->from[b];
	}
}

/* Bytes of a remembered pair: row, column, score, bounded. */
#define FRESH_BYTES		(4 + 4 + 8 + 1)

/* Remembers a rescored pair (or its bound), if there is room: its FROM_*. */
static int64_t
Remember(Rounds *r, int32_t i, int32_t j, double s, bool bounded)
{
	BMatchPruned *bp = r->bp;

	if (r->nfresh == r->fresh_cap)
	{
		int64_t		cap = r->fresh_cap * 2 + 4096;
		int32_t    *row,
				   *col;
		double	   *score;
		bool	   *bnd;

		if (r->store.room + cap > r->remember_most)
			cap = r->remember_most - r->store.room;
		if (cap <= r->nfresh)
			return FROM_NOWHERE;
		bp->reserve(bp->memory, (size_t) cap * FRESH_BYTES);
		row = core_alloc_array(cap, sizeof(int32_t));
		col = core_alloc_array(cap, sizeof(int32_t));
		score = core_alloc_array(cap, sizeof(double));
		bnd = core_alloc_array(cap, sizeof(bool));
		if (r->fresh_cap > 0)
		{
			memcpy(row, r->fresh_row, sizeof(int32_t) * r->nfresh);
			memcpy(col, r->fresh_col, sizeof(int32_t) * r->nfresh);
			memcpy(score, r->fresh_score, sizeof(double) * r->nfresh);
			memcpy(bnd, r->fresh_bounded, sizeof(bool) * r->nfresh);
			core_free(r->fresh_row);
			core_free(r->fresh_col);
			core_free(r->fresh_score);
			core_free(r->fresh_bounded);
			bp->release(bp->memory, (size_t) r->fresh_cap * FRESH_BYTES);
		}
		r->fresh_row = row;
		r->fresh_col = col;
		r->fresh_score = score;
		r->fresh_bounded = bnd;
		r->fresh_cap = cap;
	}
	r->fresh_row[r->nfresh] = i;
	r->fresh_col[r->nfresh] = j;
	r->fresh_score[r->nfresh] = s;
	r->fresh_bounded[r->nfresh] = bounded;
	return (r->nfresh++ << 2) | FROM_FRESH;
}

/*
 * Rescores the batch (each pair with its limit, value plus price, up to
 * which rescore may give a bound instead), remembers it, and adds back, row
 * by row, the pairs that break the certificate most, up to BMATCH_ROW_ADDS
 * a row.
 */
static void
RescoreBatch(Rounds *r)
{
	BMatchPruned *bp = r->bp;
	int64_t		x = 0;

	if (r->bn == 0)
		return;
	for (x = 0; x < r->bn; x++)
	{
		r->blimit[x] = r->row_value[r->brow[x]] + r->col_price[r->bcol[x]];
		r->bbounded[x] = false;
	}
	bp->rescore(bp->arg, r->bn, r->brow, r->bcol, r->blimit, r->bscore, r->bbounded);
	bp->rescored += r->bn;
	x = 0;
	while (x < r->bn)
	{
		int32_t		i = r->brow[x];
		RowAdds		adds;

		adds.n = 0;
		for (; x < r->bn && r->brow[x] == i; x++)
		{
			bool		bounded = r->bbounded[x];
			int64_t		from = Remember(r, i, r->bcol[x], r->bscore[x], bounded);

			if (bounded)
				bp->bounded++;
			else if (!OfferAdd(r, &adds, i, r->bcol[x], r->bscore[x], from) &&
					 from != FROM_NOWHERE)
				r->fresh_score[from >> 2] = NAN;
		}
		TakeAdds(r, i, &adds);
	}
	r->bn = 0;
}

/*
 * Adds back row i's known and remembered pairs that break the certificate
 * (the most BMATCH_ROW_ADDS), and queues the row's pairs that its bound
 * cannot rule out for rescoring.
 */
static void
CheckRow(Rounds *r, int32_t i)
{
	const BMatchPruned *bp = r->bp;
	double		bound = bp->row_bound[i],
				u = r->row_value[i];
	int64_t		e;
	int32_t		x;
	RowAdds		adds;

	if (bp->kept.row_cap[i] <= 0 || u == INFINITY || r->npriced == 0)
		return;
	for (e = r->row_start[i]; e < r->row_start[i + 1]; e++)
		r->mark[r->row_cols[e]] = i;
	adds.n = 0;
	if (bp->known_start != NULL)
		for (e = bp->known_start[i]; e < bp->known_start[i + 1]; e++)
		{
			r->mark[bp->known_col[e]] = i;
			if (!r->known_added[e])
				OfferAdd(r, &adds, i, bp->known_col[e], bp->known_score[e],
						 (e << 2) | FROM_KNOWN);
		}
	if (r->bn + r->npriced > BMATCH_BATCH_PAIRS)
		RescoreBatch(r);
	for (e = r->store.start[i]; e < r->store.start[i + 1]; e++)
	{
		int32_t		j = r->store.col[e];
		double		s = r->store.score[e];

		r->mark[j] = i;
		if (s == GONE)
			continue;
		if (r->store.bounded[e])
		{
			/* a bound that no longer rules it out: rescore it */
			if (Breaks(s, u, r->col_price[j]))
			{
				r->store.score[e] = GONE;
				r->brow[r->bn] = i;
				r->bcol[r->bn] = j;
				r->bn++;
			}
		}
		else if (!OfferAdd(r, &adds, i, j, s, (e << 2) | FROM_STORE))
			r->store.score[e] = NAN;
	}
	TakeAdds(r, i, &adds);

	if (!Breaks(bound, u, r->col_price[r->by_price[0]]))
		return;
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

/* Pairs added back by column, those that broke the certificate most first. */
typedef struct ColumnAdd
{
	int32_t		col;
	int32_t		row;
	double		by;
	int64_t		x;
} ColumnAdd;

static int
CompareColumnAdds(const void *a, const void *b)
{
	const ColumnAdd *x = a,
			   *y = b;

	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->by != y->by)
		return x->by > y->by ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/*
 * Keeps of the pairs added back this round at most BMATCH_COL_ADDS(cap) a
 * column, those that broke the certificate most (a mentor with room takes
 * a few of the many mentees who would all break it), in their order, and
 * marks them kept where they came from.  The others stay left out.
 */
static void
CapColumnAdds(Rounds *r)
{
	BMatchPruned *bp = r->bp;
	const BMatchProblem *k = &bp->kept;
	int64_t		n = r->nnew,
				x,
				to = k->nedges,
				run = 0;
	ColumnAdd  *adds;
	bool	   *keep;
	size_t		bytes = ((size_t) n + 1) * (sizeof(ColumnAdd) + 1);
	void	   *scope;

	bp->reserve(bp->memory, bytes);
	scope = core_scope_begin();
	adds = core_alloc_array(n, sizeof(ColumnAdd));
	keep = core_alloc_array(n, sizeof(bool));
	for (x = 0; x < n; x++)
	{
		int64_t		e = k->nedges + x;

		adds[x].col = r->edge_col[e];
		adds[x].row = r->edge_row[e];
		adds[x].by = r->new_by[e];
		adds[x].x = x;
	}
	qsort(adds, n, sizeof(ColumnAdd), CompareColumnAdds);
	for (x = 0; x < n; x++)
	{
		run = x > 0 && adds[x].col == adds[x - 1].col ? run + 1 : 0;
		keep[adds[x].x] = run < BMATCH_COL_ADDS((int64_t) k->col_cap[adds[x].col]);
	}
	for (x = 0; x < n; x++)
	{
		int64_t		e = k->nedges + x,
					from = r->new_from[e];

		if (!keep[x])
			continue;
		if ((from & 3) == FROM_KNOWN)
			r->known_added[from >> 2] = true;
		else if ((from & 3) == FROM_STORE)
			r->store.score[from >> 2] = GONE;
		else if ((from & 3) == FROM_FRESH)
			r->fresh_score[from >> 2] = GONE;
		r->edge_row[to] = r->edge_row[e];
		r->edge_col[to] = r->edge_col[e];
		r->score[to] = r->score[e];
		to++;
	}
	r->nnew = to - k->nedges;
	core_scope_end(scope);
	bp->release(bp->memory, bytes);
}

/*
 * The store for the next round: this one's, less the pairs kept since,
 * with the pairs rescored in this round (both by row), merged.
 */
static void
MergeStore(Rounds *r)
{
	BMatchPruned *bp = r->bp;
	int32_t		nrows = bp->kept.nrows,
				i;
	PairStore	s;
	int64_t		x,
				f = 0,
				n = 0;

	if (r->nfresh == 0)
		return;
	s.room = r->store.n + r->nfresh;
	bp->reserve(bp->memory, ((size_t) s.room + 1) * STORE_BYTES + ((size_t) nrows + 1) * 8);
	s.start = core_alloc_array((size_t) nrows + 1, sizeof(int64_t));
	s.col = core_alloc_array(s.room, sizeof(int32_t));
	s.score = core_alloc_array(s.room, sizeof(double));
	s.bounded = core_alloc_array(s.room, sizeof(bool));
	for (i = 0; i < nrows; i++)
	{
		s.start[i] = n;
		for (x = r->store.start[i]; x < r->store.start[i + 1]; x++)
			if (r->store.score[x] != GONE)
			{
				s.col[n] = r->store.col[x];
				s.bounded[n] = r->store.bounded[x];
				s.score[n++] = r->store.score[x];
			}
		for (; f < r->nfresh && r->fresh_row[f] == i; f++)
			if (r->fresh_score[f] != GONE)
			{
				s.col[n] = r->fresh_col[f];
				s.bounded[n] = r->fresh_bounded[f];
				s.score[n++] = r->fresh_score[f];
			}
	}
	s.start[nrows] = n;
	core_free(r->store.start);
	core_free(r->store.col);
	core_free(r->store.score);
	core_free(r->store.bounded);
	bp->release(bp->memory, ((size_t) r->store.room + 1) * STORE_BYTES + ((size_t) nrows + 1) * 8);
	core_free(r->fresh_row);
	core_free(r->fresh_col);
	core_free(r->fresh_score);
	core_free(r->fresh_bounded);
	bp->release(bp->memory, (size_t) r->fresh_cap * FRESH_BYTES);
	r->fresh_cap = 0;
	r->nfresh = 0;
	s.n = n;
	r->store = s;
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
	int64_t		nknown = bp->known_start != NULL ? bp->known_start[nr] : 0,
				added = 0;

	memset(&r, 0, sizeof(r));
	r.bp = bp;
	r.edge_row = (int32_t *) k->edge_row;
	r.edge_col = (int32_t *) k->edge_col;
	r.score = (double *) k->score;
	r.remember_most = bp->remember_most > 0 ? bp->remember_most :
		(k->nedges + nknown) * 8 > (1 << 22) ? (k->nedges + nknown) * 8 : (1 << 22);
	bp->flow = NULL;
	bp->rounds = 0;
	bp->warm = 0;
	bp->rescored = 0;
	bp->bounded = 0;
	bp->added = 0;
	Grow(&r, k->nedges + k->nedges / 4 + 1);

	bp->reserve(bp->memory, FixedBytes(nr, nc) + (size_t) nknown + 1 + STORE_BYTES);
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
	r.blimit = core_alloc_array((size_t) BMATCH_BATCH_PAIRS + nc, sizeof(double));
	r.bbounded = core_alloc_array((size_t) BMATCH_BATCH_PAIRS + nc, sizeof(bool));
	memset(r.mark, -1, sizeof(int32_t) * nc);
	r.known_added = core_alloc_array(nknown, sizeof(bool));
	memset(r.known_added, 0, nknown);
	r.store.start = core_alloc_array((size_t) nr + 1, sizeof(int64_t));
	r.store.col = core_alloc_array(0, sizeof(int32_t));
	r.store.score = core_alloc_array(0, sizeof(double));
	r.store.bounded = core_alloc_array(0, sizeof(bool));
	memset(r.store.start, 0, sizeof(int64_t) * (nr + 1));

	for (;;)
	{
		size_t		bytes = bmatch_scratch_bytes(nr, nc, k->nedges);
		void	   *scope;
		bool		solved,
					warm;
		int64_t		e;

		/* warm after a round that added few pairs (each costs a repair) */
		warm = bp->rounds > 0 &&
			added * (bp->warm_share > 0 ? bp->warm_share : BMATCH_WARM_SHARE) <= k->nedges;
		bp->warm += warm;
		bp->reserve(bp->memory, bytes);
		scope = core_scope_begin();
		solved = bmatch_solve(k, objective, warm, bp->flow, r.potential,
							  r.row_value, r.col_price);
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
		CapColumnAdds(&r);
		MergeStore(&r);
		if (r.nnew == 0)
			return true;
		/* the pairs added back start empty */
		for (e = k->nedges; e < k->nedges + r.nnew; e++)
			bp->flow[(int64_t) nr + nc + e] = 0;
		k->nedges += r.nnew;
		bp->added += r.nnew;
		added = r.nnew;
	}
}
