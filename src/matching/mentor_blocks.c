/*
 * mentor_blocks.c
 *		Mentors in blocks of similar ones, and a bound on their scores (see
 *		mentor_blocks.h).
 */
#include "postgres.h"

#include <math.h>

#include "matching/mentor_blocks.h"

Size
ColumnBlocksBytes(int32 ncols)
{
	return add_size(MAXALIGN(mul_size(sizeof(ColumnBlock), Max(ncols, 1))),
					mul_size(MAXALIGN(sizeof(int32) * Max(ncols, 1)), 2));
}

/* What mentor m fills in (BP_*). */
static uint8
Presence(const KernelPerson *m)
{
	return ((m->flags & KP_SKILLS) ? BP_SKILLS : 0) |
		((m->flags & KP_STYLE) ? BP_STYLE : 0) |
		((m->flags & KP_GRADE) ? BP_GRADE : 0) |
		((m->flags & KP_HOURS) ? BP_HOURS : 0) |
		((m->flags & KP_OFFSET) ? BP_OFFSET : 0) |
		(m->count[KS_LANGUAGES] > 0 ? BP_LANGUAGES : 0) |
		(m->count[KS_VALUES] > 0 ? BP_VALUES : 0) |
		(m->count[KS_SUPPORT] >= 0 ? BP_SUPPORT : 0);
}

#define CMP(a, b)	((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

/* Mentors in the order blocks are cut from: presence, skills, grade, hours. */
static int
CompareMentors(const void *a, const void *b, void *arg)
{
	const ScoreKernel *k = arg;
	int32		x = *(const int32 *) a,
				y = *(const int32 *) b;
	const KernelPerson *p = &k->cols[x],
			   *q = &k->cols[y];
	const CompiledSkills *s = &k->mentors[x].skills,
			   *t = &k->mentors[y].skills;
	int			c,
				n,
				d;

	if ((c = CMP(Presence(p), Presence(q))) != 0)
		return c;
	if (p->flags & KP_SKILLS)
	{
		for (n = 0; n < s->count && n < t->count; n++)
		{
			const CompiledSkill *u = &s->skills[n],
					   *v = &t->skills[n];

			for (d = 0; d < u->depth && d < v->depth; d++)
				if ((c = CMP(u->labels[d], v->labels[d])) != 0)
					return c;
			if ((c = CMP(u->depth, v->depth)) != 0 ||
				(c = CMP(u->level, v->level)) != 0)
				return c;
		}
		if ((c = CMP(s->count, t->count)) != 0)
			return c;
	}
	if ((c = CMP(p->grade, q->grade)) != 0 ||
		(c = CMP(p->hours, q->hours)) != 0)
		return c;
	return CMP(x, y);
}

void
ColumnBlocksInit(ColumnBlocks *b, const ScoreKernel *k, int32 ncols,
				 const int32 *capacity, int32 min_cols, void *memory)
{
	char	   *p = memory;
	int32		n = 0,
				j,
				x;

	b->block = (ColumnBlock *) p;
	p += MAXALIGN(sizeof(ColumnBlock) * Max(ncols, 1));
	b->cols = (int32 *) p;
	p += MAXALIGN(sizeof(int32) * Max(ncols, 1));
	b->block_of = (int32 *) p;
	b->nblocks = 0;
	for (j = 0; j < ncols; j++)
	{
		b->block_of[j] = -1;
		if (capacity[j] > 0)
			b->cols[n++] = j;
	}
	if (n < min_cols)
		return;
	qsort_arg(b->cols, n, sizeof(int32), CompareMentors, (void *) k);
	for (x = 0; x < n; x++)
	{
		const KernelPerson *m = &k->cols[b->cols[x]];
		uint8		presence = Presence(m);
		ColumnBlock *blk = b->nblocks > 0 ? &b->block[b->nblocks - 1] : NULL;
		int			s;

		if (blk == NULL || blk->presence != presence ||
			blk->end - blk->start == BLOCK_COLS)
		{
			blk = &b->block[b->nblocks++];
			memset(blk, 0, sizeof(*blk));
			blk->start = blk->end = x;
			blk->presence = presence;
			blk->hours_max = m->hours;
			blk->grade_min = blk->grade_max = m->grade;
			blk->offset_min = blk->offset_max = m->utc_offset;
		}
		blk->end++;
		b->block_of[b->cols[x]] = b->nblocks - 1;
		for (s = 0; s < NUM_KERNEL_SETS; s++)
			blk->sets[s] |= m->sets[s];
		blk->hours_max = Max(blk->hours_max, m->hours);
		blk->grade_min = Min(blk->grade_min, m->grade);
		blk->grade_max = Max(blk->grade_max, m->grade);
		blk->offset_min = Min(blk->offset_min, m->utc_offset);
		blk->offset_max = Max(blk->offset_max, m->utc_offset);
	}
}

/* The best StageFit of a gap from lo to hi (every gap past 4 fits alike). */
static double
StageFitMost(int64 lo, int64 hi, bool wants_reverse)
{
	double		best = lo < 0 ? StageFit(-1, wants_reverse) : 0.0;
	int64		gap;

	for (gap = Max(lo, 0); gap <= hi; gap++)
	{
		best = Max(best, StageFit(gap, wants_reverse));
		if (gap >= 5)
			break;
	}
	return best;
}

/* The fewest minutes apart of offset e and any offset from lo to hi. */
static int
FewestMinutesApart(int32 e, int32 lo, int32 hi)
{
	int			s;

	if (hi - lo >= 24 * 60)
		return 0;
	for (s = -24 * 60; s <= 24 * 60; s += 24 * 60)
		if (lo <= e + s && e + s <= hi)
			return 0;
	return Min(OffsetMinutesApart(e, lo), OffsetMinutesApart(e, hi));
}

/*
 * The most names of kind s mentee e shares with a mentor of the block:
 * counted on masks; with signatures, none when they share no bit, else all
 * of e's.
 */
static inline int
Shared(const ScoreKernel *k, int s, const KernelPerson *e, const ColumnBlock *blk)
{
	uint64		both = e->sets[s] & blk->sets[s];

	if (k->masked[s])
		return pg_popcount64(both);
	return both != 0 ? e->count[s] : 0;
}

static inline double
Weigh(const WeightTable *t, unsigned known, const double *v)
{
	double		score;

	return WeightTableScore(t, known, v, &score) ? score : -INFINITY;
}

void
ColumnBlocksBound(const ColumnBlocks *b, const ScoreKernel *k,
				  const WeightTable *t, int32 i, const double *coverage,
				  double *ub)
{
	const KernelPerson *e = &k->rows[i];
	int32		x;

	for (x = 0; x < b->nblocks; x++)
	{
		const ColumnBlock *blk = &b->block[x];
		uint8		p = blk->presence;
		double		v[NUM_FACTORS];
		unsigned	known = 0;
		bool		overlap_known,
					language_known;

		if ((p & BP_SKILLS) && (e->flags & KP_GOALS))
		{
			known |= FACTOR_BIT(FACTOR_SKILLS);
			v[FACTOR_SKILLS] = coverage ? coverage[x] : 1.0;
		}
		v[FACTOR_STYLE] = 1.0;	/* known when they share a dimension */
		if ((p & BP_GRADE) && (e->flags & KP_GRADE))
		{
			known |= FACTOR_BIT(FACTOR_STAGE);
			v[FACTOR_STAGE] = StageFitMost((int64) blk->grade_min - e->grade,
										   (int64) blk->grade_max - e->grade,
										   (e->flags & KP_REVERSE) != 0);
		}
		if ((p & BP_VALUES) && e->count[KS_VALUES] > 0)
		{
			/* Jaccard: shared / (m + e - shared) <= shared / e */
			known |= FACTOR_BIT(FACTOR_VALUES);
			v[FACTOR_VALUES] = (double) Shared(k, KS_VALUES, e, blk) /
				e->count[KS_VALUES];
		}
		if ((p & BP_HOURS) && (e->flags & KP_HOURS))
		{
			known |= FACTOR_BIT(FACTOR_AVAILABILITY);
			v[FACTOR_AVAILABILITY] = AvailabilityFit(blk->hours_max, e->hours);
		}
		overlap_known = (p & BP_OFFSET) && (e->flags & KP_OFFSET);
		language_known = (p & BP_LANGUAGES) && e->count[KS_LANGUAGES] > 0;
		if (overlap_known || language_known)
		{
			known |= FACTOR_BIT(FACTOR_LOGISTICS);
			v[FACTOR_LOGISTICS] =
				LogisticsFit(overlap_known,
							 overlap_known ?
							 OverlapFit(FewestMinutesApart(e->utc_offset, blk->offset_min,
														   blk->offset_max)) : 0.0,
							 language_known, Shared(k, KS_LANGUAGES, e, blk) > 0);
		}
		if (e->count[KS_SUPPORT] > 0 && (p & BP_SUPPORT))
		{
			known |= FACTOR_BIT(FACTOR_EXPECTATIONS);
			v[FACTOR_EXPECTATIONS] = ExpectationsFit(Shared(k, KS_SUPPORT, e, blk),
													 e->count[KS_SUPPORT]);
		}
		ub[x] = Weigh(t, known, v);
		if ((p & BP_STYLE) && (e->flags & KP_STYLE))
			ub[x] = Max(ub[x], Weigh(t, known | FACTOR_BIT(FACTOR_STYLE), v));
	}
}
