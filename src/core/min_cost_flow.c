/*
 * min_cost_flow.c
 *		Minimum-cost flow by successive shortest paths with potentials
 *		(see min_cost_flow.h); plain C.
 *
 * The residual network is kept as one list per node of references to arcs:
 * 2a for arc a leaving the node (room: capacity - flow, cost cost[a]), 2a +
 * 1 for arc a entering it, walked backwards (room: flow, cost -cost[a]).
 * The references with room come first in each list (live[v] of them), moved
 * across as flows change, so that a search never walks the others: a
 * mentor of many candidate pairs, of which it holds a few, costs a search
 * only those few.
 * Potentials keep every residual arc's reduced cost >= 0 (rounding aside:
 * a reduced cost a hair below 0 counts as 0).  A search from a node with
 * excess runs Dijkstra on reduced costs and stops at the first node popped
 * that is short of flow, or reached at the distance of the node being
 * popped, at distance D; each node popped at distance d <= D
 * gets pi += d - D, the others keep theirs, which keeps every reduced cost
 * >= 0 (a node not popped lies at D or beyond) and makes the path's zero.
 * The path then carries as much as its arcs, its start's excess and its
 * end's shortage allow.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "min_cost_flow.h"

typedef struct Mcf
{
	const McfProblem *p;
	int32_t    *flow;
	double	   *pi;
	int64_t    *excess;			/* supply - out + in */
	int64_t    *adj_start;		/* node v's references: adj[adj_start[v] ..] */
	int64_t    *adj;
	int64_t    *live;			/* per node: its references with room */
	int64_t    *where;			/* per reference: its place in adj */

	/* Dijkstra, per node */
	double	   *dist;			/* DBL_MAX: not reached */
	int32_t    *hpos;			/* place in the heap; -1 none, -2 popped */
	int32_t    *heap;
	int64_t    *pred;			/* the reference the node was reached by */
	int32_t    *touched;		/* nodes reached, to reset */
	int32_t    *popped;			/* nodes popped, in order */
	int64_t		hsize;
	int32_t		ntouched;
	int32_t		npopped;
	int64_t		work;			/* references looked at */
} Mcf;

#define HEAP_PREFIX		NodeQueue
#define HEAP_ELEMENT	int32_t
#define HEAP_ARG		Mcf *
#define HEAP_FIRST(m, a, b)	((m)->dist[a] < (m)->dist[b])
#define HEAP_PLACED(m, v, pos)	((m)->hpos[v] = (int32_t) (pos))
#include "heap.h"

/* The room, far end and cost of residual reference r. */
static inline int64_t
RefRoom(const Mcf *m, int64_t r)
{
	int64_t		a = r >> 1;

	return (r & 1) ? m->flow[a] : (int64_t) m->p->capacity[a] - m->flow[a];
}

static inline int32_t
RefHead(const Mcf *m, int64_t r)
{
	return (r & 1) ? m->p->tail[r >> 1] : m->p->head[r >> 1];
}

static inline int32_t
RefTail(const Mcf *m, int64_t r)
{
	return (r & 1) ? m->p->head[r >> 1] : m->p->tail[r >> 1];
}

static inline double
RefCost(const Mcf *m, int64_t r)
{
	return (r & 1) ? -m->p->cost[r >> 1] : m->p->cost[r >> 1];
}

size_t
mcf_scratch_bytes(int32_t nnodes, int64_t narcs)
{
	size_t		n = (size_t) nnodes + 1;

	/*
	 * excess, adj_start (n + 1), live, dist, pred (8 bytes) and hpos, heap,
	 * touched, popped (4) per node; two references per arc, and their places
	 */
	return n * (5 * 8 + 4 * 4) + 8 + ((size_t) narcs * 2 + 1) * 16;
}

/*
 * Each node's references, arcs leaving it first, in arc order (pred is the
 * fill pointer meanwhile).
 */
static void
BuildLists(Mcf *m)
{
	const McfProblem *p = m->p;
	int32_t		n = p->nnodes,
				v;
	int64_t		a;

	memset(m->adj_start, 0, sizeof(int64_t) * ((size_t) n + 1));
	for (a = 0; a < p->narcs; a = core_next_edge(a))
	{
		m->adj_start[p->tail[a] + 1]++;
		m->adj_start[p->head[a] + 1]++;
	}
	for (v = 0; v < n; v++)
		m->adj_start[v + 1] += m->adj_start[v];
	memcpy(m->pred, m->adj_start, sizeof(int64_t) * n);
	for (a = 0; a < p->narcs; a = core_next_edge(a))
		m->adj[m->pred[p->tail[a]]++] = 2 * a;
	for (a = 0; a < p->narcs; a = core_next_edge(a))
		m->adj[m->pred[p->head[a]]++] = 2 * a + 1;
}

/* Moves reference r to the live part of its node's list, or out of it. */
static inline void
SetLive(Mcf *m, int64_t r, bool live)
{
	int32_t		v = RefTail(m, r);
	int64_t		at = m->where[r],
				edge = m->adj_start[v] + m->live[v];
	int64_t		other;

	if (live == (at < edge))
		return;
	if (!live)
		edge--;
	other = m->adj[edge];
	m->adj[edge] = r;
	m->where[r] = edge;
	m->adj[at] = other;
	m->where[other] = at;
	m->live[v] += live ? 1 : -1;
}

/* Every list with its live references first. */
static void
SortLive(Mcf *m)
{
	int32_t		v;
	int64_t		x;

	for (v = 0; v < m->p->nnodes; v++)
		m->live[v] = 0;
	for (x = 0; x < 2 * m->p->narcs; x = core_next_edge(x))
		m->where[m->adj[x]] = x;
	for (x = 0; x < 2 * m->p->narcs; x = core_next_edge(x))
		if (RefRoom(m, m->adj[x]) > 0)
			SetLive(m, m->adj[x], true);
}

/* A hair of rounding in a reduced cost of these terms. */
static inline double
Slack(double cost, double a, double b)
{
	return 64.0 * DBL_EPSILON * (fabs(cost) + fabs(a) + fabs(b));
}

/*
 * The start: every arc whose reduced cost says full (below 0) is filled,
 * every one that says empty (above 0) emptied.  From flow 0 and potentials
 * 0 (cold) that fills the arcs of negative cost.
 */
static void
SettleArcs(Mcf *m)
{
	const McfProblem *p = m->p;
	int64_t		a;

	for (a = 0; a < p->narcs; a = core_next_edge(a))
	{
		double		pt = m->pi[p->tail[a]],
					ph = m->pi[p->head[a]],
					rc = p->cost[a] + pt - ph,
					slack = Slack(p->cost[a], pt, ph);

		if (rc < -slack)
			m->flow[a] = p->capacity[a];
		else if (rc > slack)
			m->flow[a] = 0;
	}
}

/*
 * Dijkstra from s on reduced costs to the nearest node short of flow:
 * returns it (its path in pred), or -1 when none can be reached.
 */
static int32_t
Search(Mcf *m, int32_t s)
{
	int32_t		x;

	for (x = 0; x < m->ntouched; x++)
	{
		m->dist[m->touched[x]] = DBL_MAX;
		m->hpos[m->touched[x]] = -1;
	}
	m->ntouched = 0;
	m->npopped = 0;
	m->hsize = 0;
	m->dist[s] = 0.0;
	m->pred[s] = -1;
	m->touched[m->ntouched++] = s;
	NodeQueue_push(m, m->heap, &m->hsize, s);
	while (m->hsize > 0)
	{
		int32_t		u = NodeQueue_pop(m, m->heap, &m->hsize);
		int64_t		y;
		double		du = m->dist[u],
					pu = m->pi[u];

		m->hpos[u] = -2;
		m->popped[m->npopped++] = u;
		if (m->excess[u] < 0)
			return u;
		core_add_work(&m->work, m->live[u]);
		for (y = m->adj_start[u]; y < m->adj_start[u] + m->live[u]; y++)
		{
			int64_t		r = m->adj[y];
			int32_t		w;
			double		rc,
						d;

			w = RefHead(m, r);
			if (m->hpos[w] == -2)
				continue;
			rc = RefCost(m, r) + pu - m->pi[w];
			d = du + (rc > 0.0 ? rc : 0.0);
			if (d < m->dist[w])
			{
				if (m->dist[w] == DBL_MAX)
					m->touched[m->ntouched++] = w;
				m->dist[w] = d;
				m->pred[w] = r;

				/*
				 * A node short of flow reached at u's distance, the least
				 * of any node not popped, is as near as any such node: the
				 * search ends there, without popping the others at that
				 * distance (many, when many arcs have a reduced cost of 0).
				 */
				if (m->excess[w] < 0 && d <= du)
					return w;
				if (m->hpos[w] < 0)
					NodeQueue_push(m, m->heap, &m->hsize, w);
				else
					NodeQueue_sift_up(m, m->heap, m->hpos[w], w);
			}
		}
	}
	return -1;
}

/*
 * Sends what the path from s to t (found by Search) can carry, and moves
 * the potentials of the nodes popped.
 */
static void
Augment(Mcf *m, int32_t s, int32_t t)
{
	int64_t		amount = m->excess[s] < -m->excess[t] ? m->excess[s] : -m->excess[t];
	double		dt = m->dist[t];
	int32_t		v,
				x;

	for (v = t; v != s; v = RefTail(m, m->pred[v]))
	{
		int64_t		room = RefRoom(m, m->pred[v]);

		if (room < amount)
			amount = room;
	}
	for (v = t; v != s; v = RefTail(m, m->pred[v]))
	{
		int64_t		r = m->pred[v];

		if (r & 1)
			m->flow[r >> 1] -= (int32_t) amount;
		else
			m->flow[r >> 1] += (int32_t) amount;
		SetLive(m, r, RefRoom(m, r) > 0);
		SetLive(m, r ^ 1, RefRoom(m, r ^ 1) > 0);
	}
	m->excess[s] -= amount;
	m->excess[t] += amount;
	for (x = 0; x < m->npopped; x++)
	{
		int32_t		u = m->popped[x];

		m->pi[u] += m->dist[u] - dt;
	}
}

bool
mcf_solve(const McfProblem *p, bool warm, int32_t *flow, double *potential)
{
	Mcf			m;
	int32_t		n = p->nnodes,
				v;
	int64_t		a,
				total = 0;

	memset(&m, 0, sizeof(m));
	m.p = p;
	m.flow = flow;
	m.pi = potential;
	for (v = 0; v < n; v++)
		total += p->supply[v];
	if (total != 0)
		return false;

	m.excess = core_alloc_array(n, sizeof(int64_t));
	m.adj_start = core_alloc_array((size_t) n + 1, sizeof(int64_t));
	m.adj = core_alloc_array((size_t) p->narcs * 2, sizeof(int64_t));
	m.live = core_alloc_array(n, sizeof(int64_t));
	m.where = core_alloc_array((size_t) p->narcs * 2, sizeof(int64_t));
	m.dist = core_alloc_array(n, sizeof(double));
	m.pred = core_alloc_array(n, sizeof(int64_t));
	m.hpos = core_alloc_array(n, sizeof(int32_t));
	m.heap = core_alloc_array(n, sizeof(int32_t));
	m.touched = core_alloc_array(n, sizeof(int32_t));
	m.popped = core_alloc_array(n, sizeof(int32_t));
	BuildLists(&m);
	for (v = 0; v < n; v++)
	{
		m.dist[v] = DBL_MAX;
		m.hpos[v] = -1;
	}

	if (!warm)
	{
		memset(flow, 0, sizeof(int32_t) * p->narcs);
		memset(potential, 0, sizeof(double) * n);
	}
	SettleArcs(&m);
	SortLive(&m);

	for (v = 0; v < n; v++)
		m.excess[v] = p->supply[v];
	for (a = 0; a < p->narcs; a = core_next_edge(a))
	{
		m.excess[p->tail[a]] -= flow[a];
		m.excess[p->head[a]] += flow[a];
	}
	for (v = 0; v < n; v++)
		while (m.excess[v] > 0)
		{
			int32_t		t = Search(&m, v);

			if (t < 0)
				return false;
			Augment(&m, v, t);
		}
	return true;
}
