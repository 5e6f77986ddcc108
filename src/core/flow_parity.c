/*
 * flow_parity.c
 *		Matching with parity across groups (see flow_parity.h); plain C.
 *
 * One network serves every solve, only its capacities, costs and supplies
 * change: the source S, the sink T, a node per group, per row and per
 * column; arcs S -> each group, each group -> its rows, each column -> T
 * with its seats, then one arc row -> column per candidate in the network
 * (the working set: each row's best few at first, those the certificates
 * bring back after), so that a candidate brought back is an arc appended.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flow_parity.h"
#include "max_flow.h"
#include "min_cost_flow.h"

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

/* Bytes per arc of the network's arrays: tail, head, cap, flow, saved, cost. */
#define ARC_BYTES		(5 * sizeof(int32_t) + sizeof(double))
/* Per working candidate: its edge, and its two references in a solve. */
#define WORK_BYTES		(sizeof(int64_t) + 32)

typedef struct Parity
{
	const ParityProblem *p;
	int32_t		G,
				R,
				C;
	int64_t		base;			/* arcs before the candidates' */
	McfProblem	net;
	int32_t    *tail;
	int32_t    *head;
	int32_t    *cap;
	double	   *cost;
	int32_t    *flow;
	int32_t    *saved;			/* the last flow that met its lower bounds */
	int64_t		arc_cap;		/* arcs the arrays have room for */
	int64_t    *w_edge;			/* per working candidate: its edge */
	int64_t		w_n;
	uint8_t    *in_w;			/* per edge: in the network */
	uint8_t    *seen;			/* per node: reached by a cut's search */
	int64_t    *supply;
	double	   *pi;
	int64_t    *need;			/* per group: L_g of the rate at hand */
	int64_t    *members;		/* per group: its rows in the solve */
	int64_t    *reach;			/* per group: of them, rows with candidates */
	double		smax;			/* the highest score of every candidate */
	bool		priced;			/* candidates cost smax - score (else 0) */
	int32_t		tries;
	int64_t		added;
} Parity;

/* Arc numbers. */
#define ARC_GROUP(x, g)		((int64_t) (g))
#define ARC_ROW(x, i)		((x)->G + (int64_t) (i))
#define ARC_COL(x, j)		((x)->G + (int64_t) (x)->R + (j))
#define ARC_WORK(x, k)		((x)->base + (k))

/* Node numbers. */
#define NODE_S				0
#define NODE_T				1
#define NODE_GROUP(x, g)	(2 + (g))
#define NODE_ROW(x, i)		(2 + (x)->G + (i))
#define NODE_COL(x, j)		(2 + (x)->G + (x)->R + (j))

static int32_t
KeepPerRow(const ParityProblem *p)
{
	return p->keep > 0 ? p->keep : PARITY_KEEP;
}

/* The candidates the flows start from: each row's best KeepPerRow. */
static int64_t
InitialWork(const ParityProblem *p)
{
	const AssignProblem *a = &p->assign;
	int64_t		n = 0,
				deg;
	int32_t		i;

	for (i = 0; i < a->nrows; i++)
	{
		deg = a->row_start[i + 1] - a->row_start[i];
		if (p->row_group[i] >= 0)
			n += deg < KeepPerRow(p) ? deg : KeepPerRow(p);
	}
	return n;
}

static size_t
ScratchBytes(int32_t nrows, int32_t ncols, int64_t nedges, int32_t ngroups,
			 int64_t nwork)
{
	size_t		nnodes = 2 + (size_t) ngroups + nrows + ncols;
	size_t		narcs = (size_t) ngroups + nrows + ncols + nwork;

	/*
	 * the arcs' arrays, the working candidates, a byte per edge; supply, pi
	 * and a byte per node; the rates (one per row and group, and one); need,
	 * members, reach per group; a slot more per array; and one min-cost
	 * flow's scratch at a time (a cut's search takes less)
	 */
	return narcs * ARC_BYTES + ((size_t) nwork + 1) * sizeof(int64_t) +
		(size_t) nedges + 1 + nnodes * 17 + ((size_t) nrows + ngroups + 1) * 16 +
		((size_t) ngroups + 1) * 24 + 16 * 16 +
		(size_t) ncols * (PARITY_COL_KEEP * 12 + 8) +
		mcf_scratch_bytes((int32_t) nnodes, (int64_t) narcs);
}

size_t
parity_scratch_bytes(const ParityProblem *p)
{
	const AssignProblem *a = &p->assign;

	return ScratchBytes(a->nrows, a->ncols, a->row_start[a->nrows], p->ngroups,
						InitialWork(p));
}

size_t
parity_scratch_bound(int32_t nrows, int32_t ncols, int64_t nedges,
					 int32_t ngroups)
{
	int64_t		most = (int64_t) nrows * PARITY_KEEP;

	return ScratchBytes(nrows, ncols, nedges, ngroups,
						nedges < most ? nedges : most);
}

/* L_g of rate r: at least that many of g's rows in the solve matched. */
static int64_t
Need(const ParityProblem *p, int32_t g, Rate r)
{
	int64_t		want = (r.num * p->group_size[g] + r.den - 1) / r.den;

	return want > p->group_fixed[g] ? want - p->group_fixed[g] : 0;
}

/* A larger copy of an array (the old one freed). */
static void *
Regrow(void *old, size_t old_bytes, size_t new_bytes)
{
	void	   *a = core_alloc(new_bytes);

	memcpy(a, old, old_bytes);
	core_free(old);
	return a;
}

/* Room for n arcs, reserved first. */
static void
ArcRoom(Parity *x, int64_t n)
{
	int64_t		cap = x->arc_cap;

	if (n <= cap)
		return;
	while (cap < n)
		cap *= 2;
	if (x->p->reserve)
		x->p->reserve(x->p->memory, (size_t) (cap - x->arc_cap) * (ARC_BYTES + WORK_BYTES));
	x->tail = Regrow(x->tail, x->arc_cap * sizeof(int32_t), cap * sizeof(int32_t));
	x->head = Regrow(x->head, x->arc_cap * sizeof(int32_t), cap * sizeof(int32_t));
	x->cap = Regrow(x->cap, x->arc_cap * sizeof(int32_t), cap * sizeof(int32_t));
	x->flow = Regrow(x->flow, x->arc_cap * sizeof(int32_t), cap * sizeof(int32_t));
	x->saved = Regrow(x->saved, x->arc_cap * sizeof(int32_t), cap * sizeof(int32_t));
	x->cost = Regrow(x->cost, x->arc_cap * sizeof(double), cap * sizeof(double));
	x->w_edge = Regrow(x->w_edge, (x->arc_cap - x->base) * sizeof(int64_t),
					   (cap - x->base) * sizeof(int64_t));
	x->arc_cap = cap;
	x->net.tail = x->tail;
	x->net.head = x->head;
	x->net.capacity = x->cap;
	x->net.cost = x->cost;
}

/* Puts candidate e of row i into the network, empty. */
static void
AddWork(Parity *x, int32_t i, int64_t e)
{
	const AssignProblem *a = &x->p->assign;
	int64_t		arc = ARC_WORK(x, x->w_n);

	x->in_w[e] = 1;
	x->w_edge[x->w_n++] = e;
	x->tail[arc] = NODE_ROW(x, i);
	x->head[arc] = NODE_COL(x, a->col[e]);
	x->cap[arc] = 1;
	x->cost[arc] = x->priced ? x->smax - a->score[e] : 0.0;
	x->flow[arc] = 0;
	x->saved[arc] = 0;
	x->net.narcs = arc + 1;
}

/*
 * Each column's best PARITY_COL_KEEP candidates (fewer for fewer seats:
 * four a seat) into the network, so that every mentor is in it however
 * popular the others are.
 */
static void
AddBestOfColumns(Parity *x)
{
	const AssignProblem *a = &x->p->assign;
	int64_t    *best = core_alloc_array((size_t) x->C * PARITY_COL_KEEP, sizeof(int64_t));
	int32_t    *count = core_alloc_array(x->C, sizeof(int32_t));
	int32_t    *worst = core_alloc_array(x->C, sizeof(int32_t));
	int32_t    *row = core_alloc_array((size_t) x->C * PARITY_COL_KEEP, sizeof(int32_t));
	int32_t		i,
				j,
				k;

	memset(count, 0, sizeof(int32_t) * x->C);
	for (i = 0; i < x->R; i = core_next_row(i))
	{
		int64_t		e;

		if (x->p->row_group[i] < 0)
			continue;
		for (e = a->row_start[i]; e < a->row_start[i + 1]; e++)
		{
			int64_t    *b;
			int32_t		most;

			j = a->col[e];
			b = best + (size_t) j * PARITY_COL_KEEP;
			most = a->capacity[j] < PARITY_COL_KEEP / 4 ? 4 * a->capacity[j] : PARITY_COL_KEEP;
			if (count[j] < most)
			{
				row[(size_t) j * PARITY_COL_KEEP + count[j]] = i;
				b[count[j]++] = e;
			}
			else if (most > 0 && a->score[e] > a->score[b[worst[j]]])
			{
				row[(size_t) j * PARITY_COL_KEEP + worst[j]] = i;
				b[worst[j]] = e;
			}
			else
				continue;
			/* the worst of the column's, to be replaced first */
			worst[j] = 0;
			for (k = 1; k < count[j]; k++)
				if (a->score[b[k]] < a->score[b[worst[j]]])
					worst[j] = k;
		}
	}
	for (j = 0; j < x->C; j++)
		for (k = 0; k < count[j]; k++)
		{
			int64_t		e = best[(size_t) j * PARITY_COL_KEEP + k];

			if (x->in_w[e])
				continue;
			ArcRoom(x, x->net.narcs + 1);
			AddWork(x, row[(size_t) j * PARITY_COL_KEEP + k], e);
		}
	core_free(best);
	core_free(count);
	core_free(worst);
	core_free(row);
}

/* Each row's best KeepPerRow candidates into the network. */
static void
AddBest(Parity *x)
{
	const AssignProblem *a = &x->p->assign;
	int32_t		keep = KeepPerRow(x->p),
				i;
	int64_t    *best = core_alloc_array(keep, sizeof(int64_t));

	for (i = 0; i < x->R; i = core_next_row(i))
	{
		int32_t		n = 0,
					k;
		int64_t		e;

		if (x->p->row_group[i] < 0)
			continue;
		/* the best keep, by insertion (score, then edge order) */
		for (e = a->row_start[i]; e < a->row_start[i + 1]; e++)
		{
			if (n == keep && a->score[e] <= a->score[best[n - 1]])
				continue;
			k = n < keep ? n++ : n - 1;
			while (k > 0 && a->score[best[k - 1]] < a->score[e])
			{
				best[k] = best[k - 1];
				k--;
			}
			best[k] = e;
		}
		for (k = 0; k < n; k++)
			AddWork(x, i, best[k]);
	}
	core_free(best);
}

/*
 * Runs the min-cost flow in a scope of its own (its scratch freed at once):
 * warm, from the flow and potentials it left.
 */
static bool
Solve(Parity *x, bool warm)
{
	void	   *scope = core_scope_begin();
	bool		ok;

	ok = mcf_solve(&x->net, warm, x->flow, x->pi);
	core_scope_end(scope);
	x->tries++;
	return ok;
}

/*
 * Augments the flow to a maximum one from S to T, in a scope of its own;
 * returns the flow through the group arcs.
 */
static int64_t
MaxFlow(Parity *x)
{
	void	   *scope = core_scope_begin();
	int64_t		total = 0;
	int32_t		g;

	(void) max_flow(&x->net, NODE_S, NODE_T, x->flow);
	core_scope_end(scope);
	x->tries++;
	for (g = 0; g < x->G; g++)
		total += x->flow[ARC_GROUP(x, g)];
	return total;
}

static void
SetSupply(Parity *x, int64_t from_s, int64_t to_t)
{
	memset(x->supply, 0, sizeof(int64_t) * x->net.nnodes);
	x->supply[NODE_S] = from_s;
	x->supply[NODE_T] = -to_t;
}

/*
 * The cut's certificate: the nodes the residual network reaches from S;
 * every left-out candidate from a row reached to a
 * column not reached could carry more flow, and comes back (at most
 * PARITY_ROW_ADDS a row, its best).  Returns how many came back: none
 * means the flow is a maximum one over every candidate too.
 */
static int64_t
CrossingCut(Parity *x)
{
	const AssignProblem *a = &x->p->assign;
	void	   *scope = core_scope_begin();
	int32_t		n = x->net.nnodes,
				head = 0,
				tail = 0,
				v,
				i,
				pass;
	int64_t		narcs = x->net.narcs,
				arc,
				added = 0,
				y;
	int64_t    *start = core_alloc_array((size_t) n + 1, sizeof(int64_t));
	int64_t    *refs = core_alloc_array((size_t) narcs * 2, sizeof(int64_t));
	int32_t    *queue = core_alloc_array(n, sizeof(int32_t));
	uint8_t    *seen = x->seen;

	/* each node's arcs with room, both ways: 2a leaving, 2a + 1 entering */
	memset(start, 0, sizeof(int64_t) * ((size_t) n + 1));
	memset(seen, 0, n);
	for (arc = 0; arc < narcs; arc = core_next_edge(arc))
	{
		if (x->flow[arc] < x->cap[arc])
			start[x->tail[arc] + 1]++;
		if (x->flow[arc] > 0)
			start[x->head[arc] + 1]++;
	}
	for (v = 0; v < n; v++)
		start[v + 1] += start[v];
	for (arc = 0; arc < narcs; arc = core_next_edge(arc))
	{
		if (x->flow[arc] < x->cap[arc])
			refs[start[x->tail[arc]]++] = 2 * arc;
		if (x->flow[arc] > 0)
			refs[start[x->head[arc]]++] = 2 * arc + 1;
	}
	for (v = n; v > 0; v--)
		start[v] = start[v - 1];
	start[0] = 0;
	seen[NODE_S] = 1;
	queue[tail++] = NODE_S;
	while (head < tail)
	{
		int32_t		u = queue[head++];

		for (y = start[u]; y < start[u + 1]; y++)
		{
			int32_t		w = (refs[y] & 1) ? x->tail[refs[y] >> 1] : x->head[refs[y] >> 1];

			if (!seen[w])
			{
				seen[w] = 1;
				queue[tail++] = w;
			}
		}
	}
	core_scope_end(scope);		/* the arcs may grow below */

	/*
	 * First the pairs to a column with a free seat (each an augmenting path
	 * at once); only when there are none, those to any column not reached
	 */
	for (pass = 0; pass < 2 && added == 0; pass++)
		for (i = 0; i < x->R; i = core_next_row(i))
		{
			int32_t		got = 0;
			int64_t		e;

			if (!seen[NODE_ROW(x, i)] || x->p->row_group[i] < 0)
				continue;
			for (e = a->row_start[i]; e < a->row_start[i + 1] && got < PARITY_ROW_ADDS; e++)
			{
				int64_t		col_arc = ARC_COL(x, a->col[e]);

				if (x->in_w[e] || seen[NODE_COL(x, a->col[e])] ||
					(pass == 0 && x->flow[col_arc] >= x->cap[col_arc]))
					continue;
				ArcRoom(x, x->net.narcs + 1);
				AddWork(x, i, e);
				got++;
			}
			added += got;
		}
	x->added += added;
	return added;
}

/*
 * The prices' certificate: under the potentials of the last min-cost flow,
 * every left-out candidate of a negative reduced cost comes back (at most
 * PARITY_ROW_ADDS a row, the most negative).  None: the flow is optimal
 * with every candidate too.
 */
static int64_t
UnderPriced(Parity *x)
{
	const AssignProblem *a = &x->p->assign;
	int64_t		added = 0,
				pick[PARITY_ROW_ADDS];
	double		rcs[PARITY_ROW_ADDS];
	int32_t		i;

	for (i = 0; i < x->R; i = core_next_row(i))
	{
		double		pr = x->pi[NODE_ROW(x, i)];
		int32_t		n = 0,
					k;
		int64_t		e;

		if (x->p->row_group[i] < 0)
			continue;
		for (e = a->row_start[i]; e < a->row_start[i + 1]; e++)
		{
			double		cost = x->smax - a->score[e],
						pc = x->pi[NODE_COL(x, a->col[e])],
						rc = cost + pr - pc;

			if (x->in_w[e] ||
				rc >= -64.0 * DBL_EPSILON * (fabs(cost) + fabs(pr) + fabs(pc)))
				continue;
			if (n == PARITY_ROW_ADDS && rc >= rcs[n - 1])
				continue;
			k = n < PARITY_ROW_ADDS ? n++ : n - 1;
			while (k > 0 && rcs[k - 1] > rc)
			{
				rcs[k] = rcs[k - 1];
				pick[k] = pick[k - 1];
				k--;
			}
			rcs[k] = rc;
			pick[k] = e;
		}
		if (n > 0)
			ArcRoom(x, x->net.narcs + n);
		for (k = 0; k < n; k++)
			AddWork(x, i, pick[k]);
		added += n;
	}
	x->added += added;
	return added;
}

/*
 * The start of the min-cost flow: no flow, potentials 0 but each row's,
 * its best candidate's score - smax, the lowest that keeps every reduced
 * cost >= 0 (the arc from its group then costs smax - its best).  From 0
 * every row with room would lie at distance 0 from S, and every search pop
 * them all; from these, a row whose best is far from good enough is
 * reached late, or never.
 */
static void
PriceRows(Parity *x)
{
	const AssignProblem *a = &x->p->assign;
	int64_t		k;

	memset(x->flow, 0, sizeof(int32_t) * x->net.narcs);
	memset(x->pi, 0, sizeof(double) * x->net.nnodes);
	for (k = 0; k < x->w_n; k = core_next_edge(k))
	{
		int32_t		row = x->tail[ARC_WORK(x, k)];
		double		s = a->score[x->w_edge[k]] - x->smax;

		if (s > x->pi[row] || x->pi[row] == 0.0)
			x->pi[row] = s;
	}
}

/*
 * Whether every group can reach rate r: a flow through the group arcs,
 * capacity L_g each, that fills them, from the last flow that could.  When
 * none can, the flow is left as a maximum one.
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
	memcpy(x->flow, x->saved, sizeof(int32_t) * x->net.narcs);
	if (MaxFlow(x) < total)
		return false;
	memcpy(x->saved, x->flow, sizeof(int32_t) * x->net.narcs);
	return true;
}

/*
 * The rates that can be the lowest, ascending: j / size_g between the
 * lowest a group has without the solve (every L_g then 0) and the lowest a
 * group could have were each of its rows with candidates matched.
 */
static Rate *
CandidateRates(Parity *x, int64_t *nrates)
{
	const ParityProblem *p = x->p;
	Rate		lo = {0, 1},
				hi = {0, 1};
	Rate	   *rates = core_alloc_array((size_t) x->R + x->G + 1, sizeof(Rate));
	int64_t		n = 0,
				k = 0,
				e;
	int32_t		g;

	for (g = 0; g < x->G; g++)
	{
		Rate		r0 = {p->group_fixed[g], p->group_size[g]},
					r1 = {p->group_fixed[g] + x->reach[g], p->group_size[g]};

		if (g == 0 || CompareRates(&r0, &lo) < 0)
			lo = r0;
		if (g == 0 || CompareRates(&r1, &hi) < 0)
			hi = r1;
	}
	for (g = 0; g < x->G; g++)
	{
		int64_t		j;

		for (j = 0; j <= p->group_fixed[g] + x->reach[g]; j++)
		{
			Rate		r = {j, p->group_size[g]};

			if (CompareRates(&r, &lo) >= 0 && CompareRates(&r, &hi) <= 0)
				rates[n++] = r;
		}
	}
	qsort(rates, n, sizeof(Rate), CompareRates);
	for (e = 0; e < n; e++)
		if (k == 0 || CompareRates(&rates[e], &rates[k - 1]) != 0)
			rates[k++] = rates[e];
	*nrates = k;
	return rates;
}

/* The network without candidates, every capacity as the search has it. */
static void
BuildNetwork(Parity *x)
{
	const AssignProblem *a = &x->p->assign;
	int64_t		arc;
	int32_t		g,
				i,
				j;

	for (g = 0; g < x->G; g++)
	{
		x->tail[ARC_GROUP(x, g)] = NODE_S;
		x->head[ARC_GROUP(x, g)] = NODE_GROUP(x, g);
		x->cost[ARC_GROUP(x, g)] = 0.0;
	}
	for (i = 0; i < x->R; i++)
	{
		arc = ARC_ROW(x, i);
		g = x->p->row_group[i];
		x->tail[arc] = g >= 0 ? NODE_GROUP(x, g) : NODE_S;
		x->head[arc] = NODE_ROW(x, i);
		x->cap[arc] = g >= 0 ? 1 : 0;
		x->cost[arc] = 0.0;
	}
	for (j = 0; j < x->C; j++)
	{
		arc = ARC_COL(x, j);
		x->tail[arc] = NODE_COL(x, j);
		x->head[arc] = NODE_T;
		x->cap[arc] = a->capacity[j];
		x->cost[arc] = 0.0;
	}
	x->net.narcs = x->base;
}

bool
parity_solve(const ParityProblem *p, int64_t *row_edge, ParityResult *result)
{
	const AssignProblem *a = &p->assign;
	Parity		x;
	Rate	   *rates,
				best = {1, 1};
	int64_t		nrates,
				e,
				k,
				total_need = 0,
				matched,
				lo_i = 0,
				hi_i;
	int32_t		g,
				i;
	bool		have_score = false;

	memset(&x, 0, sizeof(x));
	x.p = p;
	x.G = p->ngroups;
	x.R = a->nrows;
	x.C = a->ncols;
	x.base = (int64_t) x.G + x.R + x.C;
	x.arc_cap = x.base + InitialWork(p);
	if (x.arc_cap < 1)
		x.arc_cap = 1;
	x.net.nnodes = 2 + x.G + x.R + x.C;
	x.tail = core_alloc_array(x.arc_cap, sizeof(int32_t));
	x.head = core_alloc_array(x.arc_cap, sizeof(int32_t));
	x.cap = core_alloc_array(x.arc_cap, sizeof(int32_t));
	x.cost = core_alloc_array(x.arc_cap, sizeof(double));
	x.flow = core_alloc_array(x.arc_cap, sizeof(int32_t));
	x.saved = core_alloc_array(x.arc_cap, sizeof(int32_t));
	x.w_edge = core_alloc_array(x.arc_cap - x.base, sizeof(int64_t));
	x.in_w = core_alloc_array(a->row_start[a->nrows], sizeof(uint8_t));
	x.seen = core_alloc_array(x.net.nnodes, sizeof(uint8_t));
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
	memset(x.in_w, 0, a->row_start[a->nrows]);
	memset(x.members, 0, sizeof(int64_t) * ((size_t) x.G + 1));
	memset(x.reach, 0, sizeof(int64_t) * ((size_t) x.G + 1));
	for (i = 0; i < x.R; i++)
	{
		row_edge[i] = -1;
		g = p->row_group[i];
		if (g < 0)
			continue;
		x.members[g]++;
		if (a->row_start[i + 1] > a->row_start[i])
			x.reach[g]++;
		for (e = a->row_start[i]; e < a->row_start[i + 1]; e++)
		{
			if (!have_score || x.smax < a->score[e])
				x.smax = a->score[e];
			have_score = true;
		}
	}
	BuildNetwork(&x);
	AddBest(&x);
	AddBestOfColumns(&x);
	memset(x.saved, 0, sizeof(int32_t) * x.net.narcs);

	/*
	 * The highest rate reached: rates[0] is, with no flow at all.  Once the
	 * search settles, the rate above must be out of reach over every
	 * candidate too: its maximum flow's cut says so, or brings candidates
	 * back and the search goes on from where it was.
	 */
	rates = CandidateRates(&x, &nrates);
	hi_i = nrates - 1;
	while (lo_i < hi_i)
	{
		int64_t		mid = lo_i + (hi_i - lo_i + 1) / 2;

		if (Reaches(&x, rates[mid]))
			lo_i = mid;
		else
			hi_i = mid - 1;
		if (lo_i == hi_i && hi_i + 1 < nrates)
		{
			if (Reaches(&x, rates[hi_i + 1]))
				lo_i = hi_i = hi_i + 1;
			else if (CrossingCut(&x) == 0)
				break;
			hi_i = nrates - 1;
		}
	}
	if (nrates > 0)
		best = rates[lo_i];
	for (g = 0; g < x.G; g++)
	{
		x.need[g] = Need(p, g, best);
		total_need += x.need[g];
	}

	/*
	 * The most rows matched: r*'s flow augmented with every group arc open,
	 * by paths from S only (S never is on one again), so no group arc loses
	 * flow; its cut certifies it as the search's did.
	 */
	for (g = 0; g < x.G; g++)
		x.cap[ARC_GROUP(&x, g)] = (int32_t) x.members[g];
	memcpy(x.flow, x.saved, sizeof(int32_t) * x.net.narcs);
	do
		matched = MaxFlow(&x);
	while (CrossingCut(&x) > 0);
	for (g = 0; g < x.G; g++)
		if (x.flow[ARC_GROUP(&x, g)] < x.need[g])
			return false;

	/*
	 * The highest total: exactly that many units, L_g of them forced through
	 * group g (its supply), at cost smax - score, so every cost is >= 0;
	 * candidates the prices say would lower it come back, and the solve
	 * goes on from its flow and prices.
	 */
	x.priced = true;
	for (g = 0; g < x.G; g++)
		x.cap[ARC_GROUP(&x, g)] = (int32_t) (x.members[g] - x.need[g]);
	for (k = 0; k < x.w_n; k = core_next_edge(k))
		x.cost[ARC_WORK(&x, k)] = x.smax - a->score[x.w_edge[k]];
	SetSupply(&x, matched - total_need, matched);
	for (g = 0; g < x.G; g++)
		x.supply[NODE_GROUP(&x, g)] = x.need[g];
	PriceRows(&x);
	result->priced_rounds = 1;
	if (!Solve(&x, true))
		return false;
	while (UnderPriced(&x) > 0)
	{
		result->priced_rounds++;
		if (!Solve(&x, true))
			return false;
	}

	for (k = 0; k < x.w_n; k = core_next_edge(k))
		if (x.flow[ARC_WORK(&x, k)] > 0)
			row_edge[x.tail[ARC_WORK(&x, k)] - NODE_ROW(&x, 0)] = x.w_edge[k];
	result->rate_num = best.num;
	result->rate_den = best.den;
	result->matched = matched;
	result->tries = x.tries;
	result->kept = InitialWork(p);
	result->added = x.added;
	return true;
}
