/*
 * exposure.c
 *		recommend(..., exposure): lists with every mentor within its limit
 *		(see exposure.h).
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/float.h"

#include "core/bmatch_pruned.h"
#include "matching/exposure.h"

int32
ExposureLimit(double exposure, int32 seats, int32 most)
{
	double		p,
				whole;

	if (seats <= 0 || most <= 0)
		return 0;
	p = exposure * seats;
	if (!(p < most))
		return most;
	whole = floor(p);
	if (p - whole <= 1e-9 * p)
		return (int32) whole;
	return (int32) whole + 1;
}

/* The candidates a mentee keeps at first: EXPOSURE_KEEP(k), if there are. */
static int32
KeepPerRow(const Cohort *c, int32 k)
{
	return (int32) Min(EXPOSURE_KEEP(k), (int64) c->ncols);
}

Size
ExposureBytes(const Cohort *c, int32 k)
{
	int32		keep = KeepPerRow(c, k);
	int64		picks = (int64) c->nrows * keep;

	/*
	 * the picks (row, column, score, kept or known, their order by column:
	 * 25 bytes), the kept and known pairs made of them (16 and 12) and
	 * which are chosen (1), the picks' and the known pairs' row starts, caps
	 * and bounds, column caps and starts, a row's picks, the lists and their
	 * row starts, and what the pruned solve reserves at first
	 */
	return add_size(mul_size(picks, 25 + 16 + 12 + 1) +
					mul_size(c->nrows + 1, 8 + 4 + 8 + 8 + 8) +
					mul_size(c->ncols + 1, 4 + 8) +
					mul_size(Max(keep, 1), sizeof(Pick)) +
					mul_size((int64) c->nrows * k + 1, sizeof(Pick)),
					bmatch_pruned_first_bytes(c->nrows, c->ncols, picks, picks));
}

/* Every mentee's picks: row i's are col[start[i] ..], best first. */
typedef struct RowPicks
{
	int64	   *start;
	int32	   *row;
	int32	   *col;
	double	   *score;
	double	   *bound;			/* no other candidate of the row scores above */
} RowPicks;

/* Each mentee's best keep candidates (picks.h), bounding the rest. */
static void
ScanPicks(Picker *pk, int32 k, int32 keep, RowPicks *rp)
{
	Cohort	   *c = pk->people->cohort;
	int64		most = (int64) c->nrows * keep + 1,
				n = 0;
	Pick	   *heap = CohortAlloc(c, mul_size(Max(keep, 1), sizeof(Pick)));
	int32		i;

	rp->start = CohortAlloc(c, mul_size(c->nrows + 1, sizeof(int64)));
	rp->row = CohortAlloc(c, mul_size(most, sizeof(int32)));
	rp->col = CohortAlloc(c, mul_size(most, sizeof(int32)));
	rp->score = CohortAlloc(c, mul_size(most, sizeof(double)));
	rp->bound = CohortAlloc(c, mul_size(c->nrows + 1, sizeof(double)));
	for (i = 0; i < c->nrows; i++)
	{
		int32		got = 0,
					x;

		CHECK_FOR_INTERRUPTS();
		rp->start[i] = n;
		if (k > 0)
			got = PickerRow(pk, i, keep, heap);
		rp->bound[i] = got == keep && keep > 0 ? heap[0].score : -INFINITY;
		SortPicks(heap, got);
		for (x = 0; x < got; x++, n++)
		{
			rp->row[n] = i;
			rp->col[n] = heap[x].col;
			rp->score[n] = heap[x].score;
		}
	}
	rp->start[c->nrows] = n;
	pfree(heap);
}

/* Picks of a column by score, the higher first, then by row. */
static int
CompareColumnPicks(const void *a, const void *b, void *arg)
{
	const RowPicks *rp = arg;
	int64		x = *(const int64 *) a,
				y = *(const int64 *) b;

	if (rp->score[x] != rp->score[y])
		return rp->score[x] > rp->score[y] ? -1 : 1;
	return rp->row[x] < rp->row[y] ? -1 : rp->row[x] > rp->row[y];
}

/*
 * Which picks go in the first solve: each mentee's best k and each mentor's
 * best EXPOSURE_COLUMN_KEEP(limit) of those that picked it; the others are
 * known pairs, checked against the certificate with their scores, so that
 * a mentor every mentee picks does not take every search through all of
 * them.
 */
static void
SplitPicks(Cohort *c, const RowPicks *rp, int32 k, const int32 *limit,
		   BMatchPruned *bp)
{
	int64		n = rp->start[c->nrows],
				x,
				nkept = 0,
				nknown = 0;
	int64	   *col_start = CohortAlloc(c, mul_size(c->ncols + 1, sizeof(int64)));
	int64	   *order = CohortAlloc(c, mul_size(n + 1, sizeof(int64)));
	bool	   *kept = CohortAlloc(c, n + 1);
	int32	   *edge_row = CohortAlloc(c, mul_size(n + 1, sizeof(int32)));
	int32	   *edge_col = CohortAlloc(c, mul_size(n + 1, sizeof(int32)));
	double	   *score = CohortAlloc(c, mul_size(n + 1, sizeof(double)));
	int64	   *known_start = CohortAlloc(c, mul_size(c->nrows + 1, sizeof(int64)));
	int32	   *known_col = CohortAlloc(c, mul_size(n + 1, sizeof(int32)));
	double	   *known_score = CohortAlloc(c, mul_size(n + 1, sizeof(double)));
	int32		i,
				j;

	memset(col_start, 0, sizeof(int64) * (c->ncols + 1));
	for (x = 0; x < n; x++)
		col_start[rp->col[x] + 1]++;
	for (j = 0; j < c->ncols; j++)
		col_start[j + 1] += col_start[j];
	for (x = n - 1; x >= 0; x--)
		order[--col_start[rp->col[x] + 1]] = x;
	/* col_start[j + 1] went back to column j's first: shift them into place */
	for (j = 0; j < c->ncols; j++)
		col_start[j] = col_start[j + 1];
	col_start[c->ncols] = n;
	for (j = 0; j < c->ncols; j++)
	{
		int64		count = col_start[j + 1] - col_start[j],
					most = EXPOSURE_COLUMN_KEEP((int64) limit[j]);

		CHECK_FOR_INTERRUPTS();
		if (count > most)
			qsort_arg(order + col_start[j], count, sizeof(int64),
					  CompareColumnPicks, (void *) rp);
		for (x = 0; x < count; x++)
			kept[order[col_start[j] + x]] = x < most;
	}
	for (i = 0; i < c->nrows; i++)
	{
		known_start[i] = nknown;
		for (x = rp->start[i]; x < rp->start[i + 1]; x++)
			if (kept[x] || x - rp->start[i] < k)
			{
				edge_row[nkept] = i;
				edge_col[nkept] = rp->col[x];
				score[nkept++] = rp->score[x];
			}
			else
			{
				known_col[nknown] = rp->col[x];
				known_score[nknown++] = rp->score[x];
			}
	}
	known_start[c->nrows] = nknown;
	bp->kept.nedges = nkept;
	bp->kept.edge_row = edge_row;
	bp->kept.edge_col = edge_col;
	bp->kept.score = score;
	bp->known_start = known_start;
	bp->known_col = known_col;
	bp->known_score = known_score;
	pfree(order);
	pfree(kept);
	pfree(col_start);
}

/*
 * The pruned solve's rescoring: each pair's score (NaN without one), or,
 * with blocks of mentors, the bound of the pair's block where that is at
 * most the pair's limit; PickerAdmits decides later, of the pairs that
 * would come back.
 */
static void
RescoreExposure(void *arg, int64_t n, const int32_t *rows, const int32_t *cols,
				const double *limit, double *scores, bool *bounded)
{
	Picker	   *pk = arg;
	People	   *people = pk->people;
	const ColumnBlocks *blocks = pk->blocks;
	int64		x;
	int32		last = -1;

	for (x = 0; x < n; x++)
	{
		int32		r = rows[x],
					j = cols[x];
		int			conflicts;

		if ((x & 255) == 255)
			CHECK_FOR_INTERRUPTS();
		if (r != last)
		{
			PeopleCoverRow(people, r);
			if (blocks != NULL)
				PeopleBlockBounds(people, &pk->scorer->table, r, pk->work, pk->ub);
			last = r;
		}
		if (blocks != NULL && blocks->block_of[j] >= 0 &&
			pk->ub[blocks->block_of[j]] <= limit[x])
		{
			scores[x] = pk->ub[blocks->block_of[j]];
			bounded[x] = true;
			continue;
		}
		/* by price, the mentors lie apart in memory */
		if (x + 2 < n && rows[x + 2] == r)
			PeoplePrefetch(people, r, cols[x + 2]);
		if (!PeopleScore(people, r, j, pk->scorer, &scores[x], &conflicts))
			scores[x] = get_float8_nan();
	}
}

static bool
AdmitExposure(void *arg, int32_t row, int32_t col)
{
	return PickerAdmits((Picker *) arg, row, col);
}

/*
 * Whether each mentee's own best k (the first of its picks) keep every
 * mentor within its limit: the lists are then those, as the highest total
 * of lists of k at most, each mentee's, is the sum of each one's best.
 */
static bool
OwnPicksFit(const Cohort *c, const RowPicks *rp, int32 k, const int32 *limit)
{
	int32	   *shown = palloc0(mul_size(c->ncols + 1, sizeof(int32)));
	bool		fit = true;
	int32		i;

	for (i = 0; fit && i < c->nrows; i++)
	{
		int64		x,
					end = Min(rp->start[i + 1], rp->start[i] + k);

		for (x = rp->start[i]; x < end; x++)
			if (++shown[rp->col[x]] > limit[rp->col[x]])
			{
				fit = false;
				break;
			}
	}
	pfree(shown);
	return fit;
}

/* The lists of chosen pairs: pair x of n (rows rising) if chosen[x]. */
static void
MakeLists(Cohort *c, int64 n, const int32 *row, const int32 *col,
		  const double *score, const bool *chosen, int32 k, ExposureLists *lists)
{
	int32		nrows = c->nrows,
				i;
	int64		x,
				total;

	lists->row_start = CohortAlloc(c, mul_size(nrows + 1, sizeof(int64)));
	lists->picks = CohortAlloc(c, mul_size((int64) nrows * k + 1, sizeof(Pick)));
	memset(lists->row_start, 0, sizeof(int64) * (nrows + 1));
	for (x = 0; x < n; x++)
		if (chosen[x])
			lists->row_start[row[x] + 1]++;
	for (i = 0; i < nrows; i++)
		lists->row_start[i + 1] += lists->row_start[i];
	total = lists->row_start[nrows];
	for (x = n - 1; x >= 0; x--)
		if (chosen[x])
		{
			Pick	   *p = &lists->picks[--lists->row_start[row[x] + 1]];

			p->col = col[x];
			p->mentor_id = c->col_id[p->col];
			p->score = score[x];
		}
	/* row_start[i + 1] went back to row i's first: shift them into place */
	for (i = 0; i < nrows; i++)
		lists->row_start[i] = lists->row_start[i + 1];
	lists->row_start[nrows] = total;
}

void
ExposureSolve(Picker *pk, int32 k, double exposure, ExposureLists *lists)
{
	Cohort	   *c = pk->people->cohort;
	int32		nrows = c->nrows,
				i,
				j;
	int64		e,
				n;
	int32	   *row_cap = CohortAlloc(c, mul_size(nrows + 1, sizeof(int32)));
	int32	   *col_cap = CohortAlloc(c, mul_size(c->ncols + 1, sizeof(int32)));
	bool	   *chosen;
	RowPicks	rp;
	BMatchPruned bp;
	MemoryContext old;

	for (i = 0; i < nrows; i++)
		row_cap[i] = k;
	for (j = 0; j < c->ncols; j++)
		col_cap[j] = ExposureLimit(exposure, c->capacity[j], nrows);
	ScanPicks(pk, k, KeepPerRow(c, k), &rp);
	if (OwnPicksFit(c, &rp, k, col_cap))
	{
		n = rp.start[nrows];
		chosen = CohortAlloc(c, n + 1);
		for (i = 0; i < nrows; i++)
			for (e = rp.start[i]; e < rp.start[i + 1]; e++)
				chosen[e] = e - rp.start[i] < k;
		elog(DEBUG1, "recommend: every mentee's own best %d keep the mentors within their limits", k);
		MakeLists(c, n, rp.row, rp.col, rp.score, chosen, k, lists);
		return;
	}

	memset(&bp, 0, sizeof(bp));
	SplitPicks(c, &rp, k, col_cap, &bp);
	bp.kept.nrows = nrows;
	bp.kept.ncols = c->ncols;
	bp.kept.row_cap = row_cap;
	bp.kept.col_cap = col_cap;
	bp.kept.score_min = 0.0;	/* scores and probabilities */
	bp.kept.score_max = 1.0;
	bp.row_bound = rp.bound;
	bp.rescore = RescoreExposure;
	bp.admit = AdmitExposure;
	bp.arg = pk;
	bp.reserve = CohortReserveFor;
	bp.release = CohortReleaseFor;
	bp.memory = c;
	old = MemoryContextSwitchTo(c->cxt);
	if (!bmatch_solve_pruned(&bp, BMATCH_TOTAL))
		elog(ERROR, "recommend: the lists' flow found no solution");
	MemoryContextSwitchTo(old);
	elog(DEBUG1, "recommend: %lld pairs kept at first, %lld known, %d solves "
		 "(%d warm), %lld rescored (%lld only bounded), %lld added back",
		 (long long) (bp.kept.nedges - bp.added), (long long) bp.known_start[nrows],
		 bp.rounds, bp.warm, (long long) bp.rescored, (long long) bp.bounded,
		 (long long) bp.added);

	n = bp.kept.nedges;
	chosen = CohortAlloc(c, n + 1);
	for (e = 0; e < n; e++)
		chosen[e] = bmatch_chosen(&bp.kept, bp.flow, e);
	MakeLists(c, n, bp.kept.edge_row, bp.kept.edge_col, bp.kept.score, chosen, k, lists);
}
