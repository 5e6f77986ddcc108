/*
 * flow_internal.h
 *		The capacitated solver's state, shared by its phases; plain C.
 *
 * The solver (flow.h) is split by phase, each file depending only on those
 * listed after it:
 *
 *	flow_pruned.c	the solve on pruned candidates, with a certificate
 *					(flow_pruned.h)
 *	flow.c			entry point: which solver runs, COVERAGE and TOTAL
 *					drivers, the scratch-size promise
 *	flow_seats.c	the seat-filling start: auction prices, FillSeats
 *	flow_fair.c		FAIR: capacitated Hopcroft-Karp, the threshold search
 *	flow_path.c		successive shortest paths and augmenting row reduction
 *	flow_graph.c	the problem as a Flow: rows, column slots, costs
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
 * (complementary slackness).  How A, B and U follow from the objective is
 * told at SetupCosts (flow_graph.c).  With row classes, an edge of a row of
 * class k costs k G less (RowShift), G = 2 (nrows + 1): the same problem
 * with other costs, so (a) and (b) keep their meaning.
 */
#ifndef MENTORMATCH_FLOW_INTERNAL_H
#define MENTORMATCH_FLOW_INTERNAL_H

#include "flow.h"

typedef struct Flow
{
	int32_t		nrows;
	int32_t		ncols;
	int64_t		nedges;
	const int64_t *rlo;			/* row i's edges are rlo[i] .. rhi[i] - 1 */
	const int64_t *rhi;
	const int32_t *col;
	const double *score;

	/* objective */
	double		A;				/* cost(e) = A - B * score(e) */
	double		B;
	double		U;				/* cost of leaving a row unmatched */
	double		cmin;			/* least edge cost, A - B * smax */
	double		lo;				/* an edge is usable iff score >= lo */
	const int32_t *row_class;	/* the problem's, or NULL */
	double		G;				/* cost(e) falls by G per class of e's row */
	AssignDuals *duals;			/* wanted (assign_solve_priced), or NULL */
	const int32_t *capacity;	/* the problem's, for the duals */

	/* columns */
	int32_t    *cap;			/* min(capacity, in-degree), less held */
	int32_t    *held;			/* seats held empty (HoldEmptySeat), or
								 * NULL */
	int32_t    *count;			/* rows held */
	int64_t    *slot_start;		/* slot_row[slot_start[j] ..] hold j's rows */
	int32_t    *slot_row;
	double	   *price;

	/* rows */
	int64_t    *row_edge;		/* edge held, or -1 */
	int32_t    *row_slot;		/* slot within its column */
	double	   *tau;			/* row reduction: see flow_path.c */

	/* Dijkstra scratch, per column */
	double	   *dist;
	double	   *scan_d;			/* distance of each scanned column */
	int32_t    *heap;
	int32_t    *hpos;
	int32_t    *pred_row;
	int64_t    *pred_edge;
	int32_t    *touched;
	int32_t    *scanned;
	int64_t		hsize;			/* columns queued */
	int32_t		ntouched;		/* columns labeled */
	int32_t		term_col;		/* nearest free seat found, or -1 */
	int64_t		work;			/* edges looked at by searches */
	double		term_d;			/* its distance */
} Flow;

/* What row i's class takes off the cost of each of its edges. */
static inline double
RowShift(const Flow *f, int32_t i)
{
	return f->row_class != NULL ? f->G * (double) f->row_class[i] : 0.0;
}

/* The cost of edge e, a row i's. */
static inline double
EdgeCost(const Flow *f, int32_t i, int64_t e)
{
	return f->A - f->B * f->score[e] - RowShift(f, i);
}

/* Counts edges looked at by a search (core_add_work). */
static inline void
FlowWork(Flow *f, int64_t edges)
{
	core_add_work(&f->work, edges);
}

static inline bool
IsFree(const Flow *f, int32_t j)
{
	return f->count[j] < f->cap[j];
}

/* flow_graph.c */
extern void SetupRows(Flow *f, const AssignProblem *p, int64_t *row_edge);
extern void SetupColumns(Flow *f, const int32_t *capacity);
extern bool SetupCosts(Flow *f, AssignObjective objective);
extern int32_t UnmatchedRows(const Flow *f, int32_t *pending);
extern double SelectKth(double *a, int64_t n, int64_t k);
extern size_t GraphScratchBytes(size_t nr, size_t nc, size_t slots);

/* The column slots SetupColumns makes for p (allocates a column's worth). */
extern int64_t CountSlots(const AssignProblem *p);

/* flow_path.c */
extern void SetupPaths(Flow *f);
extern void ResetPaths(Flow *f);
extern void ExactPhase(Flow *f, int32_t *pending, int32_t npending,
					   int32_t *deferred);
extern bool FillFromUnmatched(Flow *f, int32_t *unm, int32_t *nunm);
extern bool HoldEmptySeat(Flow *f);
extern void ReleaseHeldSeats(Flow *f, double U0, int32_t *queue,
							 int32_t *mark);
extern double LeastSlack(const Flow *f);
extern void RefreshTau(Flow *f);
extern size_t PathScratchBytes(size_t nr, size_t nc);

/* flow_seats.c */
extern bool FillSeats(Flow *f, int64_t seats, const double *start,
					  int32_t *pending, int32_t *deferred);
extern bool TotalDualsHold(const Flow *f);
extern int64_t SettleUnmatched(Flow *f, int32_t *pending, int32_t *deferred);
extern size_t SeatsScratchBytes(size_t nr, size_t nc);

/* flow_fair.c */
extern int64_t FairThreshold(const AssignProblem *p, double *buf,
							 int64_t *row_edge, const int64_t *start,
							 double *threshold);
extern size_t FairScratchBytes(size_t nr, size_t nc, size_t slots);
extern int64_t MostMatched(Flow *f);
extern size_t MostMatchedBytes(size_t nr, size_t nc);

#endif							/* MENTORMATCH_FLOW_INTERNAL_H */
