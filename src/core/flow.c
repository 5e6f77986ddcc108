/*
 * flow.c
 *		Capacitated many-to-one assignment on sparse candidates: which
 *		solver runs, the COVERAGE, TOTAL and FAIR drivers, and the scratch
 *		each needs; plain C (see flow_internal.h for the formulation and the
 *		other phases' files).
 *
 * A complete matrix with every capacity 1 goes to the dense solver (lap.h).
 * Otherwise COVERAGE and TOTAL run SolveSSP: with no more seats than rows
 * the seat-filling start first (flow_seats.c; for COVERAGE with the seats
 * no assignment can fill held empty), else, or when that start
 * cannot prove its answer, successive shortest paths from zero prices
 * (flow_path.c).  FAIR finds its threshold (flow_fair.c) and then solves
 * COVERAGE on the edges at or above it.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "flow_internal.h"
#include "lap.h"

/*
 * The seat-filling start's prices prove its assignment optimal among those
 * that fill every seat (column constraints as equalities, free duals), with
 * (a) at its own U.  As every column with seats is full, shifting all their
 * prices by one amount keeps (a) for matched rows and moves the unmatched
 * rows' bound with it, which gives the objective's U and prices >= 0, so (b)
 * holds: for COVERAGE raise them by U0 - U when U is below U0 (a larger U
 * encodes COVERAGE as well); for TOTAL, as TotalDualsHold found, by the
 * least slack delta minus U, with U 0.
 */
static void
SeatPrices(Flow *f, AssignObjective objective, double U0)
{
	double		shift;
	int32_t		j;

	if (objective == ASSIGN_COVERAGE)
	{
		shift = U0 > f->U ? U0 - f->U : 0.0;
		f->U += shift;
	}
	else
	{
		double		delta = LeastSlack(f);

		shift = (delta < f->U ? delta : f->U) - f->U;
		f->U = 0.0;
	}
	for (j = 0; j < f->ncols; j++)
		if (f->cap[j] > 0)
			f->price[j] += shift;
}

/*
 * The duals in score units (flow.h) from prices meeting (a) and (b): a row
 * value is (A - u(i)) / B, a column price p[j] / B.  A column with a seat
 * free in the problem (count below its capacity, not just below cap, its
 * in-degree) gets price 0: either (b) says so already, or every row with an
 * edge to it sits there, and lowering its price keeps (a) for them.  A
 * column without seats takes no left-out pair at any price.
 */
static void
ExportDuals(Flow *f)
{
	AssignDuals *d = f->duals;
	int32_t		i,
				j;

	for (j = 0; j < f->ncols; j++)
	{
		int32_t		capacity = f->capacity ? f->capacity[j] : 1;

		if (capacity <= 0)
			d->col_price[j] = INFINITY;
		else if (f->count[j] < capacity)
			d->col_price[j] = 0.0;
		else
			d->col_price[j] = f->price[j] / f->B;
	}
	for (i = 0; i < f->nrows; i++)
	{
		int64_t		e = f->row_edge[i];

		d->row_value[i] = e >= 0 ? f->score[e] - d->col_price[f->col[e]] :
			(f->A - f->U - RowShift(f, i)) / f->B;
	}
}

/*
 * Whether the exported duals hold on the problem's own usable edges (to a
 * relative 1e-9 of the score, beyond the rounding of value plus price).  The seat-filling start's prices need not: a row it left
 * out may be cheaper on an edge than unmatched, which the certificate
 * among assignments that fill every seat allows but prices for left-out
 * pairs cannot.
 */
static bool
DualsHold(const Flow *f)
{
	const AssignDuals *d = f->duals;
	int32_t		i;
	int64_t		e;

	for (i = 0; i < f->nrows; i = core_next_row(i))
		for (e = f->rlo[i]; e < f->rhi[i]; e++)
		{
			double		value = d->row_value[i],
						price = d->col_price[f->col[e]],
						s = f->score[e];

			if (s >= f->lo && s > value + price + 1e-9 * fabs(s) +
				64 * DBL_EPSILON * (fabs(value) + fabs(price)))
				return false;
		}
	return true;
}

/*
 * One try of the seat-filling start (FillSeats from start, the caller's
 * prices, or NULL: an auction's, or zero with many ties) for COVERAGE or
 * TOTAL with no more seats than rows.  For COVERAGE a full assignment is
 * optimal among full ones, and a COVERAGE optimum is one of those when one
 * exists, since none matches more rows than there are seats; when none
 * does, the seats no assignment fills are held (as by rows that may take
 * any seat at one cost, see HoldEmptySeat), which makes it one, and
 * ReleaseHeldSeats turns the prices into the objective's.  For TOTAL it is
 * kept if TotalDualsHold proves it.  Returns true when solved; else the
 * rows, prices, capacities and U are back as they were.  held: a column's
 * worth of scratch, for COVERAGE.
 */
static bool
SolveBySeats(Flow *f, AssignObjective objective, int64_t seats,
			 const double *start, int32_t *held, int32_t *pending,
			 int32_t *deferred)
{
	double		U0 = f->U;
	int64_t		nheld = 0;
	int32_t		j;
	bool		solved = false;
	void	   *scope = core_scope_begin();	/* a try's scratch, freed */

	if (held != NULL)
		memset(held, 0, sizeof(int32_t) * f->ncols);
	f->held = held;
	if (FillSeats(f, seats, start, pending, deferred) &&
		(objective == ASSIGN_COVERAGE || TotalDualsHold(f)))
	{
		for (j = 0; f->held != NULL && j < f->ncols; j++)
			nheld += f->held[j];
		if (f->duals == NULL)
			solved = true;
		/* with seats held, FillSeats settled the unmatched rows first */
		else if (nheld > 0 ||
				 (SettleUnmatched(f, pending, deferred) == seats &&
				  (objective == ASSIGN_COVERAGE || TotalDualsHold(f))))
		{
			if (nheld > 0)
				ReleaseHeldSeats(f, U0, pending,
								 core_alloc_array(f->ncols, sizeof(int32_t)));
			else
				SeatPrices(f, objective, U0);
			ExportDuals(f);
			solved = DualsHold(f);
		}
	}
	core_scope_end(scope);
	if (solved)
		return true;
	for (j = 0; f->held != NULL && j < f->ncols; j++)
		f->cap[j] += f->held[j];
	f->held = NULL;
	f->U = U0;
	ResetPaths(f);
	return false;
}

/*
 * COVERAGE or TOTAL.  With no more seats than rows (for TOTAL, and than
 * maxcard, the most rows that can be matched, if known), first try to fill
 * every seat (SolveBySeats): from the caller's start prices, if any, then,
 * if that fails, as without them (an auction's prices, unless scores tie a
 * lot), since prices of another problem may lead the seat-filling far
 * astray where those do not.  Otherwise we solve again from zero prices
 * with the objective's U, where (a) and (b) hold throughout.
 */
static void
SolveSSP(Flow *f, AssignObjective objective, int64_t maxcard)
{
	int64_t		seats = 0;
	int32_t		j,
				npending;
	int32_t    *pending = core_alloc_array(f->nrows, sizeof(int32_t));
	int32_t    *deferred = core_alloc_array(f->nrows, sizeof(int32_t));

	SetupPaths(f);
	for (j = 0; j < f->ncols; j++)
		seats += f->cap[j];
	if (seats > 0 && seats <= f->nrows &&
		(seats <= maxcard || objective == ASSIGN_COVERAGE))
	{
		const double *start = f->duals != NULL ? f->duals->start_price : NULL;
		int32_t    *held = objective == ASSIGN_COVERAGE ?
			core_alloc_array(f->ncols, sizeof(int32_t)) : NULL;

		if (SolveBySeats(f, objective, seats, start, held, pending, deferred) ||
			(start != NULL &&
			 SolveBySeats(f, objective, seats, NULL, held, pending, deferred)))
			return;
	}
	npending = UnmatchedRows(f, pending);
	ExactPhase(f, pending, npending, deferred);
	if (f->duals != NULL)
		ExportDuals(f);
}

static void SolveOriented(const AssignProblem *p, AssignObjective objective,
						  double lo, int64_t maxcard, AssignDuals *duals,
						  int64_t *row_edge);

/*
 * COVERAGE on the edges with score >= lo, which match at most K rows.  When
 * those edges are few (at most two thirds of all), they are copied into buf
 * (8 bytes per edge, free again once FairThreshold returns): every search then
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

	for (e = 0; e < nedges; e = core_next_edge(e))
		kept += p->score[e] >= lo;
	if (kept * (int64_t) (sizeof(double) + sizeof(int32_t)) <=
		nedges * (int64_t) sizeof(double))
	{
		AssignProblem cp;
		int64_t    *rs = core_alloc_array((size_t) p->nrows + 1, sizeof(int64_t));
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
		SolveOriented(&cp, ASSIGN_COVERAGE, -DBL_MAX, K, NULL, row_edge);
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
		SolveOriented(p, ASSIGN_COVERAGE, lo, K, NULL, row_edge);
}

/*
 * FAIR: the most rows that can be matched, K, and the highest threshold
 * that still matches K (flow_fair.c), then COVERAGE on the edges at or
 * above it, from scratch.
 */
static void
SolveFair(const AssignProblem *p, int64_t *row_edge)
{
	double	   *buf = core_alloc_array((size_t) p->row_start[p->nrows],
									   sizeof(double));
	double		threshold = 0.0;
	int64_t		K = FairThreshold(p, buf, row_edge, NULL, &threshold);
	int32_t		i;

	for (i = 0; i < p->nrows; i++)
		row_edge[i] = -1;
	if (K > 0)
		SolveAbove(p, threshold, K, buf, row_edge);
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

	if (objective == ASSIGN_FAIR || p->nrows == 0 || p->ncols == 0 ||
		p->row_class != NULL)
		return false;
	for (j = 0; j < p->ncols; j++)
		if (p->capacity[j] != 1)
			return false;
	for (i = 0; i < p->nrows; i = core_next_row(i))
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

		for (e = 0; e < nedges; e = core_next_edge(e))
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
			  int64_t maxcard, AssignDuals *duals, int64_t *row_edge)
{
	Flow		f;
	int32_t		i,
				j;

	memset(&f, 0, sizeof(f));
	SetupRows(&f, p, row_edge);
	SetupColumns(&f, p->capacity);
	f.lo = lo;
	f.duals = duals;
	f.capacity = p->capacity;
	if (SetupCosts(&f, objective))
		SolveSSP(&f, objective, maxcard);
	else if (duals != NULL)
	{
		/* nothing usable: every usable left-out pair may matter */
		for (i = 0; i < p->nrows; i++)
			duals->row_value[i] = -INFINITY;
		for (j = 0; j < p->ncols; j++)
			duals->col_price[j] = p->capacity[j] > 0 ? 0.0 : INFINITY;
	}
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
		int		   *row_to_col = core_alloc_array(p->nrows, sizeof(int));

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
					  INT64_MAX, NULL, row_edge);
	}
}

void
assign_solve_priced(const AssignProblem *p, AssignObjective objective,
					double lo, AssignDuals *duals, int64_t *row_edge)
{
	if (objective == ASSIGN_TOTAL && !(lo > 0.0))
		lo = 0x1p-1074;
	SolveOriented(p, objective, lo, INT64_MAX, duals, row_edge);
}

/*
 * Bytes the sparse solver (SolveOriented) asks for, at most: the graph
 * (with slots column slots), the shortest-path state, SolveSSP's pending
 * and deferred rows, and, when it may run (seats), the seat-filling
 * start's.
 */
static size_t
SSPBytes(size_t nr, size_t nc, size_t slots, bool seats)
{
	return GraphScratchBytes(nr, nc, slots) + PathScratchBytes(nr, nc) +
		(nr + 1) * (4 + 4) + (seats ? SeatsScratchBytes(nr, nc) : 0) + 64 * 8;
}

/*
 * The capacitated solver's bytes for objective, with slots column slots
 * (exact: the seat-filling start is counted only when it may run).  FAIR
 * adds its search; its COVERAGE step runs on a subset of the edges, whose
 * seats may be fewer, so the start is counted for it whatever the seats.
 */
static size_t
SparseBytes(size_t nr, size_t nc, size_t ne, size_t slots,
			AssignObjective objective, bool exact)
{
	bool		seats = !exact || objective == ASSIGN_FAIR ||
		(slots > 0 && slots <= nr);
	size_t		bytes = SSPBytes(nr, nc, slots, seats);

	if (objective == ASSIGN_FAIR)
	{
		/*
		 * the threshold search, then one score per edge (SolveFair's buf,
		 * later the copied edges, see SolveAbove) and the copy's row_start
		 */
		bytes += FairScratchBytes(nr, nc, slots) + (ne + 1) * 8 + (nr + 1) * 8 +
			64 * 13;
	}
	return bytes;
}

/* The dense solver's bytes: row_to_col and lap_dense_max's own. */
static size_t
DenseBytes(int32_t nrows, int32_t ncols)
{
	return ((size_t) nrows + 1) * sizeof(int) +
		lap_dense_scratch_bytes(nrows, ncols);
}

size_t
assign_scratch_bytes(const AssignProblem *p, AssignObjective objective)
{
	size_t		ne;

	if (p->nrows == 0 || p->ncols == 0)
		return 0;
	if (IsDenseUnit(p, objective))
		return DenseBytes(p->nrows, p->ncols);
	ne = (size_t) p->row_start[p->nrows];
	return SparseBytes(p->nrows, p->ncols, ne, CountSlots(p), objective,
					   true);
}

size_t
assign_scratch_bound(int32_t nrows, int32_t ncols, int64_t nedges,
					 AssignObjective objective, bool dense_possible)
{
	size_t		sparse;

	if (nrows == 0 || ncols == 0)
		return 0;
	sparse = SparseBytes(nrows, ncols, nedges, nedges, objective, false);
	if (dense_possible && objective != ASSIGN_FAIR)
	{
		size_t		dense = DenseBytes(nrows, ncols);

		return dense > sparse ? dense : sparse;
	}
	return sparse;
}

size_t
assign_priced_scratch_bytes(const AssignProblem *p)
{
	/* the seat-filling start counted whatever the seats: lo may drop some */
	return SparseBytes(p->nrows, p->ncols, (size_t) p->row_start[p->nrows],
					   CountSlots(p), ASSIGN_COVERAGE, false);
}
