/*
 * flow_fair.c
 *		The FAIR objective's threshold: the most rows that can be matched
 *		(capacitated Hopcroft-Karp), then the highest score t such that the
 *		edges scoring t or more still match that many; plain C (see
 *		flow_internal.h).
 *
 * flow.c then solves COVERAGE on the edges at or above the threshold.  The
 * search runs over the distinct scores, each probe a maximum matching
 * warm-started from the last feasible one.  With row classes a probe is
 * feasible when it still matches as many rows of each class or higher as
 * every edge can (MatchByClass): FAIR is then those counts, the highest
 * lowest score, the highest total.
 */
#include <float.h>
#include <string.h>

#include "flow_internal.h"

typedef struct Matcher
{
	int32_t    *level;			/* BFS layer per row, -1 none */
	int64_t    *it;				/* next edge to try per row */
	int32_t    *colit;			/* next slot to try per column */
	int32_t    *queue;
	int32_t    *stack;
	int32_t		min_class;		/* rows of a lower class take no part */
} Matcher;

/* Whether row i takes part in m's matching (see MatchByClass). */
static inline bool
Takes(const Flow *f, const Matcher *m, int32_t i)
{
	return f->row_class == NULL || f->row_class[i] >= m->min_class;
}

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
	for (i = 0; i < f->nrows; i = core_next_row(i))
	{
		int64_t		e = saved ? saved[i] : -1;

		f->row_edge[i] = -1;
		if (e >= 0 && f->score[e] >= f->lo)
		{
			Seat(f, i, e);
			size++;
		}
	}
	for (i = 0; i < f->nrows; i = core_next_row(i))
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
		if (f->row_edge[i] < 0 && Takes(f, m, i))
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
		FlowWork(f, end - f->rlo[i]);
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

			FlowWork(f, 1);
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

/*
 * With row classes: a maximum matching of the rows of the highest class,
 * grown into one of the rows of that class or the next, and so on down to
 * class 0.  Augmenting paths never unmatch a row, so each step keeps every
 * row the steps before matched, and the rows of class c or higher matched
 * are as many as can be, for every c (the greedy order of the rows'
 * matroid, see flow_graph.c).  Each class's rows start from their edges in
 * saved (if usable and their column has a seat left), then greedily.
 * Returns the weight, the sum of class + 1 over the matched rows: no
 * matching of f's usable edges weighs more, and one of a subset of them
 * weighs as much only if it matches as many rows of class c or higher, for
 * every c (the weight is the sum of those counts).  Without classes: the
 * rows MaxMatching matches.
 */
static int64_t
MatchByClass(Flow *f, Matcher *m, const int64_t *saved)
{
	int32_t		i,
				j,
				top = 0,
				c;
	int64_t		weight = 0,
				e;

	m->min_class = 0;
	if (f->row_class == NULL)
		return MaxMatching(f, m, saved);
	for (j = 0; j < f->ncols; j++)
		f->count[j] = 0;
	for (i = 0; i < f->nrows; i++)
	{
		f->row_edge[i] = -1;
		if (f->row_class[i] > top)
			top = f->row_class[i];
	}
	for (c = top; c >= 0; c--)
	{
		m->min_class = c;
		for (i = 0; i < f->nrows; i = core_next_row(i))
		{
			if (f->row_class[i] != c)
				continue;
			e = saved ? saved[i] : -1;
			if (e >= 0 && f->score[e] >= f->lo &&
				f->count[f->col[e]] < f->cap[f->col[e]])
				Seat(f, i, e);
			for (e = f->rlo[i]; f->row_edge[i] < 0 && e < f->rhi[i]; e++)
				if (f->score[e] >= f->lo && f->count[f->col[e]] < f->cap[f->col[e]])
					Seat(f, i, e);
		}
		while (MatchPhase(f, m) > 0)
			core_check_interrupts();
	}
	m->min_class = 0;
	for (i = 0; i < f->nrows; i++)
		if (f->row_edge[i] >= 0)
			weight += f->row_class[i] + 1;
	return weight;
}

/*
 * The most rows f's usable edges can match (Hopcroft-Karp), leaving f's
 * assignment as it found it: empty.
 */
int64_t
MostMatched(Flow *f)
{
	Matcher		m;
	int64_t		K;
	int32_t		i,
				j;

	m.level = core_alloc_array(f->nrows, sizeof(int32_t));
	m.it = core_alloc_array(f->nrows, sizeof(int64_t));
	m.colit = core_alloc_array(f->ncols, sizeof(int32_t));
	m.queue = core_alloc_array(f->nrows, sizeof(int32_t));
	m.stack = core_alloc_array(f->nrows, sizeof(int32_t));
	m.min_class = 0;
	K = MaxMatching(f, &m, NULL);
	for (j = 0; j < f->ncols; j++)
		f->count[j] = 0;
	for (i = 0; i < f->nrows; i++)
		f->row_edge[i] = -1;
	return K;
}

/* Bytes MostMatched asks for: level, it, queue, stack and colit. */
size_t
MostMatchedBytes(size_t nr, size_t nc)
{
	return (nr + 1) * (4 + 8 + 4 + 4) + (nc + 1) * 4;
}

/*
 * Highest threshold t such that edges with score >= t still match K rows
 * (with row classes: still weigh W, see MatchByClass), given in saved a
 * maximum matching of all edges (one that weighs W).
 * Candidates are the scores strictly above the lowest score of a maximum
 * matching (which is feasible) and at most the K-th largest row maximum
 * (each matched row needs an edge >= t); a median search over them, each
 * test warm-started from the last feasible matching.
 */
static double
SearchThreshold(Flow *f, Matcher *m, int64_t K, int64_t W, int64_t *saved,
				double *cand)
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
	for (i = 0; i < f->nrows; i = core_next_row(i))
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
	for (e = 0; e < nedges; e = core_next_edge(e))
		if (f->score[e] > best && f->score[e] <= ub)
			cand[n++] = f->score[e];

	while (n > 0)
	{
		double		t = SelectKth(cand, n, n / 2);
		int64_t		x,
					keep = 0;
		bool		ok;

		f->lo = t;
		ok = MatchByClass(f, m, saved) == W;
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

/*
 * The most rows p's edges can match (returned) and the highest threshold
 * that still matches that many (*threshold; unset when no row can be
 * matched); with row classes, that still matches as many rows of each
 * class or higher as all the edges can (MatchByClass).  start, when not
 * NULL, is such a matching (an edge per row, or -1) to search up from: the
 * search then skips the first maximum
 * matching, and the threshold is above start's lowest score.  buf holds a
 * double per edge, row_edge one entry per row; both are scratch, free again
 * on return.
 */
int64_t
FairThreshold(const AssignProblem *p, double *buf, int64_t *row_edge,
			  const int64_t *start, double *threshold)
{
	Flow		f;
	Matcher		m;
	int64_t		K,
				W;
	int64_t    *saved;
	int32_t		i;

	memset(&f, 0, sizeof(f));
	SetupRows(&f, p, row_edge);
	SetupColumns(&f, p->capacity);
	m.level = core_alloc_array(f.nrows, sizeof(int32_t));
	m.it = core_alloc_array(f.nrows, sizeof(int64_t));
	m.colit = core_alloc_array(f.ncols, sizeof(int32_t));
	m.queue = core_alloc_array(f.nrows, sizeof(int32_t));
	m.stack = core_alloc_array(f.nrows, sizeof(int32_t));
	saved = core_alloc_array(f.nrows, sizeof(int64_t));

	f.lo = -DBL_MAX;
	if (start != NULL)
	{
		for (i = 0; i < f.nrows; i++)
			saved[i] = start[i];
	}
	else
	{
		(void) MatchByClass(&f, &m, NULL);
		for (i = 0; i < f.nrows; i++)
			saved[i] = f.row_edge[i];
	}
	K = 0;
	W = 0;
	for (i = 0; i < f.nrows; i++)
		if (saved[i] >= 0)
		{
			K++;
			W += f.row_class != NULL ? f.row_class[i] + 1 : 1;
		}
	if (K > 0)
		*threshold = SearchThreshold(&f, &m, K, W, saved, buf);
	return K;
}

/*
 * Bytes FairThreshold asks for: its own graph, and level, it, queue,
 * stack, saved per row and colit per column.
 */
size_t
FairScratchBytes(size_t nr, size_t nc, size_t slots)
{
	return GraphScratchBytes(nr, nc, slots) + (nr + 1) * (4 + 8 + 4 + 4 + 8) +
		(nc + 1) * 4;
}
