/*
 * check_parity.c
 *		parity_solve against an exhaustive search: on small random instances
 *		with one to three groups (rows kept outside the solve among them),
 *		every assignment within the seats, the highest lowest matched rate,
 *		then the most rows, then the highest total; rates compared as
 *		fractions, exactly.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "host.h"
#include "flow_parity.h"

/* A candidate's lexicographic value: lowest rate, rows, total. */
typedef struct ParityObj
{
	int64_t		num;
	int64_t		den;
	int64_t		card;
	double		total;
} ParityObj;

typedef struct ParityBrute
{
	const Inst *in;
	const ParityProblem *p;
	int32_t    *used;			/* per column */
	int64_t    *matched;		/* per group */
	ParityObj	best;
	bool		have;
	double		tol;
} ParityBrute;

/* The lowest rate of a matching with matched[g] rows per group. */
static void
LowestRate(const ParityProblem *p, const int64_t *matched, ParityObj *o)
{
	int32_t		g;

	o->num = 1;
	o->den = 1;
	for (g = 0; g < p->ngroups; g++)
	{
		int64_t		n = p->group_fixed[g] + matched[g],
					d = p->group_size[g];

		if (g == 0 || n * o->den < o->num * d)
		{
			o->num = n;
			o->den = d;
		}
	}
}

/* > 0: a better than b; ties in the total within tol are ties */
static int
CompareObj(const ParityObj *a, const ParityObj *b, double tol)
{
	int64_t		l = a->num * b->den,
				r = b->num * a->den;

	if (l != r)
		return l > r ? 1 : -1;
	if (a->card != b->card)
		return a->card > b->card ? 1 : -1;
	if (fabs(a->total - b->total) <= tol)
		return 0;
	return a->total > b->total ? 1 : -1;
}

static void
ParityRec(ParityBrute *b, int32_t i, int64_t card, double total)
{
	const Inst *in = b->in;
	int64_t		e;

	if (i == in->nrows)
	{
		ParityObj	o;

		LowestRate(b->p, b->matched, &o);
		o.card = card;
		o.total = total;
		if (!b->have || CompareObj(&o, &b->best, 0.0) > 0)
			b->best = o;
		b->have = true;
		return;
	}
	ParityRec(b, i + 1, card, total);
	if (b->p->row_group[i] < 0)
		return;
	for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
	{
		int32_t		j = in->col[e];

		if (b->used[j] >= in->capacity[j])
			continue;
		b->used[j]++;
		b->matched[b->p->row_group[i]]++;
		ParityRec(b, i + 1, card + 1, total + in->score[e]);
		b->matched[b->p->row_group[i]]--;
		b->used[j]--;
	}
}

/* One random instance: groups, kept rows, then the two answers compared. */
static void
CheckParityOne(int nrows, int ncols)
{
	Inst		in;
	ParityProblem p;
	ParityResult res;
	ParityBrute b;
	ParityObj	got;
	Obj			obj;
	int32_t    *row_group;
	int64_t    *size,
			   *fixed,
			   *row_edge;
	int32_t		ngroups = RandInt(1, 3),
				i,
				g;
	size_t		promised;
	bool		ok;

	MakeInst(&in, nrows, ncols, RandUnit(), RandInt(0, 2), RandInt(0, 2), 1.0);
	row_group = Xalloc(sizeof(int32_t) * (nrows + 1));
	size = Xalloc(sizeof(int64_t) * (ngroups + 1));
	fixed = Xalloc(sizeof(int64_t) * (ngroups + 1));
	row_edge = Xalloc(sizeof(int64_t) * (nrows + 1));
	for (i = 0; i < nrows; i++)
		row_group[i] = RandInt(0, ngroups - 1);
	/* groups no row is in are dropped: every size is >= 1 */
	{
		int32_t    *renumber = Xalloc(sizeof(int32_t) * (ngroups + 1));
		int32_t		used = 0;

		for (i = 0; i < nrows; i++)
			renumber[row_group[i]] = 1;
		for (g = 0; g < ngroups; g++)
			renumber[g] = renumber[g] ? used++ : -1;
		for (i = 0; i < nrows; i++)
			row_group[i] = renumber[row_group[i]];
		ngroups = used;
		free(renumber);
	}
	for (i = 0; i < nrows; i++)
	{
		g = row_group[i];
		size[g]++;
		/* a row without candidates is kept now and then */
		if (in.row_start[i + 1] == in.row_start[i] && RandInt(0, 2) == 0)
		{
			row_group[i] = -1;
			fixed[g]++;
		}
	}
	p.assign = AsAssign(&in);
	p.ngroups = ngroups;
	p.row_group = row_group;
	p.group_size = size;
	p.group_fixed = fixed;

	core_host_reset();
	ok = parity_solve(&p, row_edge, &res);
	promised = parity_scratch_bytes(nrows, ncols, in.row_start[nrows], ngroups);
	Check(ok, "parity: the solve failed (%d x %d)", nrows, ncols);
	Check(core_alloc_peak <= promised, "parity: allocated %zu at once > promised %zu",
		  core_alloc_peak, promised);
	if (ok && ValidAssignment(&p.assign, row_edge, &obj, "parity"))
	{
		int64_t    *matched = Xalloc(sizeof(int64_t) * (ngroups + 1));

		for (i = 0; i < nrows; i++)
		{
			if (row_edge[i] >= 0 && row_group[i] < 0)
				Check(false, "parity: a kept row was matched");
			if (row_edge[i] >= 0 && row_group[i] >= 0)
				matched[row_group[i]]++;
		}
		LowestRate(&p, matched, &got);
		got.card = obj.card;
		got.total = obj.total;

		b.in = &in;
		b.p = &p;
		b.used = Xalloc(sizeof(int32_t) * (ncols + 1));
		b.matched = Xalloc(sizeof(int64_t) * (ngroups + 1));
		b.have = false;
		ParityRec(&b, 0, 0, 0.0);
		Check(CompareObj(&got, &b.best, Tolerance(&in)) == 0,
			  "parity %d x %d, %d groups: rate %lld/%lld, %lld rows, total %.17g; "
			  "brute force %lld/%lld, %lld rows, %.17g", nrows, ncols, ngroups,
			  (long long) got.num, (long long) got.den, (long long) got.card, got.total,
			  (long long) b.best.num, (long long) b.best.den, (long long) b.best.card,
			  b.best.total);
		Check(res.rate_num * got.den == got.num * res.rate_den && res.matched == got.card,
			  "parity: the result's rate %lld/%lld and %lld rows are not the matching's",
			  (long long) res.rate_num, (long long) res.rate_den, (long long) res.matched);
		free(b.used);
		free(b.matched);
		free(matched);
	}
	core_host_reset();
	free(row_group);
	free(size);
	free(fixed);
	free(row_edge);
	FreeInst(&in);
}

void
CheckParity(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
		CheckParityOne(RandInt(0, 7), RandInt(0, 4));
}
