/*
 * max_flow.c
 *		Maximum flow by Dinic's blocking flows (see max_flow.h); plain C.
 *
 * Each node lists references to its arcs: 2a for arc a leaving it (room:
 * capacity - flow), 2a + 1 for arc a entering it, walked backwards (room:
 * flow).
 */
#include <string.h>

#include "max_flow.h"

typedef struct MaxFlow
{
	const McfProblem *p;
	int32_t    *flow;
	int64_t    *start;			/* node v's references: refs[start[v] ..] */
	int64_t    *refs;
	int32_t    *level;			/* -1: not reached, or a dead end */
	int64_t    *next;			/* per node: the next reference to try */
	int32_t    *queue;
	int64_t    *path;			/* the references of the walk from s */
	int64_t		work;
} MaxFlow;

static inline int64_t
Room(const MaxFlow *m, int64_t r)
{
	int64_t		a = r >> 1;

	return (r & 1) ? m->flow[a] : (int64_t) m->p->capacity[a] - m->flow[a];
}

static inline int32_t
Far(const MaxFlow *m, int64_t r)
{
	return (r & 1) ? m->p->tail[r >> 1] : m->p->head[r >> 1];
}

size_t
max_flow_scratch_bytes(int32_t nnodes, int64_t narcs)
{
	size_t		n = (size_t) nnodes + 1;

	/* start, next, path (8 bytes) and level, queue (4) per node; refs */
	return n * (3 * 8 + 2 * 4) + 8 + ((size_t) narcs * 2 + 1) * 8;
}

/* The levels from s over references with room; whether t is reached. */
static bool
Levels(MaxFlow *m, int32_t s, int32_t t)
{
	int32_t		head = 0,
				tail = 0,
				v;

	for (v = 0; v < m->p->nnodes; v++)
		m->level[v] = -1;
	m->level[s] = 0;
	m->queue[tail++] = s;
	while (head < tail)
	{
		int32_t		u = m->queue[head++];
		int64_t		y;

		core_add_work(&m->work, m->start[u + 1] - m->start[u]);
		for (y = m->start[u]; y < m->start[u + 1]; y++)
		{
			int32_t		w = Far(m, m->refs[y]);

			if (m->level[w] < 0 && Room(m, m->refs[y]) > 0)
			{
				m->level[w] = m->level[u] + 1;
				m->queue[tail++] = w;
			}
		}
	}
	return m->level[t] >= 0;
}

/* A blocking flow on the levels: the walk keeps each node's next arc. */
static int64_t
Block(MaxFlow *m, int32_t s, int32_t t)
{
	int64_t		added = 0;
	int32_t		depth = 0,
				v = s,
				x;

	memcpy(m->next, m->start, sizeof(int64_t) * m->p->nnodes);
	for (;;)
	{
		if (v == t)
		{
			int64_t		amount = Room(m, m->path[0]);

			for (x = 1; x < depth; x++)
				if (Room(m, m->path[x]) < amount)
					amount = Room(m, m->path[x]);
			for (x = 0; x < depth; x++)
			{
				int64_t		r = m->path[x];

				if (r & 1)
					m->flow[r >> 1] -= (int32_t) amount;
				else
					m->flow[r >> 1] += (int32_t) amount;
			}
			added += amount;
			/* back to the tail of the first reference now full */
			for (x = 0; x < depth && Room(m, m->path[x]) > 0; x++)
				;
			depth = x;
			v = depth == 0 ? s : Far(m, m->path[depth - 1]);
			continue;
		}
		while (m->next[v] < m->start[v + 1])
		{
			int64_t		r = m->refs[m->next[v]];
			int32_t		w = Far(m, r);

			if (m->level[w] == m->level[v] + 1 && Room(m, r) > 0)
				break;
			m->next[v]++;
		}
		core_add_work(&m->work, 1);
		if (m->next[v] < m->start[v + 1])
		{
			int64_t		r = m->refs[m->next[v]];

			m->path[depth++] = r;
			v = Far(m, r);
			continue;
		}
		/* a dead end: never again this phase */
		if (v == s)
			return added;
		m->level[v] = -1;
		depth--;
		v = depth == 0 ? s : Far(m, m->path[depth - 1]);
		m->next[v]++;
	}
}

int64_t
max_flow(const McfProblem *p, int32_t s, int32_t t, int32_t *flow)
{
	MaxFlow		m;
	int32_t		n = p->nnodes,
				v;
	int64_t		a,
				total = 0;

	memset(&m, 0, sizeof(m));
	m.p = p;
	m.flow = flow;
	m.start = core_alloc_array((size_t) n + 1, sizeof(int64_t));
	m.refs = core_alloc_array((size_t) p->narcs * 2, sizeof(int64_t));
	m.level = core_alloc_array(n, sizeof(int32_t));
	m.next = core_alloc_array(n, sizeof(int64_t));
	m.queue = core_alloc_array(n, sizeof(int32_t));
	m.path = core_alloc_array(n, sizeof(int64_t));

	memset(m.start, 0, sizeof(int64_t) * ((size_t) n + 1));
	for (a = 0; a < p->narcs; a = core_next_edge(a))
	{
		m.start[p->tail[a] + 1]++;
		m.start[p->head[a] + 1]++;
	}
	for (v = 0; v < n; v++)
		m.start[v + 1] += m.start[v];
	memcpy(m.next, m.start, sizeof(int64_t) * n);
	for (a = 0; a < p->narcs; a = core_next_edge(a))
	{
		m.refs[m.next[p->tail[a]]++] = 2 * a;
		m.refs[m.next[p->head[a]]++] = 2 * a + 1;
	}
	if (s == t)
		return 0;
	while (Levels(&m, s, t))
		total += Block(&m, s, t);
	return total;
}
