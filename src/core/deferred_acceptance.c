/*
 * deferred_acceptance.c
 *		Capacitated deferred acceptance (hospitals/residents), plain C (no
 *		PostgreSQL headers; see core.h).
 *
 * Preferences are made strict by breaking ties on the lower id: a mentee
 * ranks its candidate mentors by (row_pref desc, col_id asc), a mentor ranks
 * its candidate mentees by (col_pref desc, row_id asc); the edge index is a
 * last resort so equal ids still give one answer.  Only listed pairs are
 * acceptable.  Deferred acceptance with these strict lists gives the
 * proposing side's optimal stable matching (Gale-Shapley; Roth for
 * capacities).
 *
 * Mentee-proposing: each free mentee proposes down its sorted list; a
 * mentor keeps its best cap proposals in a heap with the worst on top and
 * rejects the rest.  Every edge is proposed at most once: O(E log cap) plus
 * the sorting.
 *
 * Mentor-proposing: each mentor with a free seat proposes to the next
 * mentee on its list; a mentee keeps the best proposal so far, freeing a
 * seat of the mentor it drops.  O(E) plus the sorting.
 */
#include <string.h>

#include "deferred_acceptance.h"

typedef struct SortItem
{
	double		key;			/* preference, higher first */
	int64_t		id;				/* tie-break, lower first */
	int64_t		edge;			/* last resort, lower first */
} SortItem;

/* Does a rank before b? */
static inline bool
Before(const SortItem *a, const SortItem *b)
{
	if (a->key != b->key)
		return a->key > b->key;
	if (a->id != b->id)
		return a->id < b->id;
	return a->edge < b->edge;
}

/* Bottom-up merge sort of a[0..n-1] using tmp[0..n-1]; result in a. */
static void
SortItems(SortItem *a, SortItem *tmp, int64_t n)
{
	SortItem   *src = a,
			   *dst = tmp;
	int64_t		width,
				i;

	/* insertion sort runs of 8 first */
	for (i = 0; i < n; i += 8)
	{
		int64_t		end = i + 8 < n ? i + 8 : n,
					x;

		for (x = i + 1; x < end; x++)
		{
			SortItem	v = a[x];
			int64_t		y = x;

			while (y > i && Before(&v, &a[y - 1]))
			{
				a[y] = a[y - 1];
				y--;
			}
			a[y] = v;
		}
	}
	for (width = 8; width < n; width *= 2)
	{
		for (i = 0; i < n; i += 2 * width)
		{
			int64_t		mid = i + width < n ? i + width : n,
						end = i + 2 * width < n ? i + 2 * width : n,
						l = i,
						r = mid,
						o = i;

			while (l < mid && r < end)
				dst[o++] = Before(&src[r], &src[l]) ? src[r++] : src[l++];
			while (l < mid)
				dst[o++] = src[l++];
			while (r < end)
				dst[o++] = src[r++];
		}
		{
			SortItem   *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != a)
		memcpy(a, src, sizeof(SortItem) * n);
}

/*
 * Sort each group's edges (group g = edges list[start[g] .. start[g+1]-1])
 * by (key desc, id asc).  Rows sort by (row_pref, col_id); with erow (the
 * row of each edge) given, columns sort by (col_pref, row_id).
 */
static void
SortGroups(const StableProblem *p, int32_t ngroups, const int64_t *start,
		   int64_t *list, const int32_t *erow, int64_t maxdeg)
{
	SortItem   *items = core_alloc_array((size_t) maxdeg, sizeof(SortItem));
	SortItem   *tmp = core_alloc_array((size_t) maxdeg, sizeof(SortItem));
	int32_t		g;

	for (g = 0; g < ngroups; g++)
	{
		int64_t		n = start[g + 1] - start[g],
					k;

		if ((g & 1023) == 0)
			core_check_interrupts();
		if (n < 2)
			continue;
		for (k = 0; k < n; k++)
		{
			int64_t		e = list[start[g] + k];

			items[k].edge = e;
			if (erow == NULL)
			{
				items[k].key = p->row_pref[e];
				items[k].id = p->col_id[p->col[e]];
			}
			else
			{
				items[k].key = p->col_pref[e];
				items[k].id = p->row_id[erow[e]];
			}
		}
		SortItems(items, tmp, n);
		for (k = 0; k < n; k++)
			list[start[g] + k] = items[k].edge;
	}
}

/* ---------------------------------------------------------------------
 * Mentee-proposing
 * ---------------------------------------------------------------------
 */

/* A proposal a mentor holds: the edge and the mentee (row) it is from. */
typedef struct Held
{
	int64_t		edge;
	int32_t		row;
} Held;

/* Is proposal a worse than proposal b for their common mentor? */
static inline bool
MentorPrefersB(const StableProblem *p, Held a, Held b)
{
	if (p->col_pref[a.edge] != p->col_pref[b.edge])
		return p->col_pref[b.edge] > p->col_pref[a.edge];
	if (p->row_id[a.row] != p->row_id[b.row])
		return p->row_id[b.row] < p->row_id[a.row];
	return b.edge < a.edge;
}

/* Per-mentor heap of held proposals, worst on top. */
#define HEAP_PREFIX		HeldHeap
#define HEAP_ELEMENT	Held
#define HEAP_ARG		const StableProblem *
#define HEAP_FIRST(p, a, b)	MentorPrefersB(p, a, b)
#include "heap.h"

static void
MenteeProposing(const StableProblem *p, int64_t *row_edge)
{
	int32_t		nr = p->nrows,
				nc = p->ncols,
				i,
				j,
				nfree = 0;
	int64_t		nedges = p->row_start[nr],
				e,
				maxdeg = 0,
				total = 0;
	int64_t    *order = core_alloc_array((size_t) nedges, sizeof(int64_t));
	int64_t    *next = core_alloc_array(nr, sizeof(int64_t));
	int32_t    *freelist = core_alloc_array(nr, sizeof(int32_t));
	int64_t    *base = core_alloc_array((size_t) nc + 1, sizeof(int64_t));
	int32_t    *count = core_alloc_array(nc, sizeof(int32_t));
	int32_t    *cap = core_alloc_array(nc, sizeof(int32_t));
	Held	   *heap;

	for (e = 0; e < nedges; e = core_next_edge(e))
		order[e] = e;
	for (i = 0; i < nr; i++)
	{
		int64_t		deg = p->row_start[i + 1] - p->row_start[i];

		if (deg > maxdeg)
			maxdeg = deg;
		next[i] = p->row_start[i];
		freelist[nfree++] = nr - 1 - i;		/* pop order: row 0 first */
	}
	SortGroups(p, nr, p->row_start, order, NULL, maxdeg);

	/*
	 * heap space: min(capacity, in-degree) per mentor, as a mentor never
	 * holds more proposals than it has candidates
	 */
	memset(cap, 0, sizeof(int32_t) * nc);
	for (e = 0; e < nedges; e = core_next_edge(e))
		cap[p->col[e]]++;
	for (j = 0; j < nc; j++)
	{
		int32_t		c = p->capacity[j] > 0 ? p->capacity[j] : 0;

		if (c < cap[j])
			cap[j] = c;
		base[j] = total;
		total += cap[j];
		count[j] = 0;
	}
	base[nc] = total;
	heap = core_alloc_array((size_t) total, sizeof(Held));

	while (nfree > 0)
	{
		i = freelist[--nfree];
		row_edge[i] = -1;
		if ((nfree & 1023) == 0)
			core_check_interrupts();
		while (next[i] < p->row_start[i + 1])
		{
			Held	   *h;
			Held		offer;

			e = order[next[i]++];
			j = p->col[e];
			if (cap[j] == 0)
				continue;
			h = heap + base[j];
			offer.edge = e;
			offer.row = i;
			if (count[j] < cap[j])
			{
				HeldHeap_sift_up(p, h, count[j], offer);
				count[j]++;
				row_edge[i] = e;
				break;
			}
			if (MentorPrefersB(p, h[0], offer))
			{
				/* displace the worst held proposal */
				int32_t		loser = h[0].row;

				HeldHeap_sift_down(p, h, count[j], 0, offer);
				row_edge[i] = e;
				row_edge[loser] = -1;
				freelist[nfree++] = loser;
				break;
			}
		}
	}
}

/* ---------------------------------------------------------------------
 * Mentor-proposing
 * ---------------------------------------------------------------------
 */

/* Does mentee i prefer edge b (mentor cb) over edge a (mentor ca)? */
static inline bool
MenteePrefersB(const StableProblem *p, int64_t a, int64_t b)
{
	if (p->row_pref[a] != p->row_pref[b])
		return p->row_pref[b] > p->row_pref[a];
	if (p->col_id[p->col[a]] != p->col_id[p->col[b]])
		return p->col_id[p->col[b]] < p->col_id[p->col[a]];
	return b < a;
}

static void
MentorProposing(const StableProblem *p, int64_t *row_edge)
{
	int32_t		nr = p->nrows,
				nc = p->ncols,
				i,
				j,
				nqueue = 0;
	int64_t		nedges = p->row_start[nr],
				e,
				maxdeg = 0;
	int64_t    *cstart = core_alloc_array((size_t) nc + 1, sizeof(int64_t));
	int64_t    *clist = core_alloc_array((size_t) nedges, sizeof(int64_t));
	int64_t    *next = core_alloc_array(nc, sizeof(int64_t));
	int32_t    *count = core_alloc_array(nc, sizeof(int32_t));
	int32_t    *queue = core_alloc_array(nc, sizeof(int32_t));
	int32_t    *erow = core_alloc_array((size_t) nedges, sizeof(int32_t));

	/* group edges by column (counting sort), remembering each edge's row */
	memset(cstart, 0, sizeof(int64_t) * ((size_t) nc + 1));
	for (e = 0; e < nedges; e = core_next_edge(e))
		cstart[p->col[e] + 1]++;
	for (j = 0; j < nc; j++)
	{
		if (cstart[j + 1] > maxdeg)
			maxdeg = cstart[j + 1];
		cstart[j + 1] += cstart[j];
	}
	for (j = 0; j < nc; j++)
		next[j] = cstart[j];
	for (i = 0; i < nr; i++)
	{
		for (e = p->row_start[i]; e < p->row_start[i + 1]; e++)
		{
			clist[next[p->col[e]]++] = e;
			erow[e] = i;
		}
		row_edge[i] = -1;
	}
	SortGroups(p, nc, cstart, clist, erow, maxdeg);

	for (j = nc - 1; j >= 0; j--)
	{
		next[j] = cstart[j];
		count[j] = 0;
		if (p->capacity[j] > 0 && cstart[j] < cstart[j + 1])
			queue[nqueue++] = j;	/* pop order: column 0 first */
	}

	/*
	 * A column is in the queue iff it has a free seat and list left; a
	 * column leaves the queue when it fills or runs out, and comes back
	 * when a mentee drops it.
	 */
	while (nqueue > 0)
	{
		j = queue[--nqueue];
		if ((nqueue & 1023) == 0)
			core_check_interrupts();
		while (count[j] < p->capacity[j] && next[j] < cstart[j + 1])
		{
			int64_t		held;

			e = clist[next[j]++];
			i = erow[e];
			held = row_edge[i];
			if (held < 0)
			{
				row_edge[i] = e;
				count[j]++;
			}
			else if (MenteePrefersB(p, held, e))
			{
				int32_t		dropped = p->col[held];

				row_edge[i] = e;
				count[j]++;
				count[dropped]--;
				/* dropped had been full or out of list: not in the queue */
				if (next[dropped] < cstart[dropped + 1] &&
					count[dropped] == p->capacity[dropped] - 1)
					queue[nqueue++] = dropped;
			}
		}
	}
}

void
stable_solve(const StableProblem *p, bool mentee_optimal, int64_t *row_edge)
{
	int32_t		i;

	for (i = 0; i < p->nrows; i++)
		row_edge[i] = -1;
	if (p->nrows == 0 || p->ncols == 0)
		return;
	if (mentee_optimal)
		MenteeProposing(p, row_edge);
	else
		MentorProposing(p, row_edge);
}

/*
 * The bytes of either proposing side, with heap slots (mentee-proposing)
 * at most slots: order, next, freelist, base, count, cap, the heap and the
 * sort buffers; or cstart, clist, next, count, queue, erow and the sort
 * buffers.
 */
static size_t
StableBytes(size_t nrows, size_t ncols, size_t nedges, size_t slots)
{
	size_t		nr = nrows + 1,
				nc = ncols + 1,
				ne = nedges + 1,
				mentee,
				mentor;

	mentee = ne * sizeof(int64_t) + nr * (sizeof(int64_t) + sizeof(int32_t)) +
		nc * (sizeof(int64_t) + 2 * sizeof(int32_t)) +
		2 * ne * sizeof(SortItem) + (slots + 1) * sizeof(Held);
	mentor = nc * (2 * sizeof(int64_t) + 2 * sizeof(int32_t)) +
		ne * (sizeof(int64_t) + sizeof(int32_t)) + 2 * ne * sizeof(SortItem);
	return (mentee > mentor ? mentee : mentor) + 64 * 16;
}

size_t
stable_scratch_bytes(const StableProblem *p)
{
	size_t		nedges,
				slots = 0;
	int32_t		j;

	if (p->nrows == 0 || p->ncols == 0)
		return 0;
	nedges = (size_t) p->row_start[p->nrows];
	/* heap slots: the sum of min(capacity, in-degree) <= both sums below */
	for (j = 0; j < p->ncols; j++)
	{
		int32_t		c = p->capacity[j] > 0 ? p->capacity[j] : 0;

		slots += (size_t) (c < p->nrows ? c : p->nrows);
	}
	return StableBytes(p->nrows, p->ncols, nedges,
					   slots < nedges ? slots : nedges);
}

size_t
stable_scratch_bound(int32_t nrows, int32_t ncols, int64_t nedges)
{
	if (nrows == 0 || ncols == 0)
		return 0;
	return StableBytes(nrows, ncols, nedges, nedges);
}
