/*
 * flow_path.c
 *		Successive shortest paths and a capacitated augmenting row
 *		reduction: the exact core of the capacitated solver; plain C (see
 *		flow_internal.h for the formulation and conditions (a), (b)).
 *
 * Successive shortest paths, one row at a time, as in Jonker and
 * Volgenant.  Inserting row r runs Dijkstra over columns with reduced costs
 * c(e) + p[k] - u(i) >= 0 (by (a)): a column with a free seat is a terminal;
 * a full column leads to each row it holds, and such a row's unmatched
 * option is a terminal too (at d[j] - u(i) + U), as is r's own (U).  With D
 * the terminal distance, every column scanned before the terminal (d[j] <=
 * D, all full) gets p[j] += D - d[j]; this keeps (a) for every row (the
 * usual potential argument: unscanned columns have d >= D), and (b) because
 * only full columns rise and a column never loses occupancy along a path.
 * Free columns keep price 0.  Rows left unmatched are never reached again
 * (their unmatched option is private), so they stay unmatched.  Dijkstra
 * uses a binary heap over the touched columns only, reset sparsely, so an
 * insertion costs only what it explores.
 *
 * A capacitated augmenting row reduction (ReduceRows) seats most rows
 * cheaply first, keeping (a) and (b); only the rest need Dijkstra
 * (ExactPhase runs both).
 */
#include <float.h>
#include <string.h>

#include "flow_internal.h"

/*
 * The Dijkstra queue: columns keyed by dist, each one's position in hpos
 * for decrease-key.
 */
#define HEAP_PREFIX		ColumnQueue
#define HEAP_ELEMENT	int32_t
#define HEAP_ARG		Flow *
#define HEAP_FIRST(f, a, b)	((f)->dist[a] < (f)->dist[b])
#define HEAP_PLACED(f, c, pos)	((f)->hpos[c] = (int32_t) (pos))
#include "heap.h"

/*
 * The seated rows of a column, kept in its slots as a min-heap on tau, each
 * row's slot in row_slot (see the row reduction below).
 */
#define HEAP_PREFIX		SlotHeap
#define HEAP_ELEMENT	int32_t
#define HEAP_ARG		Flow *
#define HEAP_FIRST(f, a, b)	((f)->tau[a] < (f)->tau[b])
#define HEAP_PLACED(f, i, pos)	((f)->row_slot[i] = (int32_t) (pos))
#include "heap.h"

/*
 * Prices and the Dijkstra scratch, per column.  A column without seats is
 * "full" and may carry any price; a huge one keeps it out of every search
 * (U is at most a few times nrows).
 */
void
SetupPaths(Flow *f)
{
	int32_t		n = f->ncols;

	f->price = core_alloc_array(n, sizeof(double));
	f->dist = core_alloc_array(n, sizeof(double));
	f->scan_d = core_alloc_array(n, sizeof(double));
	f->heap = core_alloc_array(n, sizeof(int32_t));
	f->hpos = core_alloc_array(n, sizeof(int32_t));
	f->pred_row = core_alloc_array(n, sizeof(int32_t));
	f->pred_edge = core_alloc_array(n, sizeof(int64_t));
	f->touched = core_alloc_array(n, sizeof(int32_t));
	f->scanned = core_alloc_array(n, sizeof(int32_t));
	f->tau = core_alloc_array(f->nrows, sizeof(double));
	ResetPaths(f);
}

/*
 * Bytes SetupPaths asks for: price, dist, scan_d, pred_edge (8 bytes) and
 * heap, hpos, pred_row, touched, scanned (4) per column; tau per row.
 */
size_t
PathScratchBytes(size_t nr, size_t nc)
{
	return (nc + 1) * (4 * 8 + 5 * 4) + (nr + 1) * 8;
}

/* No row matched, every price back to its start, no column labeled. */
void
ResetPaths(Flow *f)
{
	int32_t		i,
				j;

	for (j = 0; j < f->ncols; j++)
	{
		f->count[j] = 0;
		f->price[j] = f->cap[j] > 0 ? 0.0 : 1e300;
		f->dist[j] = DBL_MAX;
	}
	for (i = 0; i < f->nrows; i++)
		f->row_edge[i] = -1;
}

/* ---------------------------------------------------------------------
 * Successive shortest paths
 * ---------------------------------------------------------------------
 */

/*
 * Move rows along the shortest path ending at column col, filling slot
 * slot there (a new slot of a free column, or the slot vacated by a row
 * that went unmatched), back to the row the path starts from, the only
 * unmatched row on it.  Returns that row.
 */
static int32_t
Augment(Flow *f, int32_t col, int32_t slot)
{
	for (;;)
	{
		int32_t		i = f->pred_row[col];
		int64_t		e = f->pred_edge[col];
		int64_t		old = f->row_edge[i];
		int32_t		oldslot = f->row_slot[i];

		f->slot_row[f->slot_start[col] + slot] = i;
		f->row_edge[i] = e;
		f->row_slot[i] = slot;
		if (old < 0)
			return i;
		col = f->col[old];
		slot = oldslot;
	}
}

/*
 * Label column k at distance nd via edge e of row i, if that is shorter.
 * dist is DBL_MAX for untouched columns and -DBL_MAX for scanned ones, so
 * one comparison covers both.  A column with a free seat ends any path that
 * reaches it, so it is a terminal, never queued: the search only remembers
 * the nearest one (term_col at term_d, the first found among equals).
 */
static inline void
Relax(Flow *f, int32_t k, double nd, int32_t i, int64_t e)
{
	if (nd < f->dist[k])
	{
		bool		fresh = f->dist[k] == DBL_MAX;

		if (fresh)
			f->touched[f->ntouched++] = k;
		f->dist[k] = nd;
		f->pred_row[k] = i;
		f->pred_edge[k] = e;
		if (f->count[k] < f->cap[k])
		{
			if (nd < f->term_d)
			{
				f->term_d = nd;
				f->term_col = k;
			}
		}
		else if (fresh)
			ColumnQueue_push(f, f->heap, &f->hsize, k);
		else
			ColumnQueue_sift_up(f, f->heap, f->hpos[k], k);
	}
}

/* Start a search: nothing labeled, no terminal found. */
static inline void
SearchBegin(Flow *f)
{
	f->hsize = 0;
	f->ntouched = 0;
	f->term_col = -1;
	f->term_d = DBL_MAX;
}

/*
 * Dijkstra over the columns from the labels set so far, until no queued
 * column is nearer than the nearest terminal: a free seat (term_col at
 * term_d) or, if dummies, the unmatched option of a row met on the way
 * (*best_dummy, *dummy_row; the caller sets them for its own rows).  At
 * equal distance a terminal wins, and a free seat wins over an unmatched
 * option.  With many equal costs this is what keeps a search short: a free
 * seat reached at the current minimum distance ends it at once, instead of
 * after every full column at that distance.  Every scanned column (listed
 * in scanned[], its distance in scan_d[]) has d < D, every other column
 * d >= D, D the terminal's distance, which is all the price update needs.
 * Returns the number of scanned columns.
 */
static int32_t
SearchRun(Flow *f, bool dummies, double *best_dummy, int32_t *dummy_row)
{
	int32_t		nscanned = 0,
				k;
	int64_t		e;
	double		lo = f->lo,
				B = f->B;
	bool		filter = lo > -DBL_MAX;

	for (;;)
	{
		int32_t		j,
					s,
					nslots;
		double		dj;
		const int32_t *slots;

		if (f->hsize == 0 ||
			f->dist[f->heap[0]] >= (f->term_d < *best_dummy ? f->term_d : *best_dummy))
			break;
		j = ColumnQueue_pop(f, f->heap, &f->hsize);
		dj = f->dist[j];
		f->dist[j] = -DBL_MAX;
		f->scan_d[nscanned] = dj;
		f->scanned[nscanned++] = j;

		/* continue through every row column j holds (j is full) */
		slots = f->slot_row + f->slot_start[j];
		nslots = f->count[j];
		for (s = 0; s < nslots; s++)
		{
			int32_t		i = slots[s];
			int64_t		ie = f->row_edge[i];
			int64_t		iend = f->rhi[i];
			double		h = dj - (EdgeCost(f, i, ie) + f->price[j]);
			double		hA = h + f->A - RowShift(f, i);
			const double *sc = f->score;
			const int32_t *cl = f->col;

			FlowWork(f, iend - f->rlo[i]);
			if (dummies && h + f->U < *best_dummy)
			{
				*best_dummy = h + f->U;
				*dummy_row = i;
			}
			/* j itself is scanned (-DBL_MAX), so the row's own edge fails */
			if (filter)
			{
				for (e = f->rlo[i]; e < iend; e++)
				{
					k = cl[e];
					if (sc[e] >= lo)
						Relax(f, k, hA - B * sc[e] + f->price[k], i, e);
				}
			}
			else
			{
				for (e = f->rlo[i]; e < iend; e++)
				{
					k = cl[e];
					Relax(f, k, hA - B * sc[e] + f->price[k], i, e);
				}
			}
		}
	}
	return nscanned;
}

/*
 * Raise the price of every scanned column by D - d (D at least its
 * distance), and unlabel every column for the next search.
 */
static void
SearchEnd(Flow *f, int32_t nscanned, double D)
{
	int32_t		k;

	for (k = 0; k < nscanned; k++)
		f->price[f->scanned[k]] += D - f->scan_d[k];
	for (k = 0; k < f->ntouched; k++)
		f->dist[f->touched[k]] = DBL_MAX;
}

/*
 * Insert row r: one Dijkstra, one price update, one augmentation.  Returns
 * true if a free seat was taken.
 */
static bool
InsertRow(Flow *f, int32_t r)
{
	int32_t		nscanned,
				term_col;
	int64_t		e,
				end = f->rhi[r];
	double		best_dummy = f->U,
				D;
	int32_t		dummy_row = r;

	SearchBegin(f);
	for (e = f->rlo[r]; e < end; e++)
	{
		if (f->score[e] >= f->lo)
			Relax(f, f->col[e], EdgeCost(f, r, e) + f->price[f->col[e]], r, e);
	}
	nscanned = SearchRun(f, true, &best_dummy, &dummy_row);

	term_col = f->term_col >= 0 && f->term_d <= best_dummy ? f->term_col : -1;
	D = term_col >= 0 ? f->term_d : best_dummy;
	SearchEnd(f, nscanned, D);

	if (term_col >= 0)
		(void) Augment(f, term_col, f->count[term_col]++);
	else if (dummy_row != r)
	{
		/* dummy_row goes unmatched; its column's slot takes the path */
		int64_t		old = f->row_edge[dummy_row];

		f->row_edge[dummy_row] = -1;
		(void) Augment(f, f->col[old], f->row_slot[dummy_row]);
	}
	/* else r itself stays unmatched */
	return term_col >= 0;
}

/*
 * Fill one more seat from the unmatched rows unm[0 .. *nunm - 1], all at
 * once, raising U as little as that takes; false if no seat can be filled.
 *
 * Every unmatched row has u(i) = U and, by (a), c(e) + p[j] - U >= 0 on its
 * edges: those are the labels of a multi-source Dijkstra towards the free
 * seats (unmatched options are no terminals here).  With D the distance of
 * the nearest free seat, the usual price update keeps (a) for every row
 * with U + D as the cost of staying unmatched: reduced costs stay >= 0 as
 * in a one-row search, every unmatched row's edges still cost at least
 * U + D (d >= D or the price rose by D - d), and a matched row's cost rose
 * by D - d <= D, so it stays at most U + D.  The row at the start of the
 * path ends at cost exactly U + D.  If no free seat is reachable by an
 * alternating path from an unmatched row, no assignment matches more rows
 * (Berge), so some seat stays empty in all of them.
 */
bool
FillFromUnmatched(Flow *f, int32_t *unm, int32_t *nunm)
{
	int32_t		x,
				nscanned,
				r,
				dummy_row = -1;
	double		best_dummy = DBL_MAX,
				U = f->U,
				D;

	SearchBegin(f);
	for (x = 0; x < *nunm; x++)
	{
		int32_t		i = unm[x];
		int64_t		e,
					end = f->rhi[i];

		FlowWork(f, end - f->rlo[i]);
		for (e = f->rlo[i]; e < end; e++)
			if (f->score[e] >= f->lo)
				Relax(f, f->col[e],
					  EdgeCost(f, i, e) + f->price[f->col[e]] - U, i, e);
	}
	nscanned = SearchRun(f, false, &best_dummy, &dummy_row);
	D = f->term_col >= 0 ? f->term_d : 0.0;
	SearchEnd(f, nscanned, D);
	if (f->term_col < 0)
		return false;
	if (D > 0.0)
		f->U = U + D;
	r = Augment(f, f->term_col, f->count[f->term_col]++);
	for (x = 0; unm[x] != r; x++)
		;
	unm[x] = unm[--*nunm];
	return true;
}

/*
 * The seats an assignment matching the most rows leaves empty.  Once no
 * alternating path from an unmatched row reaches a free seat (see
 * FillFromUnmatched), the assignment matches as many rows as any, but which
 * seats stay empty is a choice.  It is made optimal by giving each empty
 * seat to a "holder", a virtual row that may take any seat at one cost:
 * inserting a holder is a Dijkstra from every column at once (column k at
 * its price, the holder's cost at k) towards the free seats, with the usual
 * price update, and the holder takes the column the path starts from (the
 * real rows on the path move along it).  A holder's seat counts as taken
 * (cap[k] drops by one, to 0 perhaps; f->held[k] counts them).  Every column
 * gets a price of at least D, the path's length, and the holder's column
 * exactly D, so holders always sit at the least price, as (a) asks of them,
 * and never need to move: a path through a holder would start cheaper at its
 * column directly.  Returns false if no free seat is left.
 */
bool
HoldEmptySeat(Flow *f)
{
	int32_t		j,
				col,
				slot,
				nscanned,
				dummy_row = -1;
	double		best_dummy = DBL_MAX,
				least_free = DBL_MAX;

	for (j = 0; j < f->ncols; j++)
		if (IsFree(f, j) && f->price[j] < least_free)
			least_free = f->price[j];
	if (least_free == DBL_MAX)
		return false;
	SearchBegin(f);
	FlowWork(f, f->ncols);
	for (j = 0; j < f->ncols; j++)
		if ((f->cap[j] > 0 || f->held[j] > 0) && f->price[j] <= least_free)
			Relax(f, j, f->price[j], -1, -1);
	nscanned = SearchRun(f, false, &best_dummy, &dummy_row);
	SearchEnd(f, nscanned, f->term_d);

	/* real rows move along the path; the holder takes the seat left */
	col = f->term_col;
	slot = f->count[col]++;
	while (f->pred_row[col] >= 0)
	{
		int32_t		i = f->pred_row[col];
		int64_t		old = f->row_edge[i];
		int32_t		oldslot = f->row_slot[i];

		f->slot_row[f->slot_start[col] + slot] = i;
		f->row_edge[i] = f->pred_edge[col];
		f->row_slot[i] = slot;
		col = f->col[old];
		slot = oldslot;
	}
	/* slot of col is vacant: its last row fills it */
	if (slot != --f->count[col])
	{
		int32_t		last = f->slot_row[f->slot_start[col] + f->count[col]];

		f->slot_row[f->slot_start[col] + slot] = last;
		f->row_slot[last] = slot;
	}
	f->cap[col]--;
	f->held[col]++;
	return true;
}

/*
 * The holders leave (their seats are empty again) and the prices become
 * the objective's: all drop by the least price, which holders' columns
 * have, so that those end at 0 as (b) asks of a column with a free seat;
 * then the columns an alternating path from an unmatched row reaches (all
 * full: none is a holder's, or a row could take its seat) rise with U to
 * U0 if U is below it.  Both keep (a): the first moves every option alike;
 * the second moves every option of an unmatched row, and of a row seated
 * in those columns, alike, as all their edges lead there.  queue: a row's
 * worth of scratch; mark: a column's (reset here).
 */
void
ReleaseHeldSeats(Flow *f, double U0, int32_t *queue, int32_t *mark)
{
	double		least = DBL_MAX,
				rise;
	int32_t		i,
				j,
				head = 0,
				tail = 0;
	int64_t		e;

	for (j = 0; j < f->ncols; j++)
	{
		f->cap[j] += f->held[j];
		f->held[j] = 0;
		if (f->cap[j] > 0 && f->price[j] < least)
			least = f->price[j];
	}
	if (least == DBL_MAX)
		return;
	for (j = 0; j < f->ncols; j++)
		if (f->cap[j] > 0)
			f->price[j] -= least;
	f->U -= least;
	if (!(f->U < U0))
		return;
	rise = U0 - f->U;
	f->U = U0;

	/* breadth first over rows: unmatched ones, then those the columns hold */
	for (j = 0; j < f->ncols; j++)
		mark[j] = 0;
	for (i = 0; i < f->nrows; i = core_next_row(i))
		if (f->row_edge[i] < 0)
			queue[tail++] = i;
	while (head < tail)
	{
		i = queue[head++];
		FlowWork(f, f->rhi[i] - f->rlo[i]);
		for (e = f->rlo[i]; e < f->rhi[i]; e++)
		{
			int32_t		k = f->col[e],
						s;

			if (f->score[e] < f->lo || mark[k] || f->cap[k] == 0)
				continue;
			mark[k] = 1;
			f->price[k] += rise;
			for (s = 0; s < f->count[k]; s++)
				queue[tail++] = f->slot_row[f->slot_start[k] + s];
		}
	}
}

/* ---------------------------------------------------------------------
 * Augmenting row reduction, capacitated (a JV-style start)
 * ---------------------------------------------------------------------
 *
 * Each row seated here records tau[i] = (its second best option value) -
 * c(its edge): the highest price its column may reach with the row still
 * on a cheapest option.  Prices only rise, so a stored tau is a lower bound
 * of the true one and stays safe.  A column's slots form a min-heap on tau.
 *
 * Free row i with best option j (value a1) and second best a2:
 *	- best is "unmatched": i stays unmatched for good ((a) holds);
 *	- j has a free seat: seat i, price unchanged ((b) holds);
 *	- j is full: the row with the lowest tau among j's rows and i must go;
 *	  j's price rises to that tau, which every remaining row tolerates, and
 *	  the leaver becomes free (retried at once if the price strictly rose,
 *	  otherwise in the next pass, with a bounded number of retries).
 * So (a) and (b) hold for every seated row throughout; rows still free after
 * eight passes are inserted by shortest paths.
 */
/*
 * Process the free rows pending[0 .. nstack - 1] (a stack: the last one
 * first).  Returns the number of rows still free, listed in pending[].
 * tau and the slot heaps must be current for the seated rows (trivially
 * so on an empty assignment; see RefreshTau).
 */
static int32_t
ReduceRows(Flow *f, int32_t *pending, int32_t nstack, int32_t *deferred)
{
	int32_t		ndeferred,
				pass,
				i;
	int64_t		budget = 4 * (int64_t) f->nrows + 1000;
	double		lo = f->lo;
	double	   *tau = f->tau;

	for (pass = 0; pass < 8; pass++)
	{
		ndeferred = 0;
		while (nstack > 0)
		{
			int64_t		e,
						e1 = -1,
						end;
			double		a1 = f->U,
						a2 = DBL_MAX,
						t,
						old;
			int32_t		j,
						k,
						loser,
					   *slots;

			i = pending[--nstack];
			if ((nstack & 255) == 0)
				core_check_interrupts();
			end = f->rhi[i];
			for (e = f->rlo[i]; e < end; e++)
			{
				double		v;

				if (f->score[e] < lo)
					continue;
				v = EdgeCost(f, i, e) + f->price[f->col[e]];
				if (v < a1)
				{
					a2 = a1;
					a1 = v;
					e1 = e;
				}
				else
				{
					if (v < a2)
						a2 = v;
					/* among equal best options, a free seat */
					if (v == a1 && IsFree(f, f->col[e]) &&
						(e1 < 0 || !IsFree(f, f->col[e1])))
						e1 = e;
				}
			}
			if (e1 < 0)
				continue;		/* unmatched is its best option: settled */
			j = f->col[e1];
			slots = f->slot_row + f->slot_start[j];
			t = a2 - EdgeCost(f, i, e1);
			tau[i] = t;
			if (f->count[j] < f->cap[j])
			{
				int32_t		s = f->count[j]++;

				f->row_edge[i] = e1;
				SlotHeap_sift_up(f, slots, s, i);
				continue;
			}

			/*
			 * j is full (cap 0 columns are priced out, see SetupPaths, but
			 * for those whose seats all hold an empty seat: no row leaves)
			 */
			if (f->count[j] == 0)
			{
				deferred[ndeferred++] = i;
				continue;
			}
			k = slots[0];
			old = f->price[j];
			if (t <= tau[k])
			{
				/* i itself is the row that leaves */
				loser = i;
				f->price[j] = t;
			}
			else
			{
				loser = k;
				f->price[j] = tau[k];
				f->row_edge[i] = e1;
				f->row_edge[k] = -1;
				SlotHeap_sift_down(f, slots, f->count[j], 0, i);
			}
			if (f->price[j] > old && budget-- > 0)
				pending[nstack++] = loser;	/* retry at once */
			else
				deferred[ndeferred++] = loser;
		}
		for (i = 0; i < ndeferred; i++)
			pending[i] = deferred[ndeferred - 1 - i];
		nstack = ndeferred;
	}
	return nstack;
}

/*
 * Once every seat is taken (columns never lose rows, so this lasts), (b)
 * allows any prices >= 0 on all columns, and raising all of them by the same
 * delta keeps every row's preference among real options.  The largest delta
 * that keeps (a) is the least slack U - u(i) of a matched row.  This moves
 * prices to the scale of U at once instead of through searches that each
 * explore every column below U (the case of fewer seats than rows).
 */
/* The least slack U - u(i) of a matched row, DBL_MAX if none is matched. */
double
LeastSlack(const Flow *f)
{
	double		delta = DBL_MAX;
	int32_t		i;

	for (i = 0; i < f->nrows; i++)
	{
		int64_t		e = f->row_edge[i];

		if (e >= 0)
		{
			double		slack = f->U - (EdgeCost(f, i, e) + f->price[f->col[e]]);

			if (slack < delta)
				delta = slack;
		}
	}
	return delta;
}

static void
RaiseAllPrices(Flow *f)
{
	double		delta = LeastSlack(f);
	int32_t		j;

	if (delta > 0.0 && delta < DBL_MAX)
		for (j = 0; j < f->ncols; j++)
			if (f->cap[j] > 0 || (f->held && f->held[j] > 0))
				f->price[j] += delta;
}

/*
 * Recompute tau for every seated row (its second best option, the
 * unmatched one included, minus its cost) and rebuild each column's slot
 * heap, so that ReduceRows may run again on a non-empty assignment.
 */
void
RefreshTau(Flow *f)
{
	int32_t		i,
				j,
				k;

	for (i = 0; i < f->nrows; i++)
	{
		int64_t		ie = f->row_edge[i],
					e;
		double		a2 = f->U;

		if (ie < 0)
			continue;
		for (e = f->rlo[i]; e < f->rhi[i]; e++)
		{
			double		v;

			if (e == ie || f->score[e] < f->lo)
				continue;
			v = EdgeCost(f, i, e) + f->price[f->col[e]];
			if (v < a2)
				a2 = v;
		}
		f->tau[i] = a2 - EdgeCost(f, i, ie);
		if ((i & 1023) == 0)
			core_check_interrupts();
	}
	for (j = 0; j < f->ncols; j++)
	{
		int32_t    *slots = f->slot_row + f->slot_start[j];

		for (k = 1; k < f->count[j]; k++)
			SlotHeap_sift_up(f, slots, k, slots[k]);
	}
}

/*
 * Augmenting row reduction of the rows pending[0 .. npending - 1] (a stack:
 * the last one first), then one shortest path per row still free.  Once
 * every seat is taken, prices are raised to the scale of U at once
 * (RaiseAllPrices) and the rows still free get another round of row
 * reduction: there a row whose best option is to stay unmatched settles at
 * once instead of through a search (many such rows when seats are few).
 * tau and the slot heaps must be current for the rows already seated.
 */
void
ExactPhase(Flow *f, int32_t *pending, int32_t npending, int32_t *deferred)
{
	int32_t		j,
				k;
	int64_t		seats = 0,
				taken = 0;
	bool		raised = false;

	npending = ReduceRows(f, pending, npending, deferred);
	for (j = 0; j < f->ncols; j++)
	{
		seats += f->cap[j];
		taken += f->count[j];
	}
	for (k = 0;;)
	{
		if (taken == seats && !raised && k < npending)
		{
			RaiseAllPrices(f);
			RefreshTau(f);
			npending = k + ReduceRows(f, pending + k, npending - k, deferred);
			raised = true;
		}
		if (k >= npending)
			break;
		if ((k & 63) == 0)
			core_check_interrupts();
		if (InsertRow(f, pending[k++]))
			taken++;
	}
}
