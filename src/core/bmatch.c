/*
 * bmatch.c
 *		Lists of pairs (a bipartite b-matching) by minimum-cost flow: the
 *		network, the solve, and duals made as high as the answer allows
 *		(see bmatch.h); plain C.
 *
 * Nodes: row i is node i, column j node nrows + j, the sink nrows + ncols.
 * Arcs: row i's own arc is arc i, column j's arc nrows + j (each to the
 * sink), edge e's arc nrows + ncols + e; so an earlier solve's flow fits a
 * problem with edges appended.
 *
 * Duals.  An edge arc of reduced cost >= 0 can be added empty without
 * changing the optimum (min_cost_flow.h).  For a pair of row i and column j
 * scoring s, that is A - B s + pi(tail) - pi(head) >= 0, that is s <=
 * row_value[i] + col_price[j] with, when the rows send,
 *
 *	row_value[i] = (A + pi(i) - pi(sink)) / B,	col_price[j] = (pi(sink) - pi(j)) / B
 *
 * and the other way round when the columns send.  A column (row) of the
 * receiving side with a seat left, used or not, then has price (value) 0 at
 * most, and exactly 0 once raised.  Raising them (Raise) moves each node's
 * potential as far as the arcs with room around it allow, all of one side at
 * once (no arc joins two nodes of a side), the sending side first: in a
 * round where the mentors send (seats are scarce), a full mentor's price
 * rises to what its worst pair leaves, which rules out every pair that
 * scores less with it.
 */
#include <float.h>
#include <math.h>

#include "bmatch.h"
#include "min_cost_flow.h"

/* The costs of a problem: a pair scoring s costs A - B s; unused, U. */
typedef struct Costs
{
	double		A;
	double		B;
	double		U;
} Costs;

/* 2^-e for x in [2^(e-1), 2^e): x * it lies in [0.5, 1). */
static double
ScaleFor(double x)
{
	int			e;

	if (!(x > 0.0) || !isfinite(x))
		return 1.0;
	(void) frexp(x, &e);
	return ldexp(1.0, -e);
}

static Costs
CostsFor(const BMatchProblem *p, BMatchObjective objective)
{
	Costs		k;
	double		smin = p->score_min,
				smax = p->score_max;
	int64_t		e;

	for (e = 0; e < p->nedges; e = core_next_edge(e))
	{
		if (!(p->score[e] >= smin))
			smin = p->score[e];
		if (!(p->score[e] <= smax))
			smax = p->score[e];
	}
	if (!(smin <= smax))
		smin = smax = 0.0;
	/* halves avoid overflow of smax - smin */
	k.B = ScaleFor(smax * 0.5 - smin * 0.5) * 0.5;
	k.A = smax * k.B;
	if (objective == BMATCH_TOTAL)
		k.U = k.A;
	else
		k.U = 2.0 * ((double) (p->nrows < p->ncols ? p->nrows : p->ncols) + 1.0);
	return k;
}

/* Whether the rows send (they have no more seats than the columns). */
static bool
RowsSend(const BMatchProblem *p)
{
	int64_t		rows = 0,
				cols = 0;
	int32_t		x;

	for (x = 0; x < p->nrows; x++)
		rows += p->row_cap[x];
	for (x = 0; x < p->ncols; x++)
		cols += p->col_cap[x];
	return rows <= cols;
}

size_t
bmatch_scratch_bytes(int32_t nrows, int32_t ncols, int64_t nedges)
{
	int64_t		narcs = (int64_t) nrows + ncols + nedges;
	int32_t		nnodes = nrows + ncols + 1;

	/*
	 * tail, head, capacity (4 bytes), cost (8) per arc; supply, limit (8)
	 * and bounded (1) per node
	 */
	return ((size_t) narcs + 1) * (3 * 4 + 8) + ((size_t) nnodes + 1) * 17 +
		mcf_scratch_bytes(nnodes, narcs);
}

/*
 * Moves the potential of every node of one side (first .. first + n - 1)
 * as far as the arcs with room around it allow, up (dir > 0) or down;
 * bounded[v] tells whether some arc bounds it (else it stays).
 */
static void
Raise(const McfProblem *m, const int32_t *flow, double *pi, int32_t first,
	  int32_t n, int dir, double *limit, bool *bounded)
{
	int64_t		a;
	int32_t		u;

	for (u = first; u < first + n; u++)
	{
		limit[u] = dir > 0 ? DBL_MAX : -DBL_MAX;
		bounded[u] = false;
	}
	for (a = 0; a < m->narcs; a = core_next_edge(a))
	{
		int32_t		x = m->tail[a],
					y = m->head[a];
		double		c = m->cost[a],
					bound;
		bool		room = flow[a] < m->capacity[a],
					used = flow[a] > 0;
		int			end;

		/* the one end of the side, if any: its bound in direction dir */
		for (end = 0; end < 2; end++)
		{
			int32_t		v = end == 0 ? x : y,
						w = end == 0 ? y : x;
			bool		up_bound,
						down_bound;

			if (v < first || v >= first + n)
				continue;
			/*
			 * v the tail: room keeps c + pi(v) - pi(w) >= 0 (a floor), flow
			 * keeps it <= 0 (a ceiling); v the head: the other way round.
			 */
			up_bound = end == 0 ? used : room;
			down_bound = end == 0 ? room : used;
			bound = end == 0 ? pi[w] - c : pi[w] + c;
			if (dir > 0 && up_bound)
			{
				if (bound < limit[v])
					limit[v] = bound;
				bounded[v] = true;
			}
			else if (dir < 0 && down_bound)
			{
				if (bound > limit[v])
					limit[v] = bound;
				bounded[v] = true;
			}
		}
	}
	for (u = first; u < first + n; u++)
		if (bounded[u] && (dir > 0 ? limit[u] > pi[u] : limit[u] < pi[u]))
			pi[u] = limit[u];
}

bool
bmatch_solve(const BMatchProblem *p, BMatchObjective objective, bool warm,
			 int32_t *flow, double *potential, double *row_value,
			 double *col_price)
{
	Costs		k = CostsFor(p, objective);
	bool		rows_send = RowsSend(p);
	int32_t		nr = p->nrows,
				nc = p->ncols,
				sink = nr + nc,
				nnodes = sink + 1,
				v;
	int64_t		narcs = bmatch_arcs(p),
				e,
				sent = 0;
	int32_t    *tail = core_alloc_array(narcs, sizeof(int32_t));
	int32_t    *head = core_alloc_array(narcs, sizeof(int32_t));
	int32_t    *capacity = core_alloc_array(narcs, sizeof(int32_t));
	double	   *cost = core_alloc_array(narcs, sizeof(double));
	int64_t    *supply = core_alloc_array(nnodes, sizeof(int64_t));
	double	   *limit = core_alloc_array(nnodes, sizeof(double));
	bool	   *bounded = core_alloc_array(nnodes, sizeof(bool));
	McfProblem	m;

	for (v = 0; v < nr + nc; v++)
	{
		bool		sends = (v < nr) == rows_send;
		int32_t		cap = v < nr ? p->row_cap[v] : p->col_cap[v - nr];

		tail[v] = v;
		head[v] = sink;
		capacity[v] = cap;
		cost[v] = sends ? k.U : 0.0;
		supply[v] = sends ? cap : 0;
		sent += supply[v];
	}
	supply[sink] = -sent;
	for (e = 0; e < p->nedges; e = core_next_edge(e))
	{
		int64_t		a = nr + nc + e;
		int32_t		row = p->edge_row[e],
					col = nr + p->edge_col[e];

		tail[a] = rows_send ? row : col;
		head[a] = rows_send ? col : row;
		capacity[a] = 1;
		cost[a] = k.A - k.B * p->score[e];
	}
	m.nnodes = nnodes;
	m.narcs = narcs;
	m.tail = tail;
	m.head = head;
	m.capacity = capacity;
	m.cost = cost;
	m.supply = supply;
	if (!mcf_solve(&m, warm, flow, potential))
		return false;
	if (row_value == NULL)
		return true;

	/* the sending side first */
	Raise(&m, flow, potential, rows_send ? 0 : nr, rows_send ? nr : nc, 1,
		  limit, bounded);
	Raise(&m, flow, potential, rows_send ? nr : 0, rows_send ? nc : nr, -1,
		  limit, bounded);
	for (v = 0; v < nr + nc; v++)
	{
		double		pv = potential[v],
					ps = potential[sink],
					d;
		bool		sends = (v < nr) == rows_send;

		if (!bounded[v])
			d = INFINITY;
		else if (sends)
			d = (k.A + pv - ps) / k.B;
		else
			d = (ps - pv) / k.B;
		if (v < nr)
			row_value[v] = d;
		else
			col_price[v - nr] = d;
	}
	return true;
}
