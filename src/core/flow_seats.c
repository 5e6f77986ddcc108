/*
 * flow_seats.c
 *		The seat-filling start of the capacitated solver, for no more seats
 *		than rows: auction prices, then FillSeats; plain C (see
 *		flow_internal.h for the formulation and conditions (a), (b)).
 *
 * With no more seats than rows, an assignment that fills every seat is
 * sought first from other prices (FillSeats): start prices (those of
 * AssignDuals.start_price), else those of an auction (unless the scores
 * tie a lot), with U lowered to about the level where the
 * seats-th row's best option lies, so that rows that must stay out settle
 * at once instead of each proving it with a wide search; seats still empty
 * are then filled from all unmatched rows together (FillFromUnmatched).
 * Filling every seat makes such an assignment optimal for COVERAGE, and for
 * TOTAL when TotalDualsHold certifies it; otherwise flow.c solves again
 * from zero prices.  For COVERAGE, seats that no assignment can fill with
 * the others are held empty (HoldEmptySeat, flow_path.c) and count as
 * filled, the auction and the level taking the most rows that can be
 * matched (MostMatched) for the seats.  This makes dense capacitated
 * problems, scarce seats, seats that cannot all be filled and heavy ties
 * fast.
 */
#include <float.h>
#include <string.h>

#include "flow_internal.h"

/* The seats of one column (or of "out"): a min-heap on their prices. */
#define HEAP_PREFIX		SeatHeap
#define HEAP_ELEMENT	int32_t
#define HEAP_ARG		const double *
#define HEAP_FIRST(sprice, a, b)	((sprice)[a] < (sprice)[b])
#include "heap.h"

/*
 * A row's cheapest options as of its last full scan, for the auction.
 * Prices only rise there, so every option not listed still costs at least
 * bound (the next cheapest at that scan, DBL_MAX if none).  While the listed
 * second best costs at most bound (plus a tolerance), the list gives the
 * row's best and second best without a scan.
 */
#define NCAND 8
typedef struct Candidates
{
	int32_t		n;				/* listed, -1 before the first scan */
	int32_t		col[NCAND];
	double		cost[NCAND];
	double		bound;
} Candidates;

/*
 * Best option of row i over its usable edges to columns with seats at the
 * current prices: returns its column (-1 if there is none) and sets a1, its
 * value c + p, c1, its cost c, and a2, the second best value (DBL_MAX if
 * none).  Without a scan the answer may be off by tol: every option costs
 * at least a1 - tol, and every option other than the best at least a2 -
 * tol.
 */
static int32_t
RowBest(Flow *f, Candidates *cd, int32_t i, double tol, double *a1,
		double *a2, double *c1)
{
	double		v1 = DBL_MAX,
				v2 = DBL_MAX,
				tv[NCAND + 1],
				tcost[NCAND + 1];
	int32_t		t1 = -1,
				tc[NCAND + 1],
				m = 0,
				t;
	int64_t		e,
				end = f->rhi[i];

	for (t = 0; t < cd->n; t++)
	{
		double		v = cd->cost[t] + f->price[cd->col[t]];

		if (v < v1)
		{
			v2 = v1;
			v1 = v;
			t1 = t;
		}
		else if (v < v2)
			v2 = v;
	}
	if (cd->n >= 0 && v2 <= cd->bound + tol)
	{
		*a1 = v1;
		*a2 = v2;
		if (t1 < 0)
			return -1;
		*c1 = cd->cost[t1];
		return cd->col[t1];
	}

	/* scan, keeping the NCAND + 1 cheapest in order */
	for (e = f->rlo[i]; e < end; e++)
	{
		int32_t		j = f->col[e];
		double		c,
					v;

		if (f->score[e] < f->lo || f->cap[j] == 0)
			continue;
		c = EdgeCost(f, i, e);
		v = c + f->price[j];
		if (m <= NCAND || v < tv[NCAND])
		{
			int32_t		pos = m <= NCAND ? m++ : NCAND;

			while (pos > 0 && v < tv[pos - 1])
			{
				tv[pos] = tv[pos - 1];
				tc[pos] = tc[pos - 1];
				tcost[pos] = tcost[pos - 1];
				pos--;
			}
			tv[pos] = v;
			tc[pos] = j;
			tcost[pos] = c;
		}
	}
	cd->n = m < NCAND ? m : NCAND;
	for (t = 0; t < cd->n; t++)
	{
		cd->col[t] = tc[t];
		cd->cost[t] = tcost[t];
	}
	cd->bound = m > NCAND ? tv[NCAND] : DBL_MAX;
	*a1 = m > 0 ? tv[0] : DBL_MAX;
	*a2 = m > 1 ? tv[1] : DBL_MAX;
	if (m == 0)
		return -1;
	*c1 = tcost[0];
	return tc[0];
}

/*
 * Starting prices from a forward auction with epsilon scaling (Bertsekas;
 * seats of a column are "similar objects": a bid goes to the column's
 * cheapest seat, a column's seats form a min-heap on price).  Each phase
 * starts with every row free and keeps the seat prices; a phase ends when
 * every row holds a seat.  Only the prices are kept: the column price is
 * its cheapest seat's.  A row bids on an option within 2 eps of its best
 * (RowBest, tolerance eps), and every bid still raises a price by at least
 * eps.
 *
 * Used with no more seats than rows; nrows - most more seats, of a virtual
 * column "out" that every row may take at cost cmin, stand for being left
 * unmatched, most being the most rows that can be matched (the seats, when
 * that is not known to be fewer).  Every row can then hold a seat: a phase
 * ends as soon as the real seats that can be filled are, instead of rows
 * outbidding each other for ever.  A phase that still runs out of bids ends
 * the auction.  Returns the highest column price; *last_eps receives the
 * last epsilon.
 */
static double
AuctionPrices(Flow *f, int64_t most, double *last_eps)
{
	int64_t		nseats = f->slot_start[f->ncols];
	int64_t		nout = f->nrows > most ? f->nrows - most : 0;
	int64_t		total = nseats + nout;
	double	   *sprice = core_alloc_array((size_t) total, sizeof(double));
	int32_t    *sholder = core_alloc_array((size_t) total, sizeof(int32_t));
	int32_t    *heap = core_alloc_array((size_t) total, sizeof(int32_t));
	int32_t    *queue = core_alloc_array(f->nrows, sizeof(int32_t));
	Candidates *cand = core_alloc_array(f->nrows, sizeof(Candidates));
	double		eps,
				pmax = 0.0;
	int32_t		i,
				j,
				nq = 0;
	int64_t		x;

	/* f->price[j] mirrors the price of column j's cheapest seat */
	for (x = 0; x < total; x++)
	{
		sprice[x] = 0.0;
		heap[x] = (int32_t) x;
	}
	for (i = 0; i < f->nrows; i++)
		cand[i].n = -1;

	for (eps = 1.0 / 128; eps > 1e-9 && nq == 0; eps /= 8)
	{
		int64_t		bids = 0,
					budget = 256 * (int64_t) f->nrows + 1000;

		*last_eps = eps;
		for (x = 0; x < total; x++)
			sholder[x] = -1;
		for (i = f->nrows - 1; i >= 0; i--)
			queue[nq++] = i;
		while (nq > 0 && bids++ < budget)
		{
			int64_t		start;
			double		a1,
						a2,
						c1 = 0.0;
			int32_t		s,
						k,
					   *h;
			int32_t		n;

			i = queue[--nq];
			if ((bids & 1023) == 0)
				core_check_interrupts();
			j = RowBest(f, cand + i, i, eps, &a1, &a2, &c1);
			if (nout > 0)
			{
				/* the "out" option at its cheapest seat's price */
				double		v = f->cmin + sprice[heap[nseats]];

				if (v < a1)
				{
					a2 = a1;
					a1 = v;
					j = -2;
				}
				else if (v < a2)
					a2 = v;
			}
			if (j == -1)
				continue;		/* no usable edge to a column with seats */
			if (j >= 0)
			{
				start = f->slot_start[j];
				n = f->cap[j];
			}
			else
			{
				start = nseats;
				n = (int32_t) nout;
				c1 = f->cmin;
			}
			h = heap + start;
			/* the column's second cheapest seat competes too */
			if (n >= 2)
			{
				double		v = sprice[h[1]];

				if (n >= 3 && sprice[h[2]] < v)
					v = sprice[h[2]];
				if (c1 + v < a2)
					a2 = c1 + v;
			}
			s = h[0];
			k = sholder[s];
			if (k >= 0)
				queue[nq++] = k;
			sholder[s] = i;
			sprice[s] = (a2 < DBL_MAX ? a2 - c1 : sprice[s]) + eps;

			/* the raised seat sinks to its place */
			SeatHeap_sift_down(sprice, h, n, 0, h[0]);
			if (j >= 0)
				f->price[j] = sprice[h[0]];
		}
	}

	for (j = 0; j < f->ncols; j++)
		if (f->cap[j] > 0 && f->price[j] > pmax)
			pmax = f->price[j];
	return pmax;
}

/*
 * Prices of the columns with seats from start (score units; INFINITY or
 * below 0 read as 0).  Returns the highest.
 */
static double
StartPrices(Flow *f, const double *start)
{
	double		pmax = 0.0;
	int32_t		j;

	for (j = 0; j < f->ncols; j++)
	{
		double		p = start[j] * f->B;

		if (f->cap[j] <= 0)
			continue;			/* kept at ResetPaths' price */
		f->price[j] = p > 0.0 && p < DBL_MAX ? p : 0.0;
		if (f->price[j] > pmax)
			pmax = f->price[j];
	}
	return pmax;
}

/*
 * Whether the usable scores repeat a lot: at most half distinct in an even
 * sample of up to 256 edges.  Then the exact phase, which breaks ties well,
 * is faster from zero prices than after an auction, whose bids on equal
 * options raise prices by epsilon only.
 */
static bool
ManyTies(const Flow *f)
{
	double		s[256];
	int32_t		n = 0,
				a,
				b,
				distinct = 0;
	int64_t		e,
				step = f->nedges / 256 + 1;

	for (e = 0; e < f->nedges && n < 256; e += step)
		if (f->score[e] >= f->lo)
			s[n++] = f->score[e];
	for (a = 1; a < n; a++)
	{
		double		v = s[a];

		for (b = a; b > 0 && s[b - 1] > v; b--)
			s[b] = s[b - 1];
		s[b] = v;
	}
	for (a = 0; a < n; a++)
		distinct += a == 0 || s[a] != s[a - 1];
	return 2 * distinct <= n;
}

/*
 * Fill every seat, if that can be done, with prices that keep (a) but not
 * necessarily (b): the start for no more seats than rows.  Returns whether
 * every seat was filled.
 *
 * If an assignment fills every seat, the column constraints may be read as
 * equalities, whose LP duals are free: (a) alone then proves it optimal
 * among the assignments that fill every seat, whatever U is (the U term is
 * the same for all of them).  So we may start from any prices: start (in
 * score units, another solve's say), else an auction's (unless scores tie
 * a lot, see ManyTies), which make the exact phase short.
 *
 * U need not be large either.  With fewer seats than rows it is set just
 * above the level that the most-th cheapest best option of a row reaches
 * at the starting prices.  Rows whose best option costs more then settle as
 * unmatched at once in the row reduction, and a row near the level searches
 * only as far as its distance to it, instead of every left-out row proving
 * with a wide search that it must stay out.  Seats still empty after that
 * are filled from all unmatched rows at once (FillFromUnmatched), each time
 * raising U just enough; if that takes too long we give up (false).  When
 * no more can be filled (the most rows are matched) and f->held is given
 * (COVERAGE: most is then known, MostMatched), the seats left empty are
 * held (HoldEmptySeat) and count as filled.  With
 * as many seats as rows U is 2 (nrows + 1) (1 + pmax), so that a search
 * always prefers filling a seat to leaving a row out.
 */
bool
FillSeats(Flow *f, int64_t seats, const double *start, int32_t *pending,
		  int32_t *deferred)
{
	double		margin = 0x1p-30,
				big = 2.0 * ((double) f->nrows + 1.0);
	int32_t		npending,
				i,
				j;
	int64_t		taken = 0,
				most = seats,
				work0;

	if (f->held != NULL)
		most = MostMatched(f);
	if (most == 0)
		return false;
	if (start != NULL)
		big *= 1.0 + StartPrices(f, start);
	else if (!ManyTies(f))
	{
		double		eps;

		big *= 1.0 + AuctionPrices(f, most, &eps);
		margin = 2.0 * eps;
	}
	f->U = big;
	if (most < f->nrows)
	{
		double		level;

		/* the most-th cheapest best option of a row; f->tau is free yet */
		for (i = 0; i < f->nrows; i = core_next_row(i))
		{
			int64_t		e;
			double		a1 = DBL_MAX;

			for (e = f->rlo[i]; e < f->rhi[i]; e++)
			{
				double		v;

				if (f->score[e] < f->lo)
					continue;
				v = EdgeCost(f, i, e) + f->price[f->col[e]];
				if (v < a1)
					a1 = v;
			}
			f->tau[i] = a1;
		}
		level = SelectKth(f->tau, f->nrows, most - 1);
		if (level + margin < big)
			f->U = level + margin;
	}

	npending = UnmatchedRows(f, pending);
	ExactPhase(f, pending, npending, deferred);
	for (j = 0; j < f->ncols; j++)
		taken += f->count[j];

	npending = UnmatchedRows(f, pending);
	work0 = f->work;
	for (; taken < seats; taken++)
	{
		core_check_interrupts();
		if (f->work - work0 > 8 * (f->nedges + f->nrows))
			return false;
		if (!FillFromUnmatched(f, pending, &npending))
			break;
	}
	if (taken == seats)
		return true;
	if (f->held == NULL)
		return false;

	/*
	 * The most rows are matched: the unmatched rows are settled (holding
	 * only raises prices, which keeps them settled), and the seats left
	 * empty are held.
	 */
	taken = SettleUnmatched(f, pending, deferred);
	for (; taken < seats; taken++)
	{
		core_check_interrupts();
		if (!HoldEmptySeat(f))
			return false;
	}
	return true;
}

/*
 * The seat-filling start may leave a row unmatched that an edge would
 * take more cheaply than U at the final prices: its answer is still optimal
 * among those that fill every seat, but its prices prove nothing about
 * left-out pairs.  Such rows are inserted again by shortest paths from the
 * prices as they are (prices only rise, so every other row keeps (a)), which
 * keeps every seat filled that was.  Returns the seats taken then.
 */
int64_t
SettleUnmatched(Flow *f, int32_t *pending, int32_t *deferred)
{
	int32_t		i,
				j,
				n = 0;
	int64_t		taken = 0;

	for (i = 0; i < f->nrows; i = core_next_row(i))
	{
		int64_t		e;

		if (f->row_edge[i] >= 0)
			continue;
		for (e = f->rlo[i]; e < f->rhi[i]; e++)
			if (f->score[e] >= f->lo &&
				EdgeCost(f, i, e) + f->price[f->col[e]] < f->U)
			{
				pending[n++] = i;
				break;
			}
	}
	if (n > 0)
	{
		RefreshTau(f);
		ExactPhase(f, pending, n, deferred);
	}
	for (j = 0; j < f->ncols; j++)
		taken += f->count[j];
	return taken;
}

/*
 * TOTAL's own certificate for an assignment that fills every seat with (a)
 * at the current U: raise every price by delta, the least slack U - u(i) of
 * a matched row, then lower every price and U by U.  (a) still holds, now
 * with TOTAL's cost 0 of staying unmatched; as every column is full, (b)
 * asks only that the new prices be >= 0.
 */
bool
TotalDualsHold(const Flow *f)
{
	double		delta = LeastSlack(f);
	int32_t		j;

	if (delta > f->U)
		delta = f->U;

	for (j = 0; j < f->ncols; j++)
		if (f->cap[j] > 0 && f->price[j] + delta < f->U)
			return false;
	return true;
}

/*
 * Bytes the seat-filling start asks for, at most: the auction's seats
 * (price, holder, heap; with the "out" seats at most two per row, as it
 * runs only with seats <= rows), its queue and Candidates, per row; the
 * seats held empty and a column mark, per column; MostMatched's.
 */
size_t
SeatsScratchBytes(size_t nr, size_t nc)
{
	return (2 * nr + 1) * (8 + 4 + 4) + (nr + 1) * (4 + sizeof(Candidates)) +
		(nc + 1) * (4 + 4) + MostMatchedBytes(nr, nc);
}
