/*
 * circles_start.c
 *		Where the search of circles starts (see circles.h): each person's
 *		list of best partners, the greedy construction, and pairs first,
 *		grouped afterwards.
 */
#include <stdlib.h>
#include <string.h>

#include "circles.h"
#include "circles_internal.h"
#include "core.h"

/* The lists are built a tile of this many people at a time. */
#define LIST_TILE			16

/* The construction looks this far for a person when no list helps. */
#define FALLBACK_SCAN		64

/* A person and how hard it is to place. */
typedef struct Hard
{
	int32_t		count;			/* partners listed */
	int32_t		who;
	double		listed;			/* the fit of its best width - 1 */
} Hard;

/* An edge of the lists: a pair listed by either. */
typedef struct ListEdge
{
	double		fit;
	int32_t		a;
	int32_t		b;
} ListEdge;

/*
 * What the lists and the starts allocate: the lists, the order of the
 * construction, the edges, partners and units of pairs first.
 */
size_t
circle_start_bytes(int32_t n, int32_t len)
{
	size_t		nl = (size_t) n * len;

	return (size_t) n * sizeof(int32_t) + nl * sizeof(CircleMate) +
		(size_t) n * sizeof(double) +
		(size_t) n * (sizeof(int32_t) + sizeof(Hard)) +
		nl * sizeof(ListEdge) + 2 * (size_t) n * sizeof(int32_t);
}

#define HEAP_PREFIX		WorstFirst
#define HEAP_ELEMENT	CircleMate
#define HEAP_ARG		void *
#define HEAP_FIRST(arg, x, y)	((void) (arg), circle_mate_before((y).fit, (y).who, (x).fit, (x).who))
#include "heap.h"

static int
CompareMates(const void *x, const void *y)
{
	const CircleMate *a = x,
			   *b = y;

	return circle_mate_before(a->fit, a->who, b->fit, b->who) ? -1 :
		circle_mate_before(b->fit, b->who, a->fit, a->who) ? 1 : 0;
}

/* Whether mate (f, q) would enter p's list as it stands. */
static inline bool
ListWants(const CircleLists *l, int32_t p, double f, int32_t q)
{
	const CircleMate *root = &l->mate[(size_t) p * l->len];

	return l->count[p] < l->len || circle_mate_before(f, q, root->fit, root->who);
}

static inline void
ListPut(CircleLists *l, int32_t p, double f, int32_t q)
{
	CircleMate *heap = &l->mate[(size_t) p * l->len];
	CircleMate	m;
	int64_t		count = l->count[p];

	m.fit = f;
	m.who = q;
	if (count < l->len)
		WorstFirst_push(NULL, heap, &count, m);
	else
		WorstFirst_sift_down(NULL, heap, count, 0, m);
	l->count[p] = (int32_t) count;
}

/*
 * Every pair's fit once; each person keeps its best allowed partners (the
 * rule asked only of a pair that would enter a list).
 */
void
circle_build_lists(Search *s)
{
	CircleLists *l = &s->l;
	const CircleProblem *p = s->p;
	int32_t		n = s->n,
				first,
				a,
				b;

	l->n = n;
	l->len = circle_list_len(n, &s->s);
	l->count = core_alloc_array(n, sizeof(int32_t));
	l->mate = core_alloc_array((size_t) n * l->len, sizeof(CircleMate));
	l->floor = core_alloc_array(n, sizeof(double));
	memset(l->count, 0, sizeof(int32_t) * n);
	/* a tile of people against everyone after them: each b read once a tile */
	for (first = 0; first < n; first += LIST_TILE)
	{
		int32_t		last = first + LIST_TILE < n ? first + LIST_TILE : n;

		core_check_interrupts();
		for (b = first + 1; b < n; b++)
			for (a = first; a < last && a < b; a++)
			{
				double		f = p->fit(p->arg, a, b);
				bool		for_a = ListWants(l, a, f, b),
							for_b = ListWants(l, b, f, a);

				if ((!for_a && !for_b) ||
					(p->allowed != NULL && !p->allowed(p->arg, a, b)))
					continue;
				if (for_a)
					ListPut(l, a, f, b);
				if (for_b)
					ListPut(l, b, f, a);
			}
	}
	for (a = 0; a < n; a++)
	{
		CircleMate *list = &l->mate[(size_t) a * l->len];

		qsort(list, l->count[a], sizeof(CircleMate), CompareMates);
		l->floor[a] = l->count[a] == l->len ? list[l->len - 1].fit : 0.0;
	}
}

/* ---------------------------------------------------------------------
 * The starts
 * ---------------------------------------------------------------------
 */
static int
CompareHard(const void *x, const void *y)
{
	const Hard *a = x,
			   *b = y;

	if (a->count != b->count)
		return a->count < b->count ? -1 : 1;
	if (a->listed != b->listed)
		return a->listed < b->listed ? -1 : 1;
	return a->who < b->who ? -1 : a->who > b->who;
}

/* People, the hardest to place first: fewest partners, then least fit. */
static int32_t *
HardestFirst(Search *s)
{
	int32_t		n = s->n,
				a,
				i;
	int32_t    *order = core_alloc_array(n, sizeof(int32_t));
	Hard	   *h = core_alloc_array(n, sizeof(Hard));

	for (a = 0; a < n; a++)
	{
		h[a].count = s->l.count[a];
		h[a].who = a;
		h[a].listed = 0.0;
		for (i = 0; i < s->l.count[a] && i < s->width - 1; i++)
			h[a].listed += s->l.mate[(size_t) a * s->l.len + i].fit;
	}
	qsort(h, n, sizeof(Hard), CompareHard);
	for (a = 0; a < n; a++)
		order[a] = h[a].who;
	return order;
}

/* The size circle c is built to. */
static inline int32_t
Target(const Search *s, int32_t c)
{
	return s->s.small + (c < s->s.nlarge ? 1 : 0);
}

/* Puts a into circle c as the circles are built (member and size only). */
static inline void
Place(Search *s, int32_t *out, bool *taken, int32_t a, int32_t c)
{
	s->member[(size_t) c * s->width + s->size[c]++] = a;
	out[a] = c;
	taken[a] = true;
}

/*
 * Whether person x, evaluated against circle c, beats the best so far
 * (*best, with *best_bad and *best_fit): fewer bad pairs, then more fit,
 * then the lower index.
 */
static inline void
Consider(Search *s, int32_t x, int32_t c, int32_t *best, int32_t *best_bad,
		 double *best_fit)
{
	int32_t		bad;
	double		fit = circle_against(s, x, c, -1, &bad);

	if (*best < 0 || bad < *best_bad ||
		(bad == *best_bad && (fit > *best_fit || (fit == *best_fit && x < *best))))
	{
		*best = x;
		*best_bad = bad;
		*best_fit = fit;
	}
}

/*
 * The greedy start: each circle is opened by the hardest person left and
 * takes, one at a time, the person adding the most fit among its members'
 * list partners (else among the next FALLBACK_SCAN people left, hardest
 * first).
 */
void
circle_construct(Search *s, int32_t *out, bool *taken, int32_t *mark)
{
	int32_t    *order = HardestFirst(s);
	int32_t		next = 0,
				stamp = 0,
				c,
				i,
				j;

	memset(taken, 0, sizeof(bool) * s->n);
	memset(mark, 0, sizeof(int32_t) * s->n);
	memset(s->size, 0, sizeof(int32_t) * s->s.ncircles);
	for (c = 0; c < s->s.ncircles; c = core_next_row(c))
	{
		while (taken[order[next]])
			next++;
		Place(s, out, taken, order[next], c);
		while (s->size[c] < Target(s, c))
		{
			int32_t		best = -1,
						best_bad = 0;
			double		best_fit = 0.0;

			core_check_interrupts();	/* a place costs a look at q lists */
			stamp++;
			for (i = 0; i < s->size[c]; i++)
			{
				int32_t		m = s->member[(size_t) c * s->width + i];

				for (j = 0; j < s->l.count[m]; j++)
				{
					int32_t		x = s->l.mate[(size_t) m * s->l.len + j].who;

					if (taken[x] || mark[x] == stamp)
						continue;
					mark[x] = stamp;
					Consider(s, x, c, &best, &best_bad, &best_fit);
				}
			}
			for (i = next, j = 0; best < 0 && i < s->n && j < FALLBACK_SCAN; i++)
				if (!taken[order[i]])
				{
					j++;
					Consider(s, order[i], c, &best, &best_bad, &best_fit);
				}
			Place(s, out, taken, best, c);
		}
	}
}

static int
CompareEdges(const void *x, const void *y)
{
	const ListEdge *e = x,
			   *f = y;

	if (e->fit != f->fit)
		return e->fit > f->fit ? -1 : 1;
	if (e->a != f->a)
		return e->a < f->a ? -1 : 1;
	return e->b < f->b ? -1 : e->b > f->b;
}

/* A unit's first member not yet placed (its first, else its partner), or -1. */
static inline int32_t
UnitLeft(int32_t first, const int32_t *partner, const bool *taken)
{
	if (!taken[first])
		return first;
	if (partner[first] >= 0 && !taken[partner[first]])
		return partner[first];
	return -1;
}

/*
 * The baseline, as programmes group peers by hand: pairs first (each the
 * best pair left, greedily), then circles of whole pairs, each opened by
 * the best pair left and taking the pair (or, for one seat, the person
 * left alone) adding the most fit among its members' list partners; a
 * pair is split only when one seat is left and no one is alone.
 */
void
circle_pairs_first(Search *s, int32_t *out, bool *taken, int32_t *mark)
{
	int32_t		n = s->n,
				len = s->l.len,
				nunits = 0,
				next = 0,
				stamp = 0,
				a,
				i,
				j,
				c;
	int64_t		m = 0,
				e;
	ListEdge   *edges = core_alloc_array((size_t) n * len, sizeof(ListEdge));
	int32_t    *partner = core_alloc_array(n, sizeof(int32_t));
	int32_t    *unit = core_alloc_array(n, sizeof(int32_t));	/* first member */

	/* the pairs, greedily by fit */
	for (a = 0; a < n; a++)
	{
		partner[a] = -1;
		for (i = 0; i < s->l.count[a]; i++)
		{
			const CircleMate *x = &s->l.mate[(size_t) a * len + i];

			if (a < x->who || !circle_listed(&s->l, x->who, a, x->fit))
			{
				edges[m].fit = x->fit;
				edges[m].a = a < x->who ? a : x->who;
				edges[m].b = a < x->who ? x->who : a;
				m++;
			}
		}
	}
	qsort(edges, m, sizeof(ListEdge), CompareEdges);
	for (e = 0; e < m; e = core_next_edge(e))
		if (partner[edges[e].a] < 0 && partner[edges[e].b] < 0)
		{
			partner[edges[e].a] = edges[e].b;
			partner[edges[e].b] = edges[e].a;
			unit[nunits++] = edges[e].a;
		}
	for (a = 0; a < n; a++)
		if (partner[a] < 0)
			unit[nunits++] = a;

	/* the circles, of whole pairs where they fit */
	memset(taken, 0, sizeof(bool) * n);
	memset(mark, 0, sizeof(int32_t) * n);
	memset(s->size, 0, sizeof(int32_t) * s->s.ncircles);
	for (c = 0; c < s->s.ncircles; c = core_next_row(c))
	{
		while (UnitLeft(unit[next], partner, taken) < 0)
			next++;
		a = UnitLeft(unit[next], partner, taken);
		Place(s, out, taken, a, c);
		if (partner[a] >= 0 && !taken[partner[a]])
			Place(s, out, taken, partner[a], c);
		while (s->size[c] < Target(s, c))
		{
			int32_t		room = Target(s, c) - s->size[c],
						best = -1,
						best_bad = 0,
						split = -1,
						split_bad = 0;
			double		best_fit = 0.0,
						split_fit = 0.0;

			core_check_interrupts();	/* a place costs a look at q lists */
			stamp++;
			for (i = 0; i < s->size[c]; i++)
			{
				int32_t		x0 = s->member[(size_t) c * s->width + i];

				for (j = 0; j < s->l.count[x0]; j++)
				{
					int32_t		x = s->l.mate[(size_t) x0 * len + j].who,
								y,
								bad,
								bad_y;
					double		fit;

					if (taken[x] || mark[x] == stamp)
						continue;
					y = partner[x] >= 0 && !taken[partner[x]] ? partner[x] : -1;
					mark[x] = stamp;
					if (y >= 0 && room == 1)
					{
						Consider(s, x, c, &split, &split_bad, &split_fit);
						continue;
					}
					if (y >= 0)
						mark[y] = stamp;
					fit = circle_against(s, x, c, -1, &bad);
					if (y >= 0)
					{
						bool		ok;

						fit += circle_against(s, y, c, -1, &bad_y) + PairFit(s, x, y, &ok);
						bad += bad_y + !ok;
						x = x < y ? x : y;	/* the pair by its first */
					}
					if (best < 0 || bad < best_bad ||
						(bad == best_bad && (fit > best_fit || (fit == best_fit && x < best))))
					{
						best = x;
						best_bad = bad;
						best_fit = fit;
					}
				}
			}
			if (best < 0)
				best = split;
			/* none from the lists: the next unit left that fits, else a split */
			for (i = next; best < 0 && i < nunits; i++)
			{
				int32_t		x = UnitLeft(unit[i], partner, taken),
							y = x >= 0 ? partner[x] : -1;

				if (x >= 0 && (room >= 2 || y < 0 || taken[y]))
					best = x;
			}
			for (i = next; best < 0 && i < nunits; i++)
				best = UnitLeft(unit[i], partner, taken);
			Place(s, out, taken, best, c);
			if (room >= 2 && partner[best] >= 0 && !taken[partner[best]])
				Place(s, out, taken, partner[best], c);
		}
	}
}

