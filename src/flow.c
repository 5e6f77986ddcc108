/*
 * flow.c
 *		Capacitated many-to-one assignment on sparse candidates, plain C (no
 *		PostgreSQL headers; see core.h).
 *
 * Formulation.  Every row i is given a private "unmatched" option of cost U;
 * a candidate edge e = (i, j) costs c(e) = A - B * score(e) (B > 0, a power
 * of two, so this is an exact rescaling plus a shift).  Each row must take
 * exactly one option; column j takes at most cap[j] rows.  This is a
 * transportation problem; its LP dual, with a price p[j] >= 0 per column
 * (p = -v for the column constraints "<= cap"), gives the optimality
 * conditions we maintain for every row already inserted:
 *
 *	(a) the row sits on an option of least price-reduced cost: its cost
 *		u(i) = c(e) + p[j] on column j, or U when unmatched, is at most
 *		c(e') + p[j'] for every other candidate e' = (i, j') and at most U;
 *	(b) p[j] >= 0, and p[j] > 0 only if column j is full.
 *
 * Any assignment of all rows with prices satisfying (a) and (b) is optimal
 * (complementary slackness).  Objectives:
 *
 *	TOTAL		A = 0, U = 0: a row is matched only when that gains; edges with
 *				score <= 0 can never raise the total and are not used.
 *	COVERAGE	A = B * smax, so every edge costs in [0, R] with R = B * (smax -
 *				smin) < 1 (B rescales the range into [1/2, 1)), and U = 2 (nrows
 *				+ 1).  If assignment X matches k rows and Y matches k + 1,
 *				cost(Y) - cost(X) <= (k + 1) R - U < 0: one more matched row
 *				always beats any change of total, and among equally many
 *				matched rows the cost is k A - B total, so the optimum is the
 *				lexicographic one.  Because the range is rescaled first, U
 *				stays about 2 nrows and never overflows, whatever the scores
 *				(1e300 or 1e-300; distances carry an absolute error of order
 *				1e-16 U, far below the 1e-9 relative tolerance).
 *	FAIR		K = maximum number of matchable rows (capacitated
 *				Hopcroft-Karp); the highest threshold t such that the edges
 *				with score >= t still match K rows (a search over the distinct
 *				scores, warm-started matchings); then COVERAGE on those edges.
 *
 * Solver: successive shortest paths, one row at a time, as in Jonker and
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
 * Start: a capacitated augmenting row reduction (ReduceRows) seats most
 * rows cheaply while keeping (a) and (b); only the rest need Dijkstra.
 * With no more seats than rows, an assignment that fills every seat is
 * sought first from other prices (FillSeats): those of an auction (unless
 * the scores tie a lot), with U lowered to about the level where the
 * seats-th row's best option lies, so that rows that must stay out settle
 * at once instead of each proving it with a wide search; seats still empty
 * are then filled from all unmatched rows together (FillFromUnmatched).
 * Filling every seat makes such an assignment optimal for COVERAGE, and for
 * TOTAL when TotalDualsHold certifies it; otherwise SolveSSP solves again
 * from zero prices.  This makes dense capacitated problems, scarce seats
 * and heavy ties fast.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "lap.h"
#include "flow.h"

typedef struct Flow
{
	int32_t		nrows;
	int32_t		ncols;
	int64_t		nedges;
	const int64_t *rlo;			/* unit i's edges are rlo[i] .. rhi[i] - 1 */
	const int64_t *rhi;
	const int32_t *col;
	const double *score;

	/* objective */
	double		A;				/* cost(e) = A - B * score(e) */
	double		B;
	double		U;				/* cost of leaving a row unmatched */
	double		cmin;			/* least edge cost, A - B * smax */
	double		lo;				/* an edge is usable iff score >= lo */

	/* columns */
	int32_t    *cap;			/* min(capacity, in-degree) */
	int32_t    *count;			/* rows held */
	int64_t    *slot_start;		/* slot_row[slot_start[j] ..] hold j's rows */
	int32_t    *slot_row;
	double	   *price;

	/* rows */
	int64_t    *row_edge;		/* edge held, or -1 */
	int32_t    *row_slot;		/* slot within its column */

	/* Dijkstra scratch, per column */
	double	   *dist;
	double	   *scan_d;			/* distance of each scanned column */
	int32_t    *heap;
	int32_t    *hpos;
	int32_t    *pred_row;
	int64_t    *pred_edge;
	int32_t    *touched;
	int32_t    *scanned;
	int32_t		hsize;			/* columns queued */
	int32_t		ntouched;		/* columns labeled */
	int32_t		term_col;		/* nearest free seat found, or -1 */
	int64_t		work;			/* edges looked at by searches */
	double		term_d;			/* its distance */
} Flow;

static void *
AllocArray(size_t n, size_t elem)
{
	return core_alloc((n > 0 ? n : 1) * elem);
}

static inline double
EdgeCost(const Flow *f, int64_t e)
{
	return f->A - f->B * f->score[e];
}

static inline bool
IsFree(const Flow *f, int32_t j)
{
	return f->count[j] < f->cap[j];
}

/* ---------------------------------------------------------------------
 * Binary heap of columns keyed by dist, with positions for decrease-key.
 * ---------------------------------------------------------------------
 */
static inline void
HeapUp(Flow *f, int32_t pos, int32_t c)
{
	double		key = f->dist[c];

	while (pos > 0)
	{
		int32_t		parent = (pos - 1) >> 1;
		int32_t		pc = f->heap[parent];

		if (f->dist[pc] <= key)
			break;
		f->heap[pos] = pc;
		f->hpos[pc] = pos;
		pos = parent;
	}
	f->heap[pos] = c;
	f->hpos[c] = pos;
}

static inline int32_t
HeapPop(Flow *f, int32_t *size)
{
	int32_t		top = f->heap[0];
	int32_t		n = --(*size);

	if (n > 0)
	{
		int32_t		c = f->heap[n];
		double		key = f->dist[c];
		int32_t		pos = 0;

		for (;;)
		{
			int32_t		child = 2 * pos + 1;

			if (child >= n)
				break;
			if (child + 1 < n && f->dist[f->heap[child + 1]] < f->dist[f->heap[child]])
				child++;
			if (f->dist[f->heap[child]] >= key)
				break;
			f->heap[pos] = f->heap[child];
			f->hpos[f->heap[pos]] = pos;
			pos = child;
		}
		f->heap[pos] = c;
		f->hpos[c] = pos;
	}
	return top;
}

/* ---------------------------------------------------------------------
 * Setup
 * ---------------------------------------------------------------------
 */

/*
 * Column slots: a column can never hold more rows than it has candidate
 * edges, so cap[j] = min(capacity[j], in-degree) and the slots total at most
 * the number of edges.
 */
static void
SetupColumns(Flow *f, const int32_t *capacity)
{
	int64_t		e,
				total = 0;
	int32_t		j;

	f->cap = AllocArray(f->ncols, sizeof(int32_t));
	f->count = AllocArray(f->ncols, sizeof(int32_t));
	f->slot_start = AllocArray((size_t) f->ncols + 1, sizeof(int64_t));
	memset(f->cap, 0, sizeof(int32_t) * f->ncols);
	for (e = 0; e < f->nedges; e++)
		f->cap[f->col[e]]++;
	for (j = 0; j < f->ncols; j++)
	{
		int32_t		c = capacity ? capacity[j] : 1;

		if (c < f->cap[j])
			f->cap[j] = c > 0 ? c : 0;
		f->slot_start[j] = total;
		total += f->cap[j];
		f->count[j] = 0;
	}
	f->slot_start[f->ncols] = total;
	f->slot_row = AllocArray((size_t) total, sizeof(int32_t));
}

/* Units are the problem's rows. */
static void
SetupRows(Flow *f, const AssignProblem *p, int64_t *row_edge)
{
	int32_t		i;

	f->nrows = p->nrows;
	f->ncols = p->ncols;
	f->nedges = p->row_start[p->nrows];
	f->rlo = p->row_start;
	f->rhi = p->row_start + 1;
	f->col = p->col;
	f->score = p->score;
	f->row_edge = row_edge;
	f->row_slot = AllocArray(p->nrows, sizeof(int32_t));
	for (i = 0; i < p->nrows; i++)
		row_edge[i] = -1;
}

/* Power of two B with B * x in [0.5, 1) for x > 0 (1 for x = 0). */
static double
ScaleFor(double x)
{
	int			e;

	if (!(x > 0.0))
		return 1.0;
	(void) frexp(x, &e);
	return ldexp(1.0, -e);
}

/*
 * Choose A, B, U for the objective over the usable edges (score >= lo).
 * Returns false if no edge is usable.
 */
static bool
SetupCosts(Flow *f, AssignObjective objective)
{
	int64_t		nedges = f->nedges;
	int64_t		e;
	double		smin = DBL_MAX,
				smax = -DBL_MAX;
	bool		any = false;

	for (e = 0; e < nedges; e++)
	{
		double		s = f->score[e];

		if (s >= f->lo)
		{
			any = true;
			if (s < smin)
				smin = s;
			if (s > smax)
				smax = s;
		}
	}
	if (!any)
		return false;

	if (objective == ASSIGN_TOTAL)
	{
		f->B = ScaleFor(smax);
		f->A = 0.0;
		f->U = 0.0;
	}
	else
	{
		/* halves avoid overflow of smax - smin; B is a power of two */
		double		range = smax * 0.5 - smin * 0.5;

		f->B = ScaleFor(range) * 0.5;
		f->A = smax * f->B;
		f->U = 2.0 * ((double) f->nrows + 1.0);
	}
	f->cmin = f->A - f->B * smax;
	return true;
}

static void
SetupDijkstra(Flow *f)
{
	int32_t		j,
				n = f->ncols;

	f->price = AllocArray(n, sizeof(double));
	f->dist = AllocArray(n, sizeof(double));
	f->scan_d = AllocArray(n, sizeof(double));
	f->heap = AllocArray(n, sizeof(int32_t));
	f->hpos = AllocArray(n, sizeof(int32_t));
	f->pred_row = AllocArray(n, sizeof(int32_t));
	f->pred_edge = AllocArray(n, sizeof(int64_t));
	f->touched = AllocArray(n, sizeof(int32_t));
	f->scanned = AllocArray(n, sizeof(int32_t));
	for (j = 0; j < n; j++)
	{
		/*
		 * A column without seats is "full" and may carry any price; a huge
		 * one keeps it out of every search (U is at most a few times nrows).
		 */
		f->price[j] = f->cap[j] > 0 ? 0.0 : 1e300;
		f->dist[j] = DBL_MAX;
	}
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
			HeapUp(f, f->hsize++, k);
		else
			HeapUp(f, f->hpos[k], k);
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
		j = HeapPop(f, &f->hsize);
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
			double		h = dj - (EdgeCost(f, ie) + f->price[j]);
			double		hA = h + f->A;
			const double *sc = f->score;
			const int32_t *cl = f->col;

			f->work += iend - f->rlo[i];
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
			Relax(f, f->col[e], EdgeCost(f, e) + f->price[f->col[e]], r, e);
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
static bool
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

		f->work += end - f->rlo[i];
		for (e = f->rlo[i]; e < end; e++)
			if (f->score[e] >= f->lo)
				Relax(f, f->col[e],
					  EdgeCost(f, e) + f->price[f->col[e]] - U, i, e);
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
static inline void
SlotSwap(Flow *f, int32_t *slots, int32_t a, int32_t b)
{
	int32_t		t = slots[a];

	slots[a] = slots[b];
	slots[b] = t;
	f->row_slot[slots[a]] = a;
	f->row_slot[slots[b]] = b;
}

static void
TauSiftUp(Flow *f, int32_t *slots, const double *tau, int32_t pos)
{
	while (pos > 0)
	{
		int32_t		parent = (pos - 1) >> 1;

		if (tau[slots[parent]] <= tau[slots[pos]])
			break;
		SlotSwap(f, slots, parent, pos);
		pos = parent;
	}
}

static void
TauSiftDown(Flow *f, int32_t *slots, const double *tau, int32_t n)
{
	int32_t		pos = 0;

	for (;;)
	{
		int32_t		c = 2 * pos + 1;

		if (c >= n)
			break;
		if (c + 1 < n && tau[slots[c + 1]] < tau[slots[c]])
			c++;
		if (tau[slots[pos]] <= tau[slots[c]])
			break;
		SlotSwap(f, slots, pos, c);
		pos = c;
	}
}

/*
 * Process the free rows pending[0 .. nstack - 1] (a stack: the last one
 * first).  Returns the number of rows still free, listed in pending[].
 * tau and the slot heaps must be current for the seated rows (trivially
 * so on an empty assignment; see RefreshTau).
 */
static int32_t
ReduceRows(Flow *f, int32_t *pending, int32_t nstack, double *tau,
		   int32_t *deferred)
{
	int32_t		ndeferred,
				pass,
				i;
	int64_t		budget = 4 * (int64_t) f->nrows + 1000;
	double		lo = f->lo;

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
				v = EdgeCost(f, e) + f->price[f->col[e]];
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
			t = a2 - EdgeCost(f, e1);
			tau[i] = t;
			if (f->count[j] < f->cap[j])
			{
				int32_t		s = f->count[j]++;

				slots[s] = i;
				f->row_slot[i] = s;
				f->row_edge[i] = e1;
				TauSiftUp(f, slots, tau, s);
				continue;
			}

			/* j is full (cap 0 columns are priced out, see SetupDijkstra) */
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
				slots[0] = i;
				f->row_slot[i] = 0;
				f->row_edge[i] = e1;
				f->row_edge[k] = -1;
				TauSiftDown(f, slots, tau, f->count[j]);
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
static double
LeastSlack(const Flow *f)
{
	double		delta = DBL_MAX;
	int32_t		i;

	for (i = 0; i < f->nrows; i++)
	{
		int64_t		e = f->row_edge[i];

		if (e >= 0)
		{
			double		slack = f->U - (EdgeCost(f, e) + f->price[f->col[e]]);

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
			if (f->cap[j] > 0)
				f->price[j] += delta;
}

/*
 * Recompute tau for every seated row (its second best option, the
 * unmatched one included, minus its cost) and rebuild each column's slot
 * heap, so that ReduceRows may run again on a non-empty assignment.
 */
static void
RefreshTau(Flow *f, double *tau)
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
			v = EdgeCost(f, e) + f->price[f->col[e]];
			if (v < a2)
				a2 = v;
		}
		tau[i] = a2 - EdgeCost(f, ie);
		if ((i & 1023) == 0)
			core_check_interrupts();
	}
	for (j = 0; j < f->ncols; j++)
	{
		int32_t    *slots = f->slot_row + f->slot_start[j];

		for (k = 1; k < f->count[j]; k++)
			TauSiftUp(f, slots, tau, k);
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
static void
ExactPhase(Flow *f, int32_t *pending, int32_t npending, double *tau,
		   int32_t *deferred)
{
	int32_t		j,
				k;
	int64_t		seats = 0,
				taken = 0;
	bool		raised = false;

	npending = ReduceRows(f, pending, npending, tau, deferred);
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
			RefreshTau(f, tau);
			npending = k + ReduceRows(f, pending + k, npending - k, tau,
									  deferred);
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
		c = EdgeCost(f, e);
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
 * Used with no more seats than rows; nrows - seats more seats, of a virtual
 * column "out" that every row may take at cost cmin, stand for being left
 * unmatched.  The auction is then balanced: a phase ends with every row
 * holding a seat as soon as every real seat can be filled, instead of rows
 * outbidding each other for ever.  A phase that still runs out of bids (as
 * it does when some seat cannot be filled) ends the auction.  Returns the
 * highest column price; *last_eps receives the last epsilon.
 */
static double
AuctionPrices(Flow *f, double *last_eps)
{
	int64_t		nseats = f->slot_start[f->ncols];
	int64_t		nout = f->nrows > nseats ? f->nrows - nseats : 0;
	int64_t		total = nseats + nout;
	double	   *sprice = AllocArray((size_t) total, sizeof(double));
	int32_t    *sholder = AllocArray((size_t) total, sizeof(int32_t));
	int32_t    *heap = AllocArray((size_t) total, sizeof(int32_t));
	int32_t    *queue = AllocArray(f->nrows, sizeof(int32_t));
	Candidates *cand = AllocArray(f->nrows, sizeof(Candidates));
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
			int32_t		n,
						pos;

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

			/* sift the raised seat down */
			pos = 0;
			for (;;)
			{
				int32_t		c = 2 * pos + 1,
							t;

				if (c >= n)
					break;
				if (c + 1 < n && sprice[h[c + 1]] < sprice[h[c]])
					c++;
				if (sprice[h[pos]] <= sprice[h[c]])
					break;
				t = h[pos];
				h[pos] = h[c];
				h[c] = t;
				pos = c;
			}
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

/* Rows not matched, listed so that the lowest comes first off the stack. */
static int32_t
UnmatchedRows(Flow *f, int32_t *pending)
{
	int32_t		i,
				n = 0;

	for (i = f->nrows - 1; i >= 0; i--)
		if (f->row_edge[i] < 0)
			pending[n++] = i;
	return n;
}

static double SelectKth(double *a, int64_t n, int64_t k);

/*
 * Fill every seat, if that can be done, with prices that keep (a) but not
 * necessarily (b): the start for no more seats than rows.  Returns whether
 * every seat was filled.
 *
 * If an assignment fills every seat, the column constraints may be read as
 * equalities, whose LP duals are free: (a) alone then proves it optimal
 * among the assignments that fill every seat, whatever U is (the U term is
 * the same for all of them).  So we may start from any prices, and auction
 * prices (unless scores tie a lot, see ManyTies) make the exact phase short.
 *
 * U need not be large either.  With fewer seats than rows it is set just
 * above the level that the seats-th cheapest best option of a row reaches
 * at the starting prices.  Rows whose best option costs more then settle as
 * unmatched at once in the row reduction, and a row near the level searches
 * only as far as its distance to it, instead of every left-out row proving
 * with a wide search that it must stay out.  Seats still empty after that
 * are filled from all unmatched rows at once (FillFromUnmatched), each time
 * raising U just enough; if that takes too long we give up (false).  With
 * as many seats as rows U is 2 (nrows + 1) (1 + pmax), so that a search
 * always prefers filling a seat to leaving a row out.
 */
static bool
FillSeats(Flow *f, int64_t seats, int32_t *pending, double *tau,
		  int32_t *deferred)
{
	double		margin = 0x1p-30,
				big = 2.0 * ((double) f->nrows + 1.0);
	int32_t		npending,
				i,
				j;
	int64_t		taken = 0,
				work0;

	if (!ManyTies(f))
	{
		double		eps;

		big *= 1.0 + AuctionPrices(f, &eps);
		margin = 2.0 * eps;
	}
	f->U = big;
	if (seats < f->nrows)
	{
		double		level;

		/* the seats-th cheapest best option of a row; tau is free yet */
		for (i = 0; i < f->nrows; i++)
		{
			int64_t		e;
			double		a1 = DBL_MAX;

			for (e = f->rlo[i]; e < f->rhi[i]; e++)
			{
				double		v;

				if (f->score[e] < f->lo)
					continue;
				v = EdgeCost(f, e) + f->price[f->col[e]];
				if (v < a1)
					a1 = v;
			}
			tau[i] = a1;
		}
		level = SelectKth(tau, f->nrows, seats - 1);
		if (level + margin < big)
			f->U = level + margin;
	}

	npending = UnmatchedRows(f, pending);
	ExactPhase(f, pending, npending, tau, deferred);
	for (j = 0; j < f->ncols; j++)
		taken += f->count[j];

	npending = UnmatchedRows(f, pending);
	work0 = f->work;
	for (; taken < seats; taken++)
	{
		core_check_interrupts();
		if (f->work - work0 > 8 * (f->nedges + f->nrows) ||
			!FillFromUnmatched(f, pending, &npending))
			return false;
	}
	return true;
}

/*
 * TOTAL's own certificate for an assignment that fills every seat with (a)
 * at the current U: raise every price by delta, the least slack U - u(i) of
 * a matched row, then lower every price and U by U.  (a) still holds, now
 * with TOTAL's cost 0 of staying unmatched; as every column is full, (b)
 * asks only that the new prices be >= 0.
 */
static bool
TotalDualsHold(Flow *f)
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
 * COVERAGE or TOTAL.  With no more seats than rows (and than maxcard, the
 * most rows that can be matched, if known), first try to fill every seat
 * (FillSeats).  For COVERAGE a full assignment is
 * optimal among full ones, and a COVERAGE optimum is one of those when one
 * exists, since none matches more rows than there are seats.  For TOTAL it
 * is kept if TotalDualsHold proves it.  Otherwise we solve again from zero
 * prices with the objective's U, where (a) and (b) hold throughout.
 */
static void
SolveSSP(Flow *f, AssignObjective objective, int64_t maxcard)
{
	int64_t		seats = 0;
	int32_t		i,
				j,
				npending;
	int32_t    *pending = AllocArray(f->nrows, sizeof(int32_t));
	int32_t    *deferred = AllocArray(f->nrows, sizeof(int32_t));
	double	   *tau = AllocArray(f->nrows, sizeof(double));

	SetupDijkstra(f);
	for (j = 0; j < f->ncols; j++)
		seats += f->cap[j];
	if (seats > 0 && seats <= f->nrows && seats <= maxcard)
	{
		double		U0 = f->U;

		if (FillSeats(f, seats, pending, tau, deferred) &&
			(objective == ASSIGN_COVERAGE || TotalDualsHold(f)))
			return;
		f->U = U0;
		for (j = 0; j < f->ncols; j++)
		{
			f->count[j] = 0;
			f->price[j] = f->cap[j] > 0 ? 0.0 : 1e300;
		}
		for (i = 0; i < f->nrows; i++)
			f->row_edge[i] = -1;
	}
	npending = UnmatchedRows(f, pending);
	ExactPhase(f, pending, npending, tau, deferred);
}

/* ---------------------------------------------------------------------
 * FAIR: capacitated Hopcroft-Karp and the threshold search
 * ---------------------------------------------------------------------
 */
typedef struct Matcher
{
	int32_t    *level;			/* BFS layer per row, -1 none */
	int64_t    *it;				/* next edge to try per row */
	int32_t    *colit;			/* next slot to try per column */
	int32_t    *queue;
	int32_t    *stack;
} Matcher;

/* Give row i seat in column j (edge e), appended. */
static inline void
Seat(Flow *f, int32_t i, int64_t e)
{
	int32_t		j = f->col[e];
	int32_t		s = f->count[j]++;

	f->slot_row[f->slot_start[j] + s] = i;
	f->row_edge[i] = e;
	f->row_slot[i] = s;
}

/*
 * Rebuild the column state from a saved row_edge (keeping only edges with
 * score >= lo), then match greedily.  Returns the number of rows matched.
 */
static int64_t
LoadMatching(Flow *f, const int64_t *saved)
{
	int32_t		i,
				j;
	int64_t		size = 0;

	for (j = 0; j < f->ncols; j++)
		f->count[j] = 0;
	for (i = 0; i < f->nrows; i++)
	{
		int64_t		e = saved ? saved[i] : -1;

		f->row_edge[i] = -1;
		if (e >= 0 && f->score[e] >= f->lo)
		{
			Seat(f, i, e);
			size++;
		}
	}
	for (i = 0; i < f->nrows; i++)
	{
		int64_t		e,
					end = f->rhi[i];

		if (f->row_edge[i] >= 0)
			continue;
		for (e = f->rlo[i]; e < end; e++)
		{
			j = f->col[e];
			if (f->score[e] >= f->lo && f->count[j] < f->cap[j])
			{
				Seat(f, i, e);
				size++;
				break;
			}
		}
	}
	return size;
}

/*
 * One Hopcroft-Karp phase: BFS layers from the free rows (a full column
 * leads to all rows it holds), then vertex-disjoint augmenting paths by an
 * iterative DFS with per-row edge and per-column slot cursors (a row that
 * fails is removed from the layering).  Returns the number of augmentations.
 */
static int64_t
MatchPhase(Flow *f, Matcher *m)
{
	int32_t		i,
				j,
				qh = 0,
				qt = 0;
	int32_t		found_level = INT32_MAX;
	int64_t		gained = 0;
	double		lo = f->lo;

	for (i = 0; i < f->nrows; i++)
	{
		m->level[i] = -1;
		if (f->row_edge[i] < 0)
		{
			m->level[i] = 0;
			m->queue[qt++] = i;
		}
	}
	while (qh < qt)
	{
		int64_t		e,
					end;

		i = m->queue[qh++];
		if (m->level[i] >= found_level)
			break;
		end = f->rhi[i];
		for (e = f->rlo[i]; e < end; e++)
		{
			int32_t		s;

			if (f->score[e] < lo || e == f->row_edge[i])
				continue;
			j = f->col[e];
			if (f->count[j] < f->cap[j])
			{
				found_level = m->level[i];
				continue;
			}
			for (s = 0; s < f->count[j]; s++)
			{
				int32_t		k = f->slot_row[f->slot_start[j] + s];

				if (m->level[k] < 0)
				{
					m->level[k] = m->level[i] + 1;
					m->queue[qt++] = k;
				}
			}
		}
	}
	if (found_level == INT32_MAX)
		return 0;

	for (i = 0; i < f->nrows; i++)
		m->it[i] = f->rlo[i];
	for (j = 0; j < f->ncols; j++)
		m->colit[j] = 0;

	for (i = 0; i < f->nrows; i++)
	{
		int32_t		depth;

		if (f->row_edge[i] >= 0 || m->level[i] != 0)
			continue;
		m->stack[0] = i;
		depth = 1;
		while (depth > 0)
		{
			int32_t		top = m->stack[depth - 1];
			int64_t		e = m->it[top];

			if (e >= f->rhi[top] || m->level[top] > found_level)
			{
				/* dead end; the parent retries the same column's next row */
				m->level[top] = -1;
				depth--;
				continue;
			}
			if (f->score[e] < lo || e == f->row_edge[top])
			{
				m->it[top]++;
				continue;
			}
			j = f->col[e];
			if (f->count[j] < f->cap[j])
			{
				/* augment: each stacked row moves along its current edge */
				int32_t		d,
							slot = f->count[j]++;

				for (d = depth - 1; d >= 0; d--)
				{
					int32_t		row = m->stack[d];
					int64_t		ne = m->it[row];
					int32_t		oldslot = f->row_slot[row];

					f->slot_row[f->slot_start[f->col[ne]] + slot] = row;
					f->row_edge[row] = ne;
					f->row_slot[row] = slot;
					m->level[row] = -1;
					slot = oldslot;
				}
				gained++;
				break;
			}
			/*
			 * Rows of a full column all got the same layer when the column
			 * was first reached; dead or moved rows have layer -1 for the rest
			 * of the phase, so the cursor only skips those.
			 */
			while (m->colit[j] < f->count[j] &&
				   m->level[f->slot_row[f->slot_start[j] + m->colit[j]]] < 0)
				m->colit[j]++;
			if (m->colit[j] >= f->count[j] ||
				m->level[f->slot_row[f->slot_start[j] + m->colit[j]]] !=
				m->level[top] + 1)
			{
				m->it[top]++;
				continue;
			}
			m->stack[depth++] = f->slot_row[f->slot_start[j] + m->colit[j]];
		}
		if ((i & 1023) == 0)
			core_check_interrupts();
	}
	return gained;
}

static int64_t
MaxMatching(Flow *f, Matcher *m, const int64_t *saved)
{
	int64_t		size = LoadMatching(f, saved);
	int64_t		gained;

	while ((gained = MatchPhase(f, m)) > 0)
	{
		size += gained;
		core_check_interrupts();
	}
	return size;
}

/* k-th smallest (0-based) of a[0..n-1], reordering a. */
static double
SelectKth(double *a, int64_t n, int64_t k)
{
	int64_t		left = 0,
				right = n - 1;
	uint64_t	seed = 0x9E3779B97F4A7C15ULL;

	while (left < right)
	{
		int64_t		lt,
					gt,
					x;
		double		pivot;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		pivot = a[left + (int64_t) ((seed >> 33) % (uint64_t) (right - left + 1))];
		/* three-way partition: [left, lt) < pivot, [lt, gt] == , (gt, right] > */
		lt = left;
		gt = right;
		x = left;
		while (x <= gt)
		{
			double		v = a[x];

			if (v < pivot)
			{
				a[x] = a[lt];
				a[lt++] = v;
				x++;
			}
			else if (v > pivot)
			{
				a[x] = a[gt];
				a[gt--] = v;
			}
			else
				x++;
		}
		if (k < lt)
			right = lt - 1;
		else if (k > gt)
			left = gt + 1;
		else
			return pivot;
	}
	return a[k];
}

/*
 * Highest threshold t such that edges with score >= t still match K rows.
 * Candidates are the scores strictly above the lowest score of a maximum
 * matching (which is feasible) and at most the K-th largest row maximum
 * (each matched row needs an edge >= t); a median search over them, each
 * test warm-started from the last feasible matching.
 */
static double
FairThreshold(Flow *f, Matcher *m, int64_t K, int64_t *saved, double *cand)
{
	int64_t		nedges = f->nedges;
	int64_t		e,
				n = 0;
	int32_t		i;
	double		best = DBL_MAX,
				ub;

	for (i = 0; i < f->nrows; i++)
	{
		if (saved[i] >= 0 && f->score[saved[i]] < best)
			best = f->score[saved[i]];
	}

	/* ub: K-th largest of the rows' best scores (rows with edges) */
	for (i = 0; i < f->nrows; i++)
	{
		int64_t		end = f->rhi[i];
		double		rmax = -DBL_MAX;

		for (e = f->rlo[i]; e < end; e++)
			if (f->score[e] > rmax)
				rmax = f->score[e];
		if (f->rlo[i] < end)
			cand[n++] = rmax;
	}
	ub = SelectKth(cand, n, n - K);

	n = 0;
	for (e = 0; e < nedges; e++)
		if (f->score[e] > best && f->score[e] <= ub)
			cand[n++] = f->score[e];

	while (n > 0)
	{
		double		t = SelectKth(cand, n, n / 2);
		int64_t		x,
					keep = 0;
		bool		ok;

		f->lo = t;
		ok = MaxMatching(f, m, saved) == K;
		if (ok)
		{
			best = t;
			for (i = 0; i < f->nrows; i++)
				saved[i] = f->row_edge[i];
		}
		for (x = 0; x < n; x++)
			if (ok ? cand[x] > t : cand[x] < t)
				cand[keep++] = cand[x];
		n = keep;
	}
	return best;
}

static void SolveOriented(const AssignProblem *p, AssignObjective objective,
						  double lo, int64_t maxcard, int64_t *row_edge);

/*
 * COVERAGE on the edges with score >= lo, which match at most K rows.  When
 * those edges are few (at most two thirds of all), they are copied into buf
 * (8 bytes per edge, free again after FairThreshold): every search then
 * scans only usable edges.  Row i's k-th copied edge is its k-th usable one.
 */
static void
SolveAbove(const AssignProblem *p, double lo, int64_t K, double *buf,
		   int64_t *row_edge)
{
	int64_t		nedges = p->row_start[p->nrows];
	int64_t		kept = 0,
				e;
	int32_t		i;

	for (e = 0; e < nedges; e++)
		kept += p->score[e] >= lo;
	if (kept * (int64_t) (sizeof(double) + sizeof(int32_t)) <=
		nedges * (int64_t) sizeof(double))
	{
		AssignProblem cp;
		int64_t    *rs = AllocArray((size_t) p->nrows + 1, sizeof(int64_t));
		double	   *sc = buf;
		int32_t    *cl = (int32_t *) (buf + kept);
		int64_t		n = 0;

		for (i = 0; i < p->nrows; i++)
		{
			rs[i] = n;
			for (e = p->row_start[i]; e < p->row_start[i + 1]; e++)
				if (p->score[e] >= lo)
				{
					sc[n] = p->score[e];
					cl[n++] = p->col[e];
				}
		}
		rs[p->nrows] = n;
		cp = *p;
		cp.row_start = rs;
		cp.col = cl;
		cp.score = sc;
		SolveOriented(&cp, ASSIGN_COVERAGE, -DBL_MAX, K, row_edge);
		for (i = 0; i < p->nrows; i++)
		{
			int64_t		k;

			if (row_edge[i] < 0)
				continue;
			k = row_edge[i] - rs[i];
			for (e = p->row_start[i];; e++)
				if (p->score[e] >= lo && k-- == 0)
					break;
			row_edge[i] = e;
		}
	}
	else
		SolveOriented(p, ASSIGN_COVERAGE, lo, K, row_edge);
}

static void
SolveFair(const AssignProblem *p, int64_t *row_edge)
{
	Flow		f;
	Matcher		m;
	int64_t		K;
	int64_t    *saved;
	double	   *buf;
	int32_t		i;

	memset(&f, 0, sizeof(f));
	SetupRows(&f, p, row_edge);
	SetupColumns(&f, p->capacity);
	m.level = AllocArray(f.nrows, sizeof(int32_t));
	m.it = AllocArray(f.nrows, sizeof(int64_t));
	m.colit = AllocArray(f.ncols, sizeof(int32_t));
	m.queue = AllocArray(f.nrows, sizeof(int32_t));
	m.stack = AllocArray(f.nrows, sizeof(int32_t));
	saved = AllocArray(f.nrows, sizeof(int64_t));
	buf = AllocArray((size_t) f.nedges, sizeof(double));

	f.lo = -DBL_MAX;
	K = MaxMatching(&f, &m, NULL);
	for (i = 0; i < f.nrows; i++)
		saved[i] = f.row_edge[i];
	if (K > 0)
		f.lo = FairThreshold(&f, &m, K, saved, buf);
	for (i = 0; i < f.nrows; i++)
		row_edge[i] = -1;
	if (K == 0)
		return;

	/* COVERAGE on the edges at or above the threshold, from scratch */
	SolveAbove(p, f.lo, K, buf, row_edge);
}

/* ---------------------------------------------------------------------
 * Entry points
 * ---------------------------------------------------------------------
 */

/* Every capacity 1 and every row lists all columns in order 0..ncols-1? */
static bool
IsDenseUnit(const AssignProblem *p, AssignObjective objective)
{
	int32_t		i,
				j;
	int64_t		e;

	if (objective == ASSIGN_FAIR || p->nrows == 0 || p->ncols == 0)
		return false;
	for (j = 0; j < p->ncols; j++)
		if (p->capacity[j] != 1)
			return false;
	for (i = 0; i < p->nrows; i++)
	{
		const int32_t *c;

		if (p->row_start[i + 1] - p->row_start[i] != p->ncols)
			return false;
		c = p->col + p->row_start[i];
		for (j = 0; j < p->ncols; j++)
			if (c[j] != j)
				return false;
	}
	if (objective == ASSIGN_TOTAL)
	{
		int64_t		nedges = p->row_start[p->nrows];

		for (e = 0; e < nedges; e++)
			if (!(p->score[e] > 0.0))
				return false;
	}
	return true;
}

/*
 * COVERAGE or TOTAL over the edges with score >= lo, which are known to
 * match at most maxcard rows.
 */
static void
SolveOriented(const AssignProblem *p, AssignObjective objective, double lo,
			  int64_t maxcard, int64_t *row_edge)
{
	Flow		f;

	memset(&f, 0, sizeof(f));
	SetupRows(&f, p, row_edge);
	SetupColumns(&f, p->capacity);
	f.lo = lo;
	if (SetupCosts(&f, objective))
		SolveSSP(&f, objective, maxcard);
}

void
assign_solve(const AssignProblem *p, AssignObjective objective,
			 int64_t *row_edge)
{
	int32_t		i;

	for (i = 0; i < p->nrows; i++)
		row_edge[i] = -1;
	if (p->nrows == 0 || p->ncols == 0)
		return;

	if (IsDenseUnit(p, objective))
	{
		int		   *row_to_col = AllocArray(p->nrows, sizeof(int));

		(void) lap_dense_max(p->nrows, p->ncols, p->score, row_to_col);
		for (i = 0; i < p->nrows; i++)
			if (row_to_col[i] >= 0)
				row_edge[i] = p->row_start[i] + row_to_col[i];
		return;
	}

	if (objective == ASSIGN_FAIR)
		SolveFair(p, row_edge);
	else
	{
		/* TOTAL: only positive scores can raise the total */
		SolveOriented(p, objective,
					  objective == ASSIGN_TOTAL ? 0x1p-1074 : -DBL_MAX,
					  INT64_MAX, row_edge);
	}
}

/*
 * Bytes the sparse solver (SolveOriented) asks for, at most: per column
 * cap, count, slot_start, price, dist, scan_d, pred_edge (8 or 4 bytes) and
 * heap, hpos, pred_row, touched, scanned; one slot per edge at most; per
 * row row_slot, pending, deferred, tau; the auction's seats (only when
 * seats <= rows, and then with the "out" seats exactly one per row: price,
 * holder, heap) and its queue and Candidates.
 */
static size_t
SSPBytes(size_t nr, size_t nc, size_t ne)
{
	size_t		col = 4 + 4 + 8 + 3 * 8 + 8 + 5 * 4;
	size_t		row = 4 + (4 + 4 + 8) + (8 + 4 + 4) + 4 + sizeof(Candidates);

	return (nc + 1) * col + (ne + 1) * 4 + (nr + 1) * row + 64 * 8;
}

size_t
assign_scratch_bytes(const AssignProblem *p, AssignObjective objective)
{
	size_t		nr = (size_t) p->nrows;
	size_t		nc = (size_t) p->ncols;
	size_t		ne = (size_t) (p->nrows > 0 ? p->row_start[p->nrows] : 0);
	size_t		dense,
				sparse;

	if (p->nrows == 0 || p->ncols == 0)
		return 0;
	dense = (nr + 1) * sizeof(int) + lap_dense_scratch_bytes(p->nrows, p->ncols);
	sparse = SSPBytes(nr, nc, ne);
	if (objective == ASSIGN_FAIR)
	{
		/*
		 * Hopcroft-Karp on its own columns and slots (cap, count,
		 * slot_start, slots, row_slot), level, it, queue, stack, saved per
		 * row, colit per column, one candidate score per edge (then the
		 * copied edges, see SolveAbove) and the copy's row_start
		 */
		sparse += (nc + 1) * (4 + 4 + 8 + 4) + (ne + 1) * (4 + 8) +
			(nr + 1) * (4 + 4 + 8 + 4 + 4 + 8 + 8) + 64 * 13;
	}
	return dense > sparse ? dense : sparse;
}
