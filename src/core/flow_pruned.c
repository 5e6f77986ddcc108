/*
 * flow_pruned.c
 *		Exact assignment on pruned candidates: solve the kept pairs with
 *		duals, add back the left-out pairs that break the certificate,
 *		repeat (see flow_pruned.h); plain C.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flow_internal.h"
#include "flow_pruned.h"

/* A growing list of pairs (column and score), in rows. */
typedef struct PairList
{
	int32_t    *col;
	double	   *score;
	int64_t		n;
	int64_t		cap;
} PairList;

/* A solve starts from the last prices after adding at most 1/WARM_SHARE. */
#define WARM_SHARE 256

/* Rounds whose prices the rows' records may use (older records lapse). */
#define PRICE_ROUNDS 8

/* Scratch of the rounds, per column unless said. */
typedef struct Rounds
{
	PrunedProblem *pp;
	AssignDuals duals;
	int32_t    *by_price;		/* columns by ascending price */
	int64_t    *mark;			/* mark[j] == this round's stamp of row i:
								 * (i, j) is kept, known or seen */
	int32_t    *cols;			/* a row's columns to rescore */
	double	   *scores;
	PairList	add;			/* pairs to add back this round */
	int64_t    *add_start;		/* per row + 1 */
	double	   *excess;			/* per pair a row adds: score - price */
	bool		merged;			/* kept's arrays are MergeAdded's */
	int64_t		added_last;		/* pairs the last round added, -1 before */

	/*
	 * Left-out pairs rescored in earlier rounds and not added back, per row
	 * (seen_start, nrows + 1; NULL before any): checked as known pairs are,
	 * so that no round scores a pair again.  The next round's are gathered
	 * in next.
	 */
	int64_t    *seen_start;
	PairList	seen;
	int64_t    *next_start;
	PairList	next;
	int64_t		seen_most;		/* at most this many (four times the pairs
								 * kept at first, at least 2^20): past it,
								 * pairs are forgotten */

	/*
	 * What a row's last rescoring proves of the pairs it forgot (neither
	 * added back nor seen): with the column prices of round rec_round[i]
	 * (-1: none), price_at[rec_round[i] % PRICE_ROUNDS], and the row's
	 * value then, rec_value[i], every left-out pair (i, j) of a column priced
	 * below rec_cut[i] then, which its column's bound did not rule out then
	 * (RecordCovers), and that is not kept, known nor seen, scores at most
	 * rec_excess[i] + its price then.  So a later round rescores such a
	 * pair only if that bound breaks the certificate; pairs forgotten later
	 * widen rec_excess.  carry collects the row's next record while it is
	 * rescored.
	 */
	int32_t    *rec_round;
	double	   *rec_value;
	double	   *rec_cut;
	double	   *rec_excess;
	double	   *price_at[PRICE_ROUNDS];
	int32_t		row;			/* the row being checked */
	double		carry;

	/*
	 * With rescore_rows: the rows before planned_to are planned (those
	 * since the last batch, RescoreBatch); batch_n of them are rescored,
	 * batch_rows[x]'s columns batch_cols[batch_start[x] ..] with their
	 * scores, as RowToRescore chose them then; batch_at, the next of them
	 * to check.
	 */
	int32_t		planned_to;
	int32_t		batch_n;
	int32_t		batch_at;
	int32_t    *batch_rows;
	double	   *batch_carry;	/* what planning the row gave r->carry... */
	double	   *batch_cut;		/* ... and *cut */
	double	   *batch_excess;	/* the row's rec_excess then */
	int64_t    *batch_start;
	int32_t    *batch_cols;
	double	   *batch_scores;
	int32_t    *miss_at;		/* a row's columns not planned */
	int32_t    *miss_cols;
	double	   *miss_scores;
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
PushPair(Rounds *r, PairList *l, int32_t col, double score)
{
	if (l->n == l->cap)
	{
		int64_t		cap = l->cap > 0 ? l->cap * 2 : 1024;
		int32_t    *c;
		double	   *s;

		r->pp->reserve(r->pp->memory, (size_t) cap * 12);
		c = core_alloc_array((size_t) cap, sizeof(int32_t));
		s = core_alloc_array((size_t) cap, sizeof(double));
		if (l->cap > 0)
		{
			memcpy(c, l->col, sizeof(int32_t) * l->n);
			memcpy(s, l->score, sizeof(double) * l->n);
			core_free(l->col);
			core_free(l->score);
			r->pp->release(r->pp->memory, (size_t) l->cap * 12);
		}
		l->col = c;
		l->score = s;
		l->cap = cap;
	}
	l->col[l->n] = col;
	l->score[l->n++] = score;
}

static void
FreePairs(Rounds *r, PairList *l)
{
	if (l->cap > 0)
	{
		core_free(l->col);
		core_free(l->score);
		r->pp->release(r->pp->memory, (size_t) l->cap * 12);
	}
	memset(l, 0, sizeof(*l));
}

/*
 * Whether column j's own bound rules out its left-out pairs with a row of
 * that value, at that price.
 */
static inline bool
ColumnRulesOut(const Rounds *r, int32_t j, double value, double price)
{
	return r->pp->col_bound[j] <= value + price + Slack(value, price);
}

/*
 * Whether row i's record still holds and covers column j; *then receives
 * the column's price in the record's round.
 */
static inline bool
RecordCovers(const Rounds *r, int32_t i, int32_t j, double *then)
{
	int32_t		round = r->rec_round[i];

	if (round < 0 || round <= r->pp->rounds - PRICE_ROUNDS)
		return false;
	*then = r->price_at[round % PRICE_ROUNDS][j];
	return *then < r->rec_cut[i] &&
		!ColumnRulesOut(r, j, r->rec_value[i], *then);
}

/*
 * A rescored pair of the row being checked left out of the next round's
 * seen pairs: it widens the row's record (if that covers the column) and
 * the next one.
 */
static inline void
Forget(Rounds *r, int32_t j, double s)
{
	int32_t		i = r->row;
	double		then,
				x;

	if (RecordCovers(r, i, j, &then) && s - then > r->rec_excess[i])
		r->rec_excess[i] = s - then;
	x = s - r->duals.col_price[j];
	if (x > r->carry)
		r->carry = x;
}

/*
 * A rescored pair seen for the next round while there is room, else
 * forgotten.
 */
static inline void
Remember(Rounds *r, int32_t j, double s)
{
	if (r->next.n < r->seen_most)
		PushPair(r, &r->next, j, s);
	else
		Forget(r, j, s);
}

/*
 * Of a row's pairs that break the certificate, add[from ..], keeps the
 * ROW_ADDS that break it most (any of them would do to make progress; with
 * many ties a row breaks it with hundreds of equal pairs, and adding them
 * all only makes the solves larger); the others are seen, for the next
 * round.  Of those it would keep, admit is asked, and those refused are
 * remembered as no candidates (never rescored again) and replaced.
 */
#define ROW_ADDS 16

/*
 * The excess (score - price) of the ROW_ADDS-th most breaking of the cnt
 * pairs at add[from ..], and how many break it by more (*above); -INFINITY
 * when there are no more than ROW_ADDS.
 */
static double
AddsThreshold(Rounds *r, int64_t from, int64_t cnt, int64_t *above)
{
	PairList   *add = &r->add;
	double		t;
	int64_t		x;

	*above = 0;
	if (cnt <= ROW_ADDS)
		return -INFINITY;
	for (x = 0; x < cnt; x++)
		r->excess[x] = add->score[from + x] - r->duals.col_price[add->col[from + x]];
	t = prune_kth_largest(r->excess, cnt, ROW_ADDS - 1);
	for (x = 0; x < cnt; x++)
		*above += add->score[from + x] - r->duals.col_price[add->col[from + x]] > t;
	return t;
}

/* Whether add[at], of excess v, is among the ROW_ADDS kept (see above). */
static inline bool
AmongAdds(double v, double t, int64_t above, int64_t *ties)
{
	return v > t || (v == t && (*ties)++ < ROW_ADDS - above);
}

static void
KeepMostBreaking(Rounds *r, int64_t from)
{
	PairList   *add = &r->add;
	PrunedProblem *pp = r->pp;
	bool		asking = pp->admit != NULL;
	int64_t		refused_all = 0,
				cnt,
				x,
				out,
				above,
				ties;
	double		t;

	/* until those it would keep are all admitted */
	while (asking && add->n > from)
	{
		int64_t		refused = 0;

		cnt = add->n - from;
		t = AddsThreshold(r, from, cnt, &above);
		ties = 0;
		for (x = 0; x < cnt; x++)
		{
			int32_t		j = add->col[from + x];

			if (AmongAdds(add->score[from + x] - r->duals.col_price[j], t, above, &ties) &&
				!pp->admit(pp->arg, r->row, j))
			{
				add->score[from + x] = NAN;
				refused++;
			}
		}
		if (refused == 0)
			break;
		refused_all += refused;
		if (cnt <= ROW_ADDS)
			asking = false;		/* every pair was asked */
		else if (refused_all > 4 * ROW_ADDS)
		{
			/* many are no candidates: ask of all at once */
			for (x = 0; x < cnt; x++)
				if (!isnan(add->score[from + x]) &&
					!pp->admit(pp->arg, r->row, add->col[from + x]))
					add->score[from + x] = NAN;
			asking = false;
		}
		for (x = 0, out = from; x < cnt; x++)
		{
			if (isnan(add->score[from + x]))
			{
				Remember(r, add->col[from + x], NAN);	/* never rescored again */
				continue;
			}
			add->col[out] = add->col[from + x];
			add->score[out++] = add->score[from + x];
		}
		add->n = out;
	}

	cnt = add->n - from;
	if (cnt <= ROW_ADDS)
		return;
	t = AddsThreshold(r, from, cnt, &above);
	ties = 0;
	for (x = 0, out = from; x < cnt; x++)
	{
		int32_t		j = add->col[from + x];
		double		s = add->score[from + x];

		if (AmongAdds(s - r->duals.col_price[j], t, above, &ties))
		{
			add->col[out] = j;
			add->score[out++] = s;
		}
		else
			Remember(r, j, s);
	}
	add->n = out;
}

/*
 * A left-out pair whose score is known: added back if it breaks the
 * certificate (and is admitted, KeepMostBreaking), else seen for the next
 * round (when seen is wanted).
 */
static inline bool
Breaks(const Rounds *r, int32_t j, double s, double value, double lo)
{
	double		price = r->duals.col_price[j];

	return s >= lo && s > value + price + Slack(value, price);
}

static inline void
CheckPair(Rounds *r, int32_t j, double s, double value, double lo, bool seen)
{
	if (Breaks(r, j, s, value, lo))
		PushPair(r, &r->add, j, s);
	else if (seen)
		Remember(r, j, s);
}

/*
 * A row's left-out pairs with known scores, col[from .. to - 1]: each not
 * kept already (marked with stamp) is marked and checked (CheckPair), or,
 * when only counting (planning a batch), counted if it breaks the
 * certificate.  Returns how many were counted.
 */
static int64_t
CheckScored(Rounds *r, const int32_t *col, const double *score, int64_t from,
			int64_t to, double value, double lo, int64_t stamp, bool seen,
			bool counting)
{
	int64_t		e,
				n = 0;

	for (e = from; e < to; e++)
	{
		if (r->mark[col[e]] == stamp)
			continue;			/* added back already */
		r->mark[col[e]] = stamp;
		if (counting)
			n += Breaks(r, col[e], score[e], value, lo);
		else
			CheckPair(r, col[e], score[e], value, lo, seen);
	}
	return n;
}

/*
 * Row i's left-out pairs that its bounds cannot rule out, into cols (by
 * ascending price; returns how many): columns priced low enough for the
 * row's bound, whose own bound (and the row's record, when it covers them)
 * could break the certificate, not kept, known nor seen (marked with
 * stamp).  The columns looked at (those priced below where the row's bound
 * stops, *cut) whose own bound does not rule them out make the row's new
 * record, when some are rescored; those not rescored widen r->carry.
 */
static int32_t
RowToRescore(Rounds *r, int32_t i, int32_t nseated, double lo, int64_t stamp,
			 int32_t *cols, double *cut)
{
	PrunedProblem *pp = r->pp;
	double		b = pp->row_bound[i],
				value = r->duals.row_value[i],
				then;
	int32_t		nc = 0,
				x;

	*cut = INFINITY;
	if (!(b >= lo) || nseated == 0 ||
		b <= value + r->duals.col_price[r->by_price[0]] +
		Slack(value, r->duals.col_price[r->by_price[0]]))
		return 0;				/* every left-out pair is below its bound */
	for (x = 0; x < nseated; x++)
	{
		int32_t		j = r->by_price[x];
		double		price = r->duals.col_price[j],
					bound = pp->col_bound[j] < b ? pp->col_bound[j] : b;

		if (b <= value + price + Slack(value, price))
		{
			*cut = price;
			break;				/* and so for every dearer column */
		}
		if (r->mark[j] == stamp || ColumnRulesOut(r, j, value, price))
			continue;			/* no part of the new record */
		if (RecordCovers(r, i, j, &then) && r->rec_excess[i] + then < bound)
			bound = r->rec_excess[i] + then;
		if (bound >= lo && bound > value + price + Slack(value, price))
			cols[nc++] = j;
		else if (bound - price > r->carry)
			r->carry = bound - price;
	}
	return nc;
}

/*
 * Row i's scores of cols[0 .. nc - 1] into scores: those planned
 * (RescoreBatch) from the batch, the others (the row's record may have
 * widened since, or it was not planned) through rescore.
 */
static void
ScoreRow(Rounds *r, int32_t i, const int32_t *cols, int32_t nc, double *scores)
{
	PrunedProblem *pp = r->pp;
	int64_t		at = 0,
				end = 0;
	int32_t		nmiss = 0,
				x;

	if (r->batch_at < r->batch_n && r->batch_rows[r->batch_at] == i)
	{
		at = r->batch_start[r->batch_at];
		end = r->batch_start[r->batch_at + 1];
		r->batch_at++;
	}
	if (at == end)
	{
		pp->rescore(pp->arg, i, cols, nc, scores);
		return;
	}
	/* the planned columns are among cols, in the same order */
	for (x = 0; x < nc; x++)
	{
		if (at < end && r->batch_cols[at] == cols[x])
			scores[x] = r->batch_scores[at++];
		else
		{
			r->miss_at[nmiss] = x;
			r->miss_cols[nmiss++] = cols[x];
		}
	}
	if (nmiss == 0)
		return;
	pp->rescore(pp->arg, i, r->miss_cols, nmiss, r->miss_scores);
	for (x = 0; x < nmiss; x++)
		scores[r->miss_at[x]] = r->miss_scores[x];
}

/*
 * Rescores row i's left-out pairs that its bounds cannot rule out
 * (RowToRescore) and checks them; the columns looked at make the row's new
 * record, when some are rescored: its excess bounds the pairs the old
 * record ruled out as well as those rescored and forgotten.
 */
static void
RescoreRow(Rounds *r, int32_t i, int32_t nseated, double lo, int64_t stamp)
{
	PrunedProblem *pp = r->pp;
	double		cut;
	const int32_t *cols = r->cols;
	double	   *scores = r->scores;
	int32_t		nc,
				x;

	if (r->batch_at < r->batch_n && r->batch_rows[r->batch_at] == i &&
		r->batch_excess[r->batch_at] == r->rec_excess[i])
	{
		/* as planned: the record has not widened since */
		x = r->batch_at++;
		cols = r->batch_cols + r->batch_start[x];
		scores = r->batch_scores + r->batch_start[x];
		nc = (int32_t) (r->batch_start[x + 1] - r->batch_start[x]);
		cut = r->batch_cut[x];
		if (r->batch_carry[x] > r->carry)
			r->carry = r->batch_carry[x];
	}
	else
	{
		nc = RowToRescore(r, i, nseated, lo, stamp, r->cols, &cut);
		if (nc == 0)
			return;
		ScoreRow(r, i, r->cols, nc, r->scores);
	}
	pp->rescored += nc;
	pp->rows_rescored++;
	for (x = 0; x < nc; x++)
		CheckPair(r, cols[x], scores[x], r->duals.row_value[i], lo, true);

	/* the new record, with this round's prices */
	r->rec_round[i] = pp->rounds;
	r->rec_value[i] = r->duals.row_value[i];
	r->rec_cut[i] = cut;
	r->rec_excess[i] = r->carry;
}

/*
 * With rescore_rows: plans the rescoring of the rows from `from` on, until
 * a batch is full, as FindBreaking will ask for it (the same columns, with
 * marks of a stamp of their own), and has rescore_rows score them all at
 * once.  A row whose known and seen pairs break the certificate ROW_ADDS
 * times is not planned; should admit refuse some, it is rescored alone.
 */
static void
RescoreBatch(Rounds *r, int32_t from, int32_t nseated, double lo)
{
	PrunedProblem *pp = r->pp;
	const AssignProblem *k = &pp->kept;
	int32_t		i;

	r->batch_n = 0;
	r->batch_at = 0;
	r->batch_start[0] = 0;
	for (i = from; i < k->nrows && r->batch_n < PRUNE_BATCH_ROWS &&
		 r->batch_start[r->batch_n] < PRUNE_BATCH_PAIRS; i = core_next_row(i))
	{
		double		value = r->duals.row_value[i],
					cut;
		int64_t		e,
					n = 0,
					stamp = -((int64_t) pp->rounds * k->nrows + i) - 2;
		int32_t		nc;

		for (e = k->row_start[i]; e < k->row_start[i + 1]; e++)
			r->mark[k->col[e]] = stamp;
		if (pp->known_start != NULL)
			n += CheckScored(r, pp->known_col, pp->known_score, pp->known_start[i],
							 pp->known_start[i + 1], value, lo, stamp, false, true);
		if (r->seen_start != NULL)
			n += CheckScored(r, r->seen.col, r->seen.score, r->seen_start[i],
							 r->seen_start[i + 1], value, lo, stamp, false, true);
		if (n >= ROW_ADDS)
			continue;
		r->carry = -INFINITY;
		nc = RowToRescore(r, i, nseated, lo, stamp,
						  r->batch_cols + r->batch_start[r->batch_n], &cut);
		if (nc == 0)
			continue;
		r->batch_rows[r->batch_n] = i;
		r->batch_carry[r->batch_n] = r->carry;
		r->batch_cut[r->batch_n] = cut;
		r->batch_excess[r->batch_n] = r->rec_excess[i];
		r->batch_start[r->batch_n + 1] = r->batch_start[r->batch_n] + nc;
		r->batch_n++;
	}
	r->planned_to = i;
	if (r->batch_n > 0)
		pp->rescore_rows(pp->arg, r->batch_n, r->batch_rows, r->batch_start,
						 r->batch_cols, r->batch_scores);
}

/*
 * The left-out pairs, usable (score >= lo), that break the certificate of
 * the duals just found: collected per row in add.  Returns how many.  The
 * known and seen pairs are checked as they are; of the others, a row is
 * rescored only where its bounds cannot rule them out (RescoreRow).
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

	for (x = 0; x < ncols; x++)
		if (r->duals.col_price[x] < INFINITY)
			r->by_price[nseated++] = x;
	sort_price = r->duals.col_price;
	qsort(r->by_price, (size_t) nseated, sizeof(int32_t), CompareByPrice);

	memcpy(r->price_at[pp->rounds % PRICE_ROUNDS], r->duals.col_price,
		   sizeof(double) * ncols);
	r->add.n = 0;
	r->next.n = 0;
	r->planned_to = 0;
	r->batch_n = r->batch_at = 0;
	for (i = 0; i < k->nrows; i = core_next_row(i))
	{
		double		value = r->duals.row_value[i];
		int64_t		e,
					stamp = (int64_t) pp->rounds * k->nrows + i;

		if (pp->rescore_rows != NULL && i == r->planned_to)
			RescoreBatch(r, i, nseated, lo);
		while (r->batch_at < r->batch_n && r->batch_rows[r->batch_at] < i)
			r->batch_at++;		/* planned, not needed after all */
		r->row = i;
		r->carry = -INFINITY;
		r->add_start[i] = r->add.n;
		r->next_start[i] = r->next.n;
		for (e = k->row_start[i]; e < k->row_start[i + 1]; e++)
			r->mark[k->col[e]] = stamp;
		if (pp->known_start != NULL)
			(void) CheckScored(r, pp->known_col, pp->known_score, pp->known_start[i],
							   pp->known_start[i + 1], value, lo, stamp, false, false);
		if (r->seen_start != NULL)
			(void) CheckScored(r, r->seen.col, r->seen.score, r->seen_start[i],
							   r->seen_start[i + 1], value, lo, stamp, true, false);
		KeepMostBreaking(r, r->add_start[i]);

		/*
		 * A row whose known and seen pairs give ROW_ADDS that break the
		 * certificate (admitted) makes progress enough without rescoring;
		 * a round that adds nothing has rescored every row its bounds did
		 * not settle.
		 */
		if (r->add.n - r->add_start[i] < ROW_ADDS)
		{
			RescoreRow(r, i, nseated, lo, stamp);
			KeepMostBreaking(r, r->add_start[i]);
		}
	}
	r->add_start[k->nrows] = r->add.n;
	r->next_start[k->nrows] = r->next.n;
	if (pp->rescore_rows != NULL && pp->rescore_rows_end != NULL)
		pp->rescore_rows_end(pp->arg);

	/* the next round's seen pairs are this round's */
	{
		PairList	old = r->seen;
		int64_t    *start = r->seen_start ? r->seen_start : core_alloc_array((size_t) k->nrows + 1, sizeof(int64_t));

		r->seen = r->next;
		r->seen_start = r->next_start;
		r->next = old;
		r->next_start = start;
	}
	return r->add.n;
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
			col[out] = r->add.col[e];
			score[out] = r->add.score[e];
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
	/*
	 * After a round that added few pairs (at most one in WARM_SHARE of the
	 * kept), the solve starts from its prices, which only those pairs move;
	 * after many, an auction's start is shorter.
	 */
	r->duals.start_price = r->added_last >= 0 &&
		r->added_last <= pp->kept.row_start[pp->kept.nrows] / WARM_SHARE ?
		r->duals.col_price : NULL;
	assign_solve_priced(&pp->kept, objective, lo, &r->duals, row_edge);
	core_scope_end(scope);
	pp->release(pp->memory, bytes);
	n = FindBreaking(r, objective == ASSIGN_TOTAL && !(lo > 0.0) ? 0x1p-1074 : lo);
	r->added_last = n;
	if (n == 0)
		return true;
	MergeAdded(r, n);
	return false;
}

/*
 * The most rows the kept pairs match and their fair threshold, searched up
 * from start, a matching of the kept pairs with that many rows.
 */
static int64_t
KeptThreshold(PrunedProblem *pp, const int64_t *start, double *threshold)
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
					  core_alloc_array(k->nrows, sizeof(int64_t)), start, threshold);
	core_scope_end(scope);
	pp->release(pp->memory, bytes);
	return K;
}

/*
 * The rows row_edge matches; with row classes, weighed by class + 1 (a
 * matching of a subset of the pairs weighs as much as a COVERAGE optimum
 * over all only if it matches as many rows of each class or higher).
 */
static int64_t
Matched(const int64_t *row_edge, int32_t nrows, const int32_t *row_class)
{
	int64_t		n = 0;
	int32_t		i;

	for (i = 0; i < nrows; i++)
		if (row_edge[i] >= 0)
			n += row_class != NULL ? row_class[i] + 1 : 1;
	return n;
}

/* The most pairs remembered as seen: 4 x the pairs kept, at least 2^20. */
static int64_t
SeenMost(int64_t nkept)
{
	return 4 * nkept > ((int64_t) 1 << 20) ? 4 * nkept : (int64_t) 1 << 20;
}

/*
 * The rounds' arrays, a solve (or FAIR's threshold search) of twice the
 * pairs kept, the copies adding back makes, the seen and next lists (each
 * growing by doubling) and the adds.
 */
size_t
assign_pruned_scratch_bound(int32_t nrows, int32_t ncols, int64_t nkept,
							int64_t nknown, AssignObjective objective)
{
	size_t		edges = (size_t) nkept * 2;

	return assign_scratch_bound(nrows, ncols, (int64_t) edges, objective, false) +
		edges * 12 * 2 + ((size_t) nrows + 1) * (8 * 7 + 4 + 8 + 8 + 8) +
		((size_t) ncols + 1) * (8 + 4 + 8 + 4 + 8 + 8 + 8 * PRICE_ROUNDS) +
		(size_t) nknown * 8 + (size_t) SeenMost(nkept) * 12 * 4 + edges * 12 * 2 +
		((size_t) ncols + 1) * 16 + PRUNE_BATCH_ROWS * 36 + 8 +
		((size_t) PRUNE_BATCH_PAIRS + ncols) * 12;
}

/* The most known pairs a row has (the most a row can add, with ncols). */
static int64_t
MostKnown(const PrunedProblem *pp)
{
	int64_t		most = 0;
	int32_t		i;

	for (i = 0; pp->known_start != NULL && i < pp->kept.nrows; i++)
		if (pp->known_start[i + 1] - pp->known_start[i] > most)
			most = pp->known_start[i + 1] - pp->known_start[i];
	return most;
}

void
assign_solve_pruned(PrunedProblem *pp, AssignObjective objective,
					int64_t *row_edge)
{
	Rounds		r;
	int32_t		nrows = pp->kept.nrows,
				ncols = pp->kept.ncols,
				i,
				x;
	int64_t		most;

	for (i = 0; i < nrows; i++)
		row_edge[i] = -1;
	if (nrows == 0 || ncols == 0)
		return;

	memset(&r, 0, sizeof(r));
	r.pp = pp;
	r.added_last = -1;
	pp->reserve(pp->memory, ((size_t) ncols + 1) * (8 + 4 + 8 + 4 + 8) +
				((size_t) nrows + 1) * (8 + 8 + 8 + 8 + 8));
	r.duals.score_min = pp->score_min;
	r.duals.score_max = pp->score_max;
	r.duals.row_value = core_alloc_array(nrows, sizeof(double));
	r.duals.col_price = core_alloc_array(ncols, sizeof(double));
	r.by_price = core_alloc_array(ncols, sizeof(int32_t));
	r.mark = core_alloc_array(ncols, sizeof(int64_t));
	r.cols = core_alloc_array(ncols, sizeof(int32_t));
	r.scores = core_alloc_array(ncols, sizeof(double));
	r.add_start = core_alloc_array((size_t) nrows + 1, sizeof(int64_t));
	r.next_start = core_alloc_array((size_t) nrows + 1, sizeof(int64_t));
	r.seen_most = pp->remember_most > 0 ? pp->remember_most :
		SeenMost(pp->kept.row_start[nrows]);
	for (i = 0; i < ncols; i++)
		r.mark[i] = -1;
	pp->reserve(pp->memory, ((size_t) nrows + 1) * (4 + 8 + 8 + 8) +
				((size_t) ncols + 1) * 8 * PRICE_ROUNDS);
	r.rec_round = core_alloc_array(nrows, sizeof(int32_t));
	r.rec_value = core_alloc_array(nrows, sizeof(double));
	r.rec_cut = core_alloc_array(nrows, sizeof(double));
	r.rec_excess = core_alloc_array(nrows, sizeof(double));
	for (i = 0; i < nrows; i++)
		r.rec_round[i] = -1;
	for (x = 0; x < PRICE_ROUNDS; x++)
		r.price_at[x] = core_alloc_array(ncols, sizeof(double));
	most = ncols + MostKnown(pp);
	pp->reserve(pp->memory, ((size_t) most + 1) * 8);
	r.excess = core_alloc_array((size_t) most, sizeof(double));
	pp->reserve(pp->memory, ((size_t) ncols + 1) * (4 + 4 + 8));
	r.miss_at = core_alloc_array(ncols, sizeof(int32_t));
	r.miss_cols = core_alloc_array(ncols, sizeof(int32_t));
	r.miss_scores = core_alloc_array(ncols, sizeof(double));
	if (pp->rescore_rows != NULL)
	{
		pp->reserve(pp->memory, PRUNE_BATCH_ROWS * (4 + 8 * 4) + 8 +
					((size_t) PRUNE_BATCH_PAIRS + ncols) * 12);
		r.batch_rows = core_alloc_array(PRUNE_BATCH_ROWS, sizeof(int32_t));
		r.batch_carry = core_alloc_array(PRUNE_BATCH_ROWS, sizeof(double));
		r.batch_cut = core_alloc_array(PRUNE_BATCH_ROWS, sizeof(double));
		r.batch_excess = core_alloc_array(PRUNE_BATCH_ROWS, sizeof(double));
		r.batch_start = core_alloc_array(PRUNE_BATCH_ROWS + 1, sizeof(int64_t));
		r.batch_cols = core_alloc_array((size_t) PRUNE_BATCH_PAIRS + ncols, sizeof(int32_t));
		r.batch_scores = core_alloc_array((size_t) PRUNE_BATCH_PAIRS + ncols, sizeof(double));
	}

	if (objective != ASSIGN_FAIR)
	{
		while (!SolveRound(&r, objective, -DBL_MAX, row_edge))
			;
	}
	else
	{
		/*
		 * FAIR: K first; then the kept pairs' threshold t, until COVERAGE
		 * on every pair above t, certified, matches fewer than K rows (while
		 * it matches K, the threshold is higher: search again from there);
		 * then COVERAGE at or above t.  With row classes, "fewer" is
		 * fewer of some class or higher (Matched weighs them).
		 */
		double		t = 0.0;
		int64_t		K,
					W;

		while (!SolveRound(&r, ASSIGN_COVERAGE, -DBL_MAX, row_edge))
			;
		W = Matched(row_edge, nrows, pp->kept.row_class);
		K = KeptThreshold(pp, row_edge, &t);
		while (K > 0)
		{
			while (!SolveRound(&r, ASSIGN_COVERAGE, nextafter(t, INFINITY), row_edge))
				;
			if (Matched(row_edge, nrows, pp->kept.row_class) < W)
				break;
			(void) KeptThreshold(pp, row_edge, &t);
		}
		if (K > 0)
			while (!SolveRound(&r, ASSIGN_COVERAGE, t, row_edge))
				;
	}
	FreePairs(&r, &r.add);
	FreePairs(&r, &r.seen);
	FreePairs(&r, &r.next);
}

double
prune_kth_largest(double *a, int64_t n, int64_t k)
{
	return SelectKth(a, n, n - 1 - k);
}
