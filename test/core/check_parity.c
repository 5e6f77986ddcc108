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

/* What the solve reserved beyond its promise, and the certificates' work. */
static size_t reserved;
static int64_t n_kept,
			n_added;

static void
Reserve(void *memory, size_t bytes)
{
	*(size_t *) memory += bytes;
}

/*
 * One random instance: groups, kept rows, each row's best 1 to 3 pairs or
 * the default to start from, then the two answers compared.
 */
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
	int			keep = RandInt(0, 3);	/* 0: the default, else 1 to 3 */

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
	p.keep = keep;
	p.reserve = Reserve;
	p.memory = &reserved;

	core_host_reset();
	reserved = 0;
	ok = parity_solve(&p, row_edge, &res);
	promised = parity_scratch_bytes(&p);
	Check(ok, "parity: the solve failed (%d x %d)", nrows, ncols);
	Check(core_alloc_peak <= promised + reserved,
		  "parity: allocated %zu at once > promised %zu + reserved %zu",
		  core_alloc_peak, promised, reserved);
	Check(promised <= parity_scratch_bound(nrows, ncols, in.row_start[nrows], ngroups),
		  "parity: promised %zu > the bound", promised);
	if (keep > 0)
	{
		n_kept += res.kept;
		n_added += res.added;
	}
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

/*
 * Medium instances: starting from each row's best pair or two, against
 * starting from every pair (no certificate needed), the same lowest rate,
 * rows and total.
 */
static void
CheckParityMedium(void)
{
	Inst		in;
	ParityProblem p;
	ParityResult res;
	ParityObj	o[2];
	Obj			obj;
	int32_t		nrows = RandInt(20, 80),
				ncols = RandInt(3, 20),
				ngroups = RandInt(2, 5),
				i,
				g,
				way;
	int32_t    *row_group = Xalloc(sizeof(int32_t) * (nrows + 1));
	int64_t    *size = Xalloc(sizeof(int64_t) * (ngroups + 1));
	int64_t    *fixed = Xalloc(sizeof(int64_t) * (ngroups + 1));
	int64_t    *row_edge = Xalloc(sizeof(int64_t) * (nrows + 1));
	int64_t    *matched = Xalloc(sizeof(int64_t) * (ngroups + 1));

	MakeInst(&in, nrows, ncols, 0.3 + 0.7 * RandUnit(), RandInt(1, 4), RandInt(0, 2), 1.0);
	for (i = 0; i < nrows; i++)
	{
		/* groups of unequal luck: the first rows' group is the smallest */
		row_group[i] = i < ngroups ? i : RandInt(0, ngroups - 1);
		size[row_group[i]]++;
	}
	p.assign = AsAssign(&in);
	p.ngroups = ngroups;
	p.row_group = row_group;
	p.group_size = size;
	p.group_fixed = fixed;
	p.reserve = NULL;
	p.memory = NULL;
	for (way = 0; way < 2; way++)
	{
		p.keep = way == 0 ? RandInt(1, 2) : ncols;
		core_host_reset();
		Check(parity_solve(&p, row_edge, &res), "parity medium: the solve failed");
		ValidAssignment(&p.assign, row_edge, &obj, "parity medium");
		for (g = 0; g < ngroups; g++)
			matched[g] = 0;
		for (i = 0; i < nrows; i++)
			if (row_edge[i] >= 0)
				matched[row_group[i]]++;
		LowestRate(&p, matched, &o[way]);
		o[way].card = obj.card;
		o[way].total = obj.total;
		if (way == 0)
		{
			n_kept += res.kept;
			n_added += res.added;
		}
	}
	Check(CompareObj(&o[0], &o[1], Tolerance(&in)) == 0,
		  "parity medium %d x %d: from a few pairs %lld/%lld, %lld rows, %.17g; "
		  "from every pair %lld/%lld, %lld rows, %.17g", nrows, ncols,
		  (long long) o[0].num, (long long) o[0].den, (long long) o[0].card, o[0].total,
		  (long long) o[1].num, (long long) o[1].den, (long long) o[1].card, o[1].total);
	core_host_reset();
	free(row_group);
	free(size);
	free(fixed);
	free(row_edge);
	free(matched);
	FreeInst(&in);
}

void
CheckParity(int reps)
{
	int			r;

	n_kept = n_added = 0;
	for (r = 0; r < reps; r++)
		CheckParityOne(RandInt(0, 7), RandInt(0, 4));
	printf("parity_solve: starting from 1 to 3 pairs a row, %lld pairs kept, "
		   "%lld brought back by the certificates\n", (long long) n_kept, (long long) n_added);
	n_kept = n_added = 0;
	for (r = 0; r < reps / 10; r++)
		CheckParityMedium();
	printf("parity_solve from 1 or 2 pairs a row vs from every pair: %d instances "
		   "up to 80 x 20, %lld pairs kept, %lld brought back\n", reps / 10,
		   (long long) n_kept, (long long) n_added);
}
