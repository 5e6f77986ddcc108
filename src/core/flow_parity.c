/*
 * flow_parity.c
 *		Matching with parity across groups (see flow_parity.h); plain C.
 *
 * One network serves every solve, only its capacities, costs and supplies
 * change: the source S, the sink T, a node per group, per row and per
 * column; arcs S -> T (the bypass, open only while the most rows matched
 * are counted), S -> each group, each group -> its rows, each candidate
 * row -> column (in edge order, so a flow on it is that edge) and each
 * column -> T with its seats.
 */
#include <stdlib.h>
#include <string.h>

#include "min_cost_flow.h"
#include "flow_parity.h"

/* A rate num / den, den > 0. */
typedef struct Rate
{
	int64_t		num;
	int64_t		den;
} Rate;

static int
CompareRates(const void *a, const void *b)
{
	const Rate *x = a,
			   *y = b;
	int64_t		l = x->num * y->den,
				r = y->num * x->den;

	return (l > r) - (l < r);
}

typedef struct Parity
{
	const ParityProblem *p;
	int32_t		G,
				R,
				C;
	int64_t		E;
	McfProblem	net;
	int32_t    *tail;
	int32_t    *head;
	int32_t    *cap;
	double	   *cost;
	int64_t    *supply;
	int32_t    *flow;
	int32_t    *saved;			/* the last flow that met its lower bounds */
	double	   *pi;
	int64_t    *need;			/* per group: L_g of the rate at hand */
	int64_t    *members;		/* per group: its rows in the solve */
	int64_t    *reach;			/* per group: of them, rows with candidates */
	int32_t		tries;
} Parity;

/* Arc numbers. */
#define ARC_BYPASS			0
#define ARC_GROUP(x, g)		(1 + (g))
#define ARC_ROW(x, i)		(1 + (x)->G + (int64_t) (i))
#define ARC_EDGE(x, e)		(1 + (x)->G + (int64_t) (x)->R + (e))
#define ARC_COL(x, j)		(1 + (x)->G + (int64_t) (x)->R + (x)->E + (j))

/* Node numbers. */
#define NODE_S				0
#define NODE_T				1
#define NODE_GROUP(x, g)	(2 + (g))
#define NODE_ROW(x, i)		(2 + (x)->G + (i))
#define NODE_COL(x, j)		(2 + (x)->G + (x)->R + (j))

size_t
parity_scratch_bytes(int32_t nrows, int32_t ncols, int64_t nedges,
					 int32_t ngroups)
{
	size_t		nnodes = 2 + (size_t) ngroups + nrows + ncols;
	size_t		narcs = 1 + (size_t) ngroups + nrows + nedges + ncols;

	/*
	 * tail, head, cap, flow, saved (4 bytes) and cost (8) per arc; supply
	 * and pi per node; the rates (one per row and group, and one); need,
	 * members, reach per group; a slot more per array; and one min-cost
	 * flow's scratch at a time
	 */
	return narcs * 28 + nnodes * 16 + ((size_t) nrows + ngroups + 1) * 16 +
		((size_t) ngroups + 1) * 24 + 16 * 16 +
		mcf_scratch_bytes((int32_t) nnodes, (int64_t) narcs);
}

/* L_g of rate r: at least that many of g's rows in the solve matched. */
static int64_t
Need(const ParityProblem *p, int32_t g, Rate r)
{
	int64_t		want = (r.num * p->group_size[g] + r.den - 1) / r.den;

	return want > p->group_fixed[g] ? want - p->group_fixed[g] : 0;
}

/* Runs one solve in a scope of its own: its scratch freed at once. */
static bool
Solve(Parity *x, bool warm)
{
	void	   *scope = core_scope_begin();
	bool		ok;

	if (warm)
		memset(x->pi, 0, sizeof(double) * x->net.nnodes);
	ok = mcf_solve(&x->net, warm, x->flow, x->pi);
	core_scope_end(scope);
	x->tries++;
	return ok;
}

static void
SetSupply(Parity *x, int64_t from_s, int64_t to_t)
{
	memset(x->supply, 0, sizeof(int64_t) * x->net.nnodes);
	x->supply[NODE_S] = from_s;
	x->supply[NODE_T] = -to_t;
}

/*
 * Whether every group can reach rate r: a flow through the group arcs,
 * capacity L_g each, that fills them, from the last flow that could.
 */
static bool
Reaches(Parity *x, Rate r)
{
	int64_t		total = 0;
	int32_t		g;

	for (g = 0; g < x->G; g++)
	{
		x->need[g] = Need(x->p, g, r);
		if (x->need[g] > x->reach[g])
			return false;
		x->cap[ARC_GROUP(x, g)] = (int32_t) x->need[g];
		total += x->need[g];
	}
	SetSupply(x, total, total);
	memcpy(x->flow, x->saved, sizeof(int32_t) * x->net.narcs);
	if (!Solve(x, true))
		return false;
	memcpy(x->saved, x->flow, sizeof(int32_t) * x->net.narcs);
	return true;
}

bool
parity_solve(const ParityProblem *p, int64_t *row_edge, ParityResult *result)
{
	const AssignProblem *a = &p->assign;
	Parity		x;
	Rate	   *rates,
				lo = {0, 1},
				hi = {0, 1};
	int64_t		nrates = 0,
				e,
				arc,
				insolve = 0,
				total_need = 0,
				matched,
				lo_i,
				hi_i,
				k;
	int32_t		g,
				i,
				j;
	double		smax = 0.0;
	bool		have_score = false;

	memset(&x, 0, sizeof(x));
	x.p = p;
	x.G = p->ngroups;
	x.R = a->nrows;
	x.C = a->ncols;
	x.E = a->row_start[a->nrows];
	x.net.nnodes = 2 + x.G + x.R + x.C;
	x.net.narcs = 1 + (int64_t) x.G + x.R + x.E + x.C;
	x.tail = core_alloc_array(x.net.narcs, sizeof(int32_t));
	x.head = core_alloc_array(x.net.narcs, sizeof(int32_t));
	x.cap = core_alloc_array(x.net.narcs, sizeof(int32_t));
	x.cost = core_alloc_array(x.net.narcs, sizeof(double));
	x.flow = core_alloc_array(x.net.narcs, sizeof(int32_t));
	x.saved = core_alloc_array(x.net.narcs, sizeof(int32_t));
	x.supply = core_alloc_array(x.net.nnodes, sizeof(int64_t));
	x.pi = core_alloc_array(x.net.nnodes, sizeof(double));
	x.need = core_alloc_array((size_t) x.G + 1, sizeof(int64_t));
	x.members = core_alloc_array((size_t) x.G + 1, sizeof(int64_t));
	x.reach = core_alloc_array((size_t) x.G + 1, sizeof(int64_t));
	x.net.tail = x.tail;
	x.net.head = x.head;
	x.net.capacity = x.cap;
	x.net.cost = x.cost;
	x.net.supply = x.supply;

	memset(x.members, 0, sizeof(int64_t) * ((size_t) x.G + 1));
	memset(x.reach, 0, sizeof(int64_t) * ((size_t) x.G + 1));
	for (i = 0; i < x.R; i++)
	{
		row_edge[i] = -1;
		g = p->row_group[i];
		if (g < 0)
			continue;
		x.members[g]++;
		insolve++;
		if (a->row_start[i + 1] > a->row_start[i])
			x.reach[g]++;
	}

	/* the network, every capacity as in the counting solve but the groups' */
	x.tail[ARC_BYPASS] = NODE_S;
	x.head[ARC_BYPASS] = NODE_T;
	for (g = 0; g < x.G; g++)
	{
		x.tail[ARC_GROUP(&x, g)] = NODE_S;
		x.head[ARC_GROUP(&x, g)] = NODE_GROUP(&x, g);
	}
	for (i = 0; i < x.R; i++)
	{
		arc = ARC_ROW(&x, i);
		g = p->row_group[i];
		x.tail[arc] = g >= 0 ? NODE_GROUP(&x, g) : NODE_S;
		x.head[arc] = NODE_ROW(&x, i);
		x.cap[arc] = g >= 0 ? 1 : 0;
		for (e = a->row_start[i]; e < a->row_start[i + 1]; e = core_next_edge(e))
		{
			arc = ARC_EDGE(&x, e);
			x.tail[arc] = NODE_ROW(&x, i);
			x.head[arc] = NODE_COL(&x, a->col[e]);
			x.cap[arc] = 1;
			if (!have_score || a->score[e] > smax)
				smax = a->score[e];
			have_score = true;
		}
	}
	for (j = 0; j < x.C; j++)
	{
		arc = ARC_COL(&x, j);
		x.tail[arc] = NODE_COL(&x, j);
		x.head[arc] = NODE_T;
		x.cap[arc] = a->capacity[j];
	}
	memset(x.cost, 0, sizeof(double) * x.net.narcs);
	x.cost[ARC_BYPASS] = 1.0;
	x.cap[ARC_BYPASS] = 0;

	/*
	 * The rates that can be the lowest: j / size_g between the lowest a
	 * group has without the solve (every L_g then 0) and the lowest a group
	 * could have were each of its rows with candidates matched.
	 */
	for (g = 0; g < x.G; g++)
	{
		Rate		r0 = {p->group_fixed[g], p->group_size[g]},
					r1 = {p->group_fixed[g] + x.reach[g], p->group_size[g]};

		if (g == 0 || CompareRates(&r0, &lo) < 0)
			lo = r0;
		if (g == 0 || CompareRates(&r1, &hi) < 0)
			hi = r1;
	}
	rates = core_alloc_array((size_t) x.R + x.G + 1, sizeof(Rate));
	for (g = 0; g < x.G; g++)
	{
		int64_t		n;

		for (n = 0; n <= p->group_fixed[g] + x.reach[g]; n++)
		{
			Rate		r = {n, p->group_size[g]};

			if (CompareRates(&r, &lo) >= 0 && CompareRates(&r, &hi) <= 0)
				rates[nrates++] = r;
		}
	}
	qsort(rates, nrates, sizeof(Rate), CompareRates);
	k = 0;
	for (e = 0; e < nrates; e++)
		if (k == 0 || CompareRates(&rates[e], &rates[k - 1]) != 0)
			rates[k++] = rates[e];
	nrates = k;

	/* the highest rate reached: rates[0] is, with no flow at all */
	memset(x.saved, 0, sizeof(int32_t) * x.net.narcs);
	lo_i = 0;
	hi_i = nrates - 1;
	while (lo_i < hi_i)
	{
		int64_t		mid = lo_i + (hi_i - lo_i + 1) / 2;

		if (Reaches(&x, rates[mid]))
			lo_i = mid;
		else
			hi_i = mid - 1;
	}
	if (nrates > 0)
	{
		lo = rates[lo_i];
		result->rate_num = lo.num;
		result->rate_den = lo.den;
	}
	else
	{
		/* no group: no rate falls short */
		result->rate_num = 1;
		result->rate_den = 1;
	}
	for (g = 0; g < x.G; g++)
	{
		x.need[g] = Need(p, g, lo);
		total_need += x.need[g];
	}

	/*
	 * The most rows matched: from r*'s flow, every group arc open and the
	 * bypass at a cost, paths from S only (S never is on one again), so no
	 * group arc loses flow.
	 */
	for (g = 0; g < x.G; g++)
		x.cap[ARC_GROUP(&x, g)] = (int32_t) x.members[g];
	x.cap[ARC_BYPASS] = (int32_t) insolve;
	SetSupply(&x, insolve, insolve);
	memcpy(x.flow, x.saved, sizeof(int32_t) * x.net.narcs);
	x.flow[ARC_BYPASS] = 0;
	if (!Solve(&x, true))
		return false;
	matched = insolve - x.flow[ARC_BYPASS];
	for (g = 0; g < x.G; g++)
		if (x.flow[ARC_GROUP(&x, g)] < x.need[g])
			return false;

	/*
	 * The highest total: exactly that many units, L_g of them forced through
	 * group g (its supply), at cost smax - score, so every cost is >= 0.
	 */
	x.cap[ARC_BYPASS] = 0;
	x.cost[ARC_BYPASS] = 0.0;
	for (g = 0; g < x.G; g++)
		x.cap[ARC_GROUP(&x, g)] = (int32_t) (x.members[g] - x.need[g]);
	for (e = 0; e < x.E; e = core_next_edge(e))
		x.cost[ARC_EDGE(&x, e)] = smax - a->score[e];
	SetSupply(&x, matched - total_need, matched);
	for (g = 0; g < x.G; g++)
		x.supply[NODE_GROUP(&x, g)] = x.need[g];
	if (!Solve(&x, false))
		return false;

	for (i = 0; i < x.R; i = core_next_row(i))
		for (e = a->row_start[i]; e < a->row_start[i + 1]; e++)
			if (x.flow[ARC_EDGE(&x, e)] > 0)
				row_edge[i] = e;
	result->matched = matched;
	result->tries = x.tries;
	return true;
}
