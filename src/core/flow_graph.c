/*
 * flow_graph.c
 *		The capacitated solver's problem as a Flow: rows, column slots and
 *		the costs that encode the objective; plain C (see flow_internal.h).
 *
 * Objectives, as costs c(e) = A - B * score(e) and U, the cost of leaving a
 * row unmatched:
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
 *	FAIR		COVERAGE on the edges at or above a threshold (flow_fair.c).
 *
 * Row classes (AssignProblem.row_class): an edge of a row of class k costs
 * k G less, G = 2 (nrows + 1).  Matching row i saves U - c(e) + k G over
 * leaving it out; write w(i) = U + k G (TOTAL: k G).  Two assignments with
 * the same matched rows differ in edge costs (before the shift) by less
 * than nrows + 1 < G: at most min(nrows, seats) rows, each in [0, R] with R
 * < 1 (TOTAL: in [-1, 0)).  The sets of rows that can be matched together
 * are the independent sets of a matroid (a transversal matroid), and w
 * rises with the class, so a set of largest w is one the greedy order by
 * class (highest first) could end on: for every class c (COVERAGE, FAIR: c
 * >= 0; TOTAL: c >= 1, w being 0 on class 0) it matches as many rows of
 * class c or higher as any set can, hence lexicographically most from the
 * highest class down.  Any other set of rows has w less by U or G at least
 * (w takes values U times the rows plus G times a whole number; one more
 * row always gains U >= G, or G for TOTAL's class > 0): more than the edge
 * costs can win back.  So the optimum has the classes' best counts, and
 * among those the objective's best costs, as without classes.
 *
 * Precision: costs and prices then reach about nclasses G, and a double
 * resolves them to about nclasses G 2^-52, the scores' range being at least
 * 1/2: at most 2^-29 of the range with nclasses (nrows + 1) at most
 * ASSIGN_CLASS_ROWS_MOST (the callers refuse more), about 2e-9, where one
 * class resolves rows (nrows + 1) 2^-50 as ever.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "flow_internal.h"

/*
 * Column slots: a column can never hold more rows than it has candidate
 * edges, so cap[j] = min(capacity[j], in-degree) and the slots total at most
 * the number of edges.
 */
void
SetupColumns(Flow *f, const int32_t *capacity)
{
	int64_t		e,
				total = 0;
	int32_t		j;

	f->cap = core_alloc_array(f->ncols, sizeof(int32_t));
	f->count = core_alloc_array(f->ncols, sizeof(int32_t));
	f->slot_start = core_alloc_array((size_t) f->ncols + 1, sizeof(int64_t));
	memset(f->cap, 0, sizeof(int32_t) * f->ncols);
	for (e = 0; e < f->nedges; e = core_next_edge(e))
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
	f->slot_row = core_alloc_array((size_t) total, sizeof(int32_t));
}

/* Rows are the problem's rows; none is matched yet. */
void
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
	f->row_class = p->row_class;
	f->row_slot = core_alloc_array(p->nrows, sizeof(int32_t));
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
bool
SetupCosts(Flow *f, AssignObjective objective)
{
	int64_t		nedges = f->nedges;
	int64_t		e;
	double		smin = DBL_MAX,
				smax = -DBL_MAX;
	bool		any = false;

	for (e = 0; e < nedges; e = core_next_edge(e))
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
	if (f->duals != NULL)
	{
		/* the costs must order the left-out pairs too */
		double		hmin = f->duals->score_min > f->lo ? f->duals->score_min : f->lo;

		if (hmin < smin)
			smin = hmin;
		if (f->duals->score_max > smax)
			smax = f->duals->score_max;
	}

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
	f->G = 2.0 * ((double) f->nrows + 1.0);
	if (f->row_class != NULL)
	{
		int32_t		i,
					most = 0;

		for (i = 0; i < f->nrows; i++)
			if (f->row_class[i] > most)
				most = f->row_class[i];
		f->cmin -= f->G * (double) most;
	}
	return true;
}

int32_t
UnmatchedRows(const Flow *f, int32_t *pending)
{
	int32_t		i,
				n = 0;

	for (i = f->nrows - 1; i >= 0; i--)
		if (f->row_edge[i] < 0)
			pending[n++] = i;
	return n;
}

/* k-th smallest (0-based) of a[0..n-1], reordering a. */
double
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
 * Bytes SetupRows and SetupColumns ask for: row_slot per row; cap, count
 * and slot_start per column; the slots, the sum of min(capacity,
 * in-degree) over the columns (at most the number of edges).
 */
size_t
GraphScratchBytes(size_t nr, size_t nc, size_t slots)
{
	return (nr + 1) * 4 + (nc + 1) * (4 + 4 + 8) + (slots + 1) * 4;
}

int64_t
CountSlots(const AssignProblem *p)
{
	int32_t    *indegree = core_alloc_array(p->ncols, sizeof(int32_t));
	int64_t		nedges = p->row_start[p->nrows],
				slots = 0,
				e;
	int32_t		j;

	memset(indegree, 0, sizeof(int32_t) * p->ncols);
	for (e = 0; e < nedges; e = core_next_edge(e))
		indegree[p->col[e]]++;
	for (j = 0; j < p->ncols; j++)
	{
		int32_t		c = p->capacity[j] > 0 ? p->capacity[j] : 0;

		slots += c < indegree[j] ? c : indegree[j];
	}
	return slots;
}
