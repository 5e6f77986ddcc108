/*
 * pruned_cohort.c
 *		A cohort whose mentees keep only their best candidates (see
 *		pruned_cohort.h).
 */
#include "postgres.h"

#include <math.h>

#include "utils/float.h"

#include "core/flow_pruned.h"
#include "matching/pruned_cohort.h"

/* The most left-out candidates a column keeps. */
#define PRUNED_COLUMN_KEEP 128

/*
 * A column's kept candidates, the worst at the root: lower score, then
 * later row.  A total order, so what a column keeps depends only on what
 * it was offered.
 */
#define PAIR_WORSE(a, b) \
	((a).score < (b).score || ((a).score == (b).score && (a).row > (b).row))
#define HEAP_PREFIX		PairHeap
#define HEAP_ELEMENT	PrunedPair
#define HEAP_ARG		void *
#define HEAP_FIRST(arg, a, b)	PAIR_WORSE(a, b)
#include "core/heap.h"

void
PrunedCohortInit(Cohort *c, PrunedCohort *pc)
{
	int32		i;
	int64		total = 0;

	pc->cohort = c;
	pc->col_start = CohortAlloc(c, sizeof(int64) * (c->ncols + 1));
	for (i = 0; i < c->ncols; i++)
	{
		pc->col_start[i] = total;
		total += Min((int64) Max(c->capacity[i], 0) * 4, PRUNED_COLUMN_KEEP);
	}
	pc->col_start[c->ncols] = total;
	PrunedColumnsInit(&pc->side, c->ncols, pc->col_start,
					  CohortAlloc(c, PrunedColumnsBytes(c->ncols, pc->col_start)));
	pc->known_start = CohortAlloc(c, sizeof(int64) * (c->nrows + 1));
	memset(pc->known_start, 0, sizeof(int64) * (c->nrows + 1));
	pc->known_col = NULL;
	pc->known_score = NULL;
	pc->known_n = pc->known_cap = 0;
	pc->row_bound = CohortAlloc(c, sizeof(double) * Max(c->nrows, 1));
	for (i = 0; i < c->nrows; i++)
		pc->row_bound[i] = -INFINITY;
}

Size
PrunedColumnsBytes(int32 ncols, const int64 *start)
{
	return MAXALIGN(sizeof(int32) * Max(ncols, 1)) +
		2 * MAXALIGN(sizeof(double) * Max(ncols, 1)) +
		MAXALIGN(sizeof(PrunedPair) * Max(start[ncols], 1));
}

void
PrunedColumnsAttach(PrunedColumns *side, int32 ncols, const int64 *start,
					void *memory)
{
	char	   *p = memory;

	side->start = start;
	side->count = (int32 *) p;
	p += MAXALIGN(sizeof(int32) * Max(ncols, 1));
	side->keep_from = (double *) p;
	p += MAXALIGN(sizeof(double) * Max(ncols, 1));
	side->bound = (double *) p;
	p += MAXALIGN(sizeof(double) * Max(ncols, 1));
	side->pairs = (PrunedPair *) p;
}

void
PrunedColumnsInit(PrunedColumns *side, int32 ncols, const int64 *start,
				  void *memory)
{
	int32		j;

	PrunedColumnsAttach(side, ncols, start, memory);
	for (j = 0; j < ncols; j++)
	{
		side->count[j] = 0;
		side->keep_from[j] = start[j + 1] > start[j] ? -INFINITY : INFINITY;
		side->bound[j] = -INFINITY;
	}
	side->score_min = INFINITY;
	side->score_max = -INFINITY;
	side->scored = 0;
	side->pruned = false;
}

/*
 * A pair its row left out: column j keeps it if it is among the column's
 * best so far and admitted (admit NULL: every pair is); what the column
 * does not keep is bounded, refused or not, so that what a column keeps and
 * its bound depend only on the pairs offered, in any order.  Returns 1 when
 * the column kept it, 0 when it only bounds it, -1 when it was refused.
 */
static inline int
LeaveOut(PrunedColumns *side, int32 j, PrunedPair p, PairAdmit admit, void *arg)
{
	PrunedPair *heap;
	int64		room,
				n;

	if (p.score < side->keep_from[j])
	{
		/* most pairs: only the column's keep_from and bound are read */
		if (p.score > side->bound[j])
			side->bound[j] = p.score;
		return 0;
	}
	heap = side->pairs + side->start[j];
	room = side->start[j + 1] - side->start[j];
	n = side->count[j];
	if (n < room || (n > 0 && PAIR_WORSE(heap[0], p)))
	{
		if (admit != NULL && !admit(arg, p.row, j))
		{
			if (p.score > side->bound[j])
				side->bound[j] = p.score;
			return -1;
		}
		if (n < room)
		{
			PairHeap_push(NULL, heap, &n, p);
			side->count[j] = (int32) n;
		}
		else
		{
			PrunedPair out = heap[0];

			PairHeap_sift_down(NULL, heap, n, 0, p);
			if (out.score > side->bound[j])
				side->bound[j] = out.score;
		}
		if (n == room)
			side->keep_from[j] = heap[0].score;
		return 1;
	}
	if (p.score > side->bound[j])
		side->bound[j] = p.score;
	return 0;
}

/*
 * Whether a candidate is among the first want of the order (score
 * descending, then position), given the want-th largest score t and how
 * many score above it (above); *ties counts the candidates at t so far.
 */
static inline bool
AmongBest(double s, double t, int32 above, int32 want, int32 *ties)
{
	if (s > t)
		return true;
	return s == t && (*ties)++ < want - above;
}

/* Scores a long row samples to find its best most. */
#define ROW_SAMPLE 256

/*
 * Copies into out the scores of a row (n > most) that the most-th largest
 * cannot lie below, returning how many: those at or above a threshold taken
 * from an even sample (about twice most of them) when at least most are,
 * else all, so that selecting in out finds what selecting in scores would.
 */
static int32
AtLeastSample(const double *scores, int32 n, int32 most, double *out)
{
	double		sample[ROW_SAMPLE],
				t;
	int32		x,
				m = 0;

	if (n >= 4 * most)
	{
		for (x = 0; x < ROW_SAMPLE; x++)
			sample[x] = scores[(int64) x * n / ROW_SAMPLE];
		t = prune_kth_largest(sample, ROW_SAMPLE,
							  Max((int64) 2 * most * ROW_SAMPLE / n, 1));
		for (x = 0; x < n; x++)
		{
			out[m] = scores[x];
			m += scores[x] >= t;
		}
		if (m >= most)
			return m;
	}
	memcpy(out, scores, sizeof(double) * n);
	return n;
}

/*
 * The scores of the first keep (t1) and the first most (t2) of a row's n
 * candidates in the order, and how many score above each.
 */
static void
SelectBest(const double *scores, int32 n, double *scratch, double *t1,
		   double *t2, int32 *above1, int32 *above2)
{
	const int32 keep = PRUNED_KEEP,
				most = PRUNED_KEEP + PRUNED_KNOWN;
	int32		x;

	*t1 = *t2 = -INFINITY;
	*above1 = *above2 = 0;
	if (n <= keep)
		return;
	if (n > most)
	{
		/* the selection leaves the best most at the end, t1 among them */
		int32		m = AtLeastSample(scores, n, most, scratch);

		*t2 = prune_kth_largest(scratch, m, most - 1);
		*t1 = prune_kth_largest(scratch + m - most, most, keep - 1);
	}
	else
	{
		memcpy(scratch, scores, sizeof(double) * n);
		*t1 = prune_kth_largest(scratch, n, keep - 1);
	}
	{
		double		u1 = *t1,
					u2 = *t2;
		int32		a1 = 0,
					a2 = 0;

		for (x = 0; x < n; x++)
		{
			a1 += scores[x] > u1;
			a2 += scores[x] > u2;
		}
		*above1 = a1;
		*above2 = a2;
	}
}

/* Drops the pairs whose score is NaN (refused), keeping the order. */
static int32
DropRefused(int32 *cols, double *scores, int32 n)
{
	int32		x,
				m = 0;

	for (x = 0; x < n; x++)
		if (!isnan(scores[x]))
		{
			cols[m] = cols[x];
			scores[m++] = scores[x];
		}
	return m;
}

/* What PrunedSplitRow knows of a left-out pair (in scratch). */
#define LEFT_REFUSED	(-1.0)
#define LEFT_KEPT		0.0		/* kept or held by the row */
#define LEFT_UNASKED	1.0
#define LEFT_ADMITTED	2.0

/* Rows whose refused pairs pass this many are asked of every pair. */
#define REFUSED_AT_ONCE	((PRUNED_KEEP + PRUNED_KNOWN) / 4)

void
PrunedSplitRow(PrunedColumns *side, int32 row, int32 *cols, double *scores,
			   int32 n, double *scratch, PairAdmit admit, void *arg,
			   PrunedRow *out)
{
	const int32 keep = PRUNED_KEEP,
				most = PRUNED_KEEP + PRUNED_KNOWN;
	double		t1,
				t2;
	int32		x,
				above1,
				above2,
				ties1,
				ties2,
				best;

	for (x = 0; x < n; x++)
	{
		if (scores[x] < side->score_min)
			side->score_min = scores[x];
		if (scores[x] > side->score_max)
			side->score_max = scores[x];
	}
	side->scored += n;

	/*
	 * The row's best most must be candidates: ask of them, drop those
	 * refused, select again until none is; past REFUSED_AT_ONCE refused in
	 * one go, ask of every pair.
	 */
	for (;;)
	{
		int32		refused = 0;

		SelectBest(scores, n, scratch, &t1, &t2, &above1, &above2);
		if (admit == NULL)
			break;
		ties1 = ties2 = 0;
		for (x = 0; x < n; x++)
		{
			bool		first,
						next;

			if (scores[x] < t2)
				continue;		/* neither (t2 <= t1), nor a tie of either */
			first = AmongBest(scores[x], t1, above1, keep, &ties1);
			next = AmongBest(scores[x], t2, above2, most, &ties2);
			if ((first || next) && !admit(arg, row, cols[x]))
			{
				scores[x] = get_float8_nan();
				refused++;
			}
		}
		if (refused > REFUSED_AT_ONCE)
		{
			for (x = 0; x < n; x++)
				if (!isnan(scores[x]) && !admit(arg, row, cols[x]))
					scores[x] = get_float8_nan();
			admit = NULL;
		}
		else if (n <= most)
			admit = NULL;		/* every pair was asked */
		if (refused == 0)
			break;
		n = DropRefused(cols, scores, n);
	}
	if (n > keep)
		side->pruned = true;

	/*
	 * The first keep in the order stay, the next are held; each test is
	 * made for every candidate so that the tie counts stay true.  The
	 * others go to their columns.
	 */
	out->nkeep = out->nknown = 0;
	out->bound = -INFINITY;
	ties1 = ties2 = 0;
	best = -1;
	for (x = 0; x < n; x++)
	{
		double		s = scores[x];
		bool		first = false,
					next = false;

		if (s >= t2)
		{
			first = AmongBest(s, t1, above1, keep, &ties1);
			next = AmongBest(s, t2, above2, most, &ties2);
		}
		scratch[x] = LEFT_KEPT;
		if (first)
		{
			out->keep_col[out->nkeep] = cols[x];
			out->keep_score[out->nkeep++] = s;
		}
		else if (next)
		{
			out->known_col[out->nknown] = cols[x];
			out->known_score[out->nknown++] = s;
		}
		else
		{
			PrunedPair	p;
			int			taken;

			p.score = s;
			p.row = row;
			taken = LeaveOut(side, cols[x], p, admit, arg);
			scratch[x] = taken < 0 ? LEFT_REFUSED :
				taken > 0 || admit == NULL ? LEFT_ADMITTED : LEFT_UNASKED;
			if (taken >= 0 && (best < 0 || s > scores[best]))
				best = x;
		}
	}

	/*
	 * The row's bound is its best left-out candidate's score: ask of the
	 * best left-out pair until one is admitted.
	 */
	while (best >= 0 && scratch[best] == LEFT_UNASKED &&
		   !admit(arg, row, cols[best]))
	{
		scratch[best] = LEFT_REFUSED;
		best = -1;
		for (x = 0; x < n; x++)
			if (scratch[x] > LEFT_KEPT && (best < 0 || scores[x] > scores[best]))
				best = x;
	}
	if (best >= 0)
		out->bound = scores[best];
}

void
PrunedCohortTake(PrunedCohort *pc, int32 row, const PrunedRow *r)
{
	Cohort	   *c = pc->cohort;

	if (pc->known_n + r->nknown > pc->known_cap)
	{
		int64		cap = Max(pc->known_cap * 2, pc->known_n + r->nknown + 1024);

		pc->known_col = CohortGrow(c, pc->known_col, sizeof(int32), pc->known_cap, cap);
		pc->known_score = CohortGrow(c, pc->known_score, sizeof(double), pc->known_cap, cap);
		pc->known_cap = cap;
	}
	pc->known_start[row] = pc->known_n;
	memcpy(pc->known_col + pc->known_n, r->known_col, sizeof(int32) * r->nknown);
	memcpy(pc->known_score + pc->known_n, r->known_score, sizeof(double) * r->nknown);
	pc->known_n += r->nknown;
	pc->known_start[row + 1] = pc->known_n;
	pc->row_bound[row] = r->bound;
	CohortAddEdges(c, row, r->keep_col, r->keep_score, r->nkeep);
}

void
PrunedCohortRow(PrunedCohort *pc, int32 row, int32 *cols, double *scores,
				int32 n, double *scratch, PairAdmit admit, void *arg)
{
	PrunedRow	r;
	double	   *room = scratch + Max(n, 1);

	r.keep_score = room;
	r.known_score = room + PRUNED_KEEP;
	r.keep_col = (int32 *) (room + PRUNED_KEEP + PRUNED_KNOWN);
	r.known_col = r.keep_col + PRUNED_KEEP;
	PrunedSplitRow(&pc->side, row, cols, scores, n, scratch, admit, arg, &r);
	PrunedCohortTake(pc, row, &r);
}

void
PrunedMergeColumns(PrunedCohort *pc, const PrunedColumns *from)
{
	PrunedColumns *side = &pc->side;
	int32		j;
	int64		k;

	for (j = 0; j < pc->cohort->ncols; j++)
	{
		for (k = 0; k < from->count[j]; k++)
			(void) LeaveOut(side, j, from->pairs[from->start[j] + k], NULL, NULL);
		if (from->bound[j] > side->bound[j])
			side->bound[j] = from->bound[j];
	}
	side->score_min = Min(side->score_min, from->score_min);
	side->score_max = Max(side->score_max, from->score_max);
	side->scored += from->scored;
	side->pruned |= from->pruned;
}

void
PrunedCohortEnd(PrunedCohort *pc)
{
	int32		i,
				j;
	int64		k;

	/* rows never seen (kept pairs) hold nothing */
	for (i = 0; i < pc->cohort->nrows; i++)
		if (pc->known_start[i + 1] < pc->known_start[i])
			pc->known_start[i + 1] = pc->known_start[i];
	for (j = 0; j < pc->cohort->ncols; j++)
		for (k = 0; k < pc->side.count[j]; k++)
		{
			PrunedPair *p = &pc->side.pairs[pc->side.start[j] + k];

			CohortAddEdge(pc->cohort, p->row, j, p->score, 0.0);
		}
}
