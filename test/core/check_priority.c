/*
 * check_priority.c
 *		assign_solve with row classes (AssignProblem.row_class) against brute
 *		force on small instances and against a seat-duplicated Hungarian
 *		method with the classes as exact integer bonuses on medium ones; the
 *		pruned solve with classes is checked in check_flow_pruned.c.
 *
 * The contract: COVERAGE and FAIR match as many rows of the highest class
 * as can be, then of the next (with those), and so on to class 0, then
 * (FAIR) the highest lowest score, then the highest total; TOTAL does so
 * for the classes above 0, then the highest total.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"

#define NCLASSES 3

/* An assignment's measures, with its matched rows counted by class. */
typedef struct ClassObj
{
	Obj			o;
	int64_t		count[NCLASSES];
} ClassObj;

typedef struct ClassBrute
{
	const Inst *in;
	int32_t    *used;
	ClassObj	cur;
	ClassObj	best[3];
	bool		have[3];
} ClassBrute;

/* Whether a beats b for objective o, classes first (see the top). */
static bool
ClassBetter(const ClassObj *a, const ClassObj *b, AssignObjective o)
{
	int			c;

	for (c = NCLASSES - 1; c >= (o == ASSIGN_TOTAL ? 1 : 0); c--)
		if (a->count[c] != b->count[c])
			return a->count[c] > b->count[c];
	if (o == ASSIGN_FAIR && a->o.min != b->o.min)
		return a->o.min > b->o.min;
	return a->o.total > b->o.total;
}

static void
ClassBruteRec(ClassBrute *b, int32_t i)
{
	const Inst *in = b->in;
	int64_t		e;
	int			k;

	if (i == in->nrows)
	{
		for (k = 0; k < 3; k++)
			if (!b->have[k] || ClassBetter(&b->cur, &b->best[k], (AssignObjective) k))
			{
				b->best[k] = b->cur;
				b->have[k] = true;
			}
		return;
	}
	ClassBruteRec(b, i + 1);
	for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
	{
		int32_t		j = in->col[e];
		ClassObj	saved = b->cur;

		if (b->used[j] >= in->capacity[j])
			continue;
		b->used[j]++;
		b->cur.o.card++;
		b->cur.count[in->row_class[i]]++;
		b->cur.o.total += in->score[e];
		if (in->score[e] < b->cur.o.min)
			b->cur.o.min = in->score[e];
		ClassBruteRec(b, i + 1);
		b->cur = saved;
		b->used[j]--;
	}
}

/* The counts by class of row_edge's matched rows. */
static void
CountClasses(const Inst *in, const int64_t *row_edge, int64_t *count)
{
	int32_t		i;

	memset(count, 0, sizeof(int64_t) * NCLASSES);
	for (i = 0; i < in->nrows; i++)
		if (row_edge[i] >= 0)
			count[in->row_class[i]]++;
}

static void
RandomClasses(Inst *in, int nclasses)
{
	int32_t		i;

	in->row_class = Xalloc(sizeof(int32_t) * (in->nrows + 1));
	for (i = 0; i < in->nrows; i++)
		in->row_class[i] = RandInt(0, nclasses - 1);
}

/*
 * TOTAL never gains from a pair scoring 0 or less, so the brute force of
 * TOTAL runs on the instance without them.
 */
static void
PositiveOnly(const Inst *in, Inst *out)
{
	int64_t		e,
				n = 0;
	int32_t		i;

	*out = *in;
	out->row_start = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	out->col = Xalloc(sizeof(int32_t) * (in->row_start[in->nrows] + 1));
	out->score = Xalloc(sizeof(double) * (in->row_start[in->nrows] + 1));
	for (i = 0; i < in->nrows; i++)
	{
		out->row_start[i] = n;
		for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
			if (in->score[e] > 0.0)
			{
				out->col[n] = in->col[e];
				out->score[n++] = in->score[e];
			}
	}
	out->row_start[in->nrows] = n;
}

static void
CheckClassBruteOne(const Inst *in, const char *label)
{
	AssignProblem p = AsAssign(in);
	int64_t    *row_edge = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	double		tol = Tolerance(in);
	Inst		pos;
	int			k;

	PositiveOnly(in, &pos);
	for (k = 0; k < 3; k++)
	{
		ClassBrute b;
		ClassObj	got;
		const ClassObj *want;
		bool		ok;
		int			c;

		memset(&b, 0, sizeof(b));
		b.in = k == ASSIGN_TOTAL ? &pos : in;
		b.used = Xalloc(sizeof(int32_t) * (in->ncols + 1));
		b.cur.o.min = INFINITY;
		ClassBruteRec(&b, 0);
		want = &b.best[k];

		SolveSmall(in, (AssignObjective) k, row_edge, label);
		free(b.used);
		if (!ValidAssignment(&p, row_edge, &got.o, label))
			continue;
		CountClasses(in, row_edge, got.count);
		ok = Near(got.o.total, want->o.total, tol);
		for (c = k == ASSIGN_TOTAL ? 1 : 0; c < NCLASSES; c++)
			ok = ok && got.count[c] == want->count[c];
		if (k == ASSIGN_FAIR && want->o.card > 0)
			ok = ok && got.o.min == want->o.min;
		Check(ok, "%s obj %d (%dx%d): got classes %lld %lld %lld min %.17g "
			  "total %.17g, want classes %lld %lld %lld min %.17g total %.17g",
			  label, k, in->nrows, in->ncols, (long long) got.count[2],
			  (long long) got.count[1], (long long) got.count[0], got.o.min,
			  got.o.total, (long long) want->count[2],
			  (long long) want->count[1], (long long) want->count[0],
			  want->o.min, want->o.total);
	}
	free(pos.row_start);
	free(pos.col);
	free(pos.score);
	free(row_edge);
}

/*
 * By hand: a lower class's row must not take a seat a higher one needs:
 * row 0 (class 0) lists only column 1; row 1 (class 1) columns 0 and 1;
 * row 2 (class 1) only column 0; one seat each.  Rows 1 and 2 must be
 * matched, row 0 left out.
 */
static void
CheckClassOrder(void)
{
	static const int64_t rs[4] = {0, 1, 3, 4};
	static const int32_t cl[4] = {1, 0, 1, 0};
	static const int32_t cap[2] = {1, 1};
	static const int32_t rc[3] = {0, 1, 1};
	double		sc[4] = {1.0, 1.0, 1.0, 1.0};
	Inst		in;

	memset(&in, 0, sizeof(in));
	in.nrows = 3;
	in.ncols = 2;
	in.row_start = Xalloc(sizeof(rs));
	in.col = Xalloc(sizeof(cl));
	in.score = Xalloc(sizeof(sc));
	in.capacity = Xalloc(sizeof(cap));
	in.row_class = Xalloc(sizeof(rc));
	memcpy(in.row_start, rs, sizeof(rs));
	memcpy(in.col, cl, sizeof(cl));
	memcpy(in.score, sc, sizeof(sc));
	memcpy(in.capacity, cap, sizeof(cap));
	memcpy(in.row_class, rc, sizeof(rc));
	CheckClassBruteOne(&in, "classes order");
	in.score[0] = 0.5;			/* and with a threshold to search */
	CheckClassBruteOne(&in, "classes order, scores");
	FreeInst(&in);
}

/* assign_solve with classes vs brute force, reps small instances. */
void
CheckClassBrute(int reps)
{
	int			r;

	CheckClassOrder();

	for (r = 0; r < reps; r++)
	{
		Inst		in;
		int			nrows = RandInt(0, 7),
					ncols = RandInt(0, 4),
					style = RandInt(0, 4);

		MakeInst(&in, nrows, ncols, RandUnit(), RandInt(0, 3), style,
				 RandInt(0, 1) ? 1e300 : 1e-300);
		RandomClasses(&in, RandInt(1, NCLASSES));
		CheckClassBruteOne(&in, "classes brute");
		FreeInst(&in);
	}
}

/*
 * The reference on medium instances with integer scores: the classes as
 * bonuses of BONUS per class (more than any change of total), exact in
 * doubles, to the pairs scoring lo or more (TOTAL: above 0 too), solved by
 * SeatDuplicatedOptimum.  Returns the rows, the classes' sum over them
 * (*classes) and the total without the bonuses.
 */
#define BONUS 65536.0

static void
BonusOptimum(const Inst *in, AssignObjective objective, double lo,
			 int64_t *card, int64_t *classes, double *total)
{
	Inst		b = *in;
	int64_t		e,
				n = 0;
	int32_t		i;
	double		t;

	b.row_start = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	b.col = Xalloc(sizeof(int32_t) * (in->row_start[in->nrows] + 1));
	b.score = Xalloc(sizeof(double) * (in->row_start[in->nrows] + 1));
	for (i = 0; i < in->nrows; i++)
	{
		b.row_start[i] = n;
		for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
			if (in->score[e] >= lo &&
				(objective != ASSIGN_TOTAL || in->score[e] > 0.0))
			{
				b.col[n] = in->col[e];
				b.score[n++] = in->score[e] + BONUS * in->row_class[i];
			}
	}
	b.row_start[in->nrows] = n;
	SeatDuplicatedOptimum(&b, objective, -INFINITY, card, &t);
	*classes = (int64_t) floor(t / BONUS + 0.5);
	*total = t - BONUS * (double) *classes;
	free(b.row_start);
	free(b.col);
	free(b.score);
}

/* Sum of the classes of row_edge's matched rows. */
static int64_t
ClassSum(const Inst *in, const int64_t *row_edge)
{
	int64_t		n = 0;
	int32_t		i;

	for (i = 0; i < in->nrows; i++)
		if (row_edge[i] >= 0)
			n += in->row_class[i];
	return n;
}

/*
 * FAIR by the reference: the classes' best (card and class sum, COVERAGE
 * with bonuses), then the highest distinct score t whose pairs at or above
 * still reach it, then COVERAGE's total there.
 */
static void
BonusFair(const Inst *in, int64_t *card, int64_t *classes, double *min,
		  double *total)
{
	int64_t		n,
				k,
				c2,
				s2;
	double	   *t,
				tot;

	BonusOptimum(in, ASSIGN_COVERAGE, -INFINITY, card, classes, total);
	*min = INFINITY;
	if (*card == 0)
		return;
	t = DistinctScores(in, &n);
	for (k = n - 1; k >= 0; k--)
	{
		BonusOptimum(in, ASSIGN_COVERAGE, t[k], &c2, &s2, &tot);
		if (c2 == *card && s2 == *classes)
		{
			*min = t[k];
			*total = tot;
			break;
		}
	}
	free(t);
}

/* assign_solve with classes vs the bonus reference, reps medium instances. */
void
CheckClassMedium(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		Inst		in;
		AssignProblem p;
		int			nrows = RandInt(5, 40),
					ncols = RandInt(1, 12),
					style = RandInt(1, 2),
					k,
					j;
		int64_t    *re = Xalloc(sizeof(int64_t) * nrows);

		MakeInst(&in, nrows, ncols, 0.1 + 0.8 * RandUnit(), RandInt(1, 5),
				 style, 1.0);
		for (j = 0; j < ncols; j++)
			if (in.capacity[j] > nrows)
				in.capacity[j] = nrows;
		RandomClasses(&in, RandInt(2, NCLASSES));
		p = AsAssign(&in);
		for (k = 0; k < 3; k++)
		{
			Obj			got;
			int64_t		card,
						classes;
			double		total,
						min = INFINITY;

			if (k == ASSIGN_FAIR)
				BonusFair(&in, &card, &classes, &min, &total);
			else
				BonusOptimum(&in, (AssignObjective) k, -INFINITY, &card,
							 &classes, &total);
			assign_solve(&p, (AssignObjective) k, re);
			core_host_reset();
			if (!ValidAssignment(&p, re, &got, "classes medium"))
				continue;
			Check(ClassSum(&in, re) == classes && got.total == total &&
				  (k == ASSIGN_TOTAL || got.card == card) &&
				  (k != ASSIGN_FAIR || card == 0 || got.min == min),
				  "classes medium obj %d (%dx%d): got card %lld classes %lld "
				  "min %g total %g, want card %lld classes %lld min %g total %g",
				  k, nrows, ncols, (long long) got.card,
				  (long long) ClassSum(&in, re), got.min, got.total,
				  (long long) card, (long long) classes, min, total);
		}
		free(re);
		FreeInst(&in);
	}
}
