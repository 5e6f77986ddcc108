/*
 * cohort_scoring.h
 *		The weighted score and the conflicts of many pairs of one cohort,
 *		from compact copies of its people: what match() and recommend()
 *		score every pair with.
 *
 * A pair's inputs are laid out per person in one small record: the sets
 * of names (languages, core values, support) become bitmasks when the
 * cohort's names of that kind number 64 or fewer, style dimensions a mask
 * and values by dimension, the manager chain and projects 64-bit
 * signatures that rule out most conflicts without a search.  The formulas
 * are factors.h's and the weighting WeightTable's, so a pair scores
 * exactly (to the bit) as ComputeFactors and WeightedScore have it, which
 * score() uses; what a kind too large for a mask needs, the Persons give.
 */
#ifndef MENTORMATCH_COHORT_SCORING_H
#define MENTORMATCH_COHORT_SCORING_H

#include <math.h>

#include "port/pg_bitutils.h"

#include "scoring/conflicts.h"
#include "scoring/factors.h"
#include "types/profile.h"

/* Style dimensions a cohort may name for the compact form. */
#define KERNEL_STYLE_DIMS	8

/* KernelPerson.flags */
#define KP_SKILLS		0x0001	/* has skills (mentor) */
#define KP_GOALS		0x0002	/* has goals, at least one (mentee) */
#define KP_STYLE		0x0004
#define KP_GRADE		0x0008
#define KP_HOURS		0x0010
#define KP_OFFSET		0x0020
#define KP_REVERSE		0x0040	/* asks for reverse mentoring */
#define KP_ID			0x0080
#define KP_MANAGER		0x0100

/* Sets of a person: KernelPerson.sets[] */
enum
{
	KS_LANGUAGES,
	KS_VALUES,
	KS_SUPPORT,
	KS_PROJECTS,
	NUM_KERNEL_SETS
};

typedef struct KernelPerson
{
	/*
	 * The set's names as bits of the cohort's names of that kind, when
	 * they fit (ScoreKernel.masked); else, and for projects always, a
	 * signature: bit (id % 64) of each name.
	 */
	uint64		sets[NUM_KERNEL_SETS];
	int32		count[NUM_KERNEL_SETS];	/* names in the set; < 0: NULL */
	uint64		chain;			/* signature of the manager chain */
	int64		id;
	int64		manager;
	double		hours;
	int32		grade;
	int32		utc_offset;
	uint16		flags;
	uint16		style_mask;		/* dimensions the person has */
	int8		style_n;		/* how many, in the person's order... */
	uint8		style_dim[KERNEL_STYLE_DIMS];	/* ... these */
	double		style_value[KERNEL_STYLE_DIMS]; /* their values */
	double		style_at[KERNEL_STYLE_DIMS];	/* value by dimension */
} KernelPerson;

typedef struct ScoreKernel
{
	const Person *mentees;		/* per row */
	const Person *mentors;		/* per column */
	KernelPerson *rows;
	KernelPerson *cols;
	bool		masked[NUM_KERNEL_SETS];	/* sets[] are exact masks */
	bool		style_compact;	/* style_* hold every dimension */
} ScoreKernel;

/* The bytes ScoreKernelInit's arrays take (rows + cols records). */
extern Size ScoreKernelBytes(int32 nrows, int32 ncols);

/*
 * Lays out both sides into memory (ScoreKernelBytes, 8-byte aligned),
 * with a scratch array of the cohort's largest name id palloc'd while it
 * runs.
 */
extern void ScoreKernelInit(ScoreKernel *k, const Person *mentees,
							int32 nrows, const Person *mentors, int32 ncols,
							void *memory);

/* An id's bit in a signature. */
static inline uint64
KernelIdBit(int64 id)
{
	uint64		h = (uint64) id * UINT64CONST(0x9E3779B97F4A7C15);

	return UINT64CONST(1) << (h >> 58);
}

/* How many names two sets of kind s share. */
static inline int
KernelShared(const ScoreKernel *k, int s, const KernelPerson *a,
			 const KernelPerson *b, const IdSet *aset, const IdSet *bset)
{
	if (k->masked[s])
		return pg_popcount64(a->sets[s] & b->sets[s]);
	if ((a->sets[s] & b->sets[s]) == 0)
		return 0;
	return IdSetShared(aset, bset);
}

/*
 * ComputeFactors(mentor j, mentee i) into v[f] for the known factors: the
 * known ones as bits (FACTOR_BIT).  coverage: SkillCoverage of the pair
 * when the caller knows it, else NULL.
 */
static inline unsigned
KernelFactors(const ScoreKernel *k, int32 i, int32 j, const double *coverage,
			  double *v)
{
	const KernelPerson *m = &k->cols[j];
	const KernelPerson *e = &k->rows[i];
	const Person *mentor = &k->mentors[j];
	const Person *mentee = &k->mentees[i];
	unsigned	known = 0;
	int			both = m->flags & e->flags;

	if ((m->flags & KP_SKILLS) && (e->flags & KP_GOALS))
	{
		known |= FACTOR_BIT(FACTOR_SKILLS);
		v[FACTOR_SKILLS] = coverage ? *coverage :
			SkillCoverage(&mentor->skills, &mentee->goals);
	}
	if (both & KP_STYLE)
	{
		if (k->style_compact)
		{
			double		distance = 0.0;
			int			shared = 0,
						x;

			for (x = 0; x < m->style_n; x++)
			{
				int			d = m->style_dim[x];

				if ((e->style_mask >> d) & 1)
				{
					distance += fabs(m->style_value[x] - e->style_at[d]);
					shared++;
				}
			}
			if (shared > 0)
			{
				known |= FACTOR_BIT(FACTOR_STYLE);
				v[FACTOR_STYLE] = 1.0 - distance / shared;
			}
		}
		else if (StyleFit(&mentor->style, &mentee->style, &v[FACTOR_STYLE]))
			known |= FACTOR_BIT(FACTOR_STYLE);
	}
	if (both & KP_GRADE)
	{
		known |= FACTOR_BIT(FACTOR_STAGE);
		v[FACTOR_STAGE] = StageFit((int64) m->grade - e->grade,
								   (e->flags & KP_REVERSE) != 0);
	}
	if (m->count[KS_VALUES] > 0 && e->count[KS_VALUES] > 0)
	{
		known |= FACTOR_BIT(FACTOR_VALUES);
		v[FACTOR_VALUES] = ValuesFit(KernelShared(k, KS_VALUES, m, e,
												  &mentor->core_values,
												  &mentee->core_values),
									 m->count[KS_VALUES], e->count[KS_VALUES]);
	}
	if (both & KP_HOURS)
	{
		known |= FACTOR_BIT(FACTOR_AVAILABILITY);
		v[FACTOR_AVAILABILITY] = AvailabilityFit(m->hours, e->hours);
	}
	{
		bool		overlap_known = (both & KP_OFFSET) != 0;
		bool		language_known = m->count[KS_LANGUAGES] > 0 &&
			e->count[KS_LANGUAGES] > 0;

		if (overlap_known || language_known)
		{
			known |= FACTOR_BIT(FACTOR_LOGISTICS);
			v[FACTOR_LOGISTICS] =
				LogisticsFit(overlap_known,
							 overlap_known ?
							 OverlapFit(OffsetMinutesApart(m->utc_offset, e->utc_offset)) : 0.0,
							 language_known,
							 language_known &&
							 KernelShared(k, KS_LANGUAGES, m, e, &mentor->languages,
										  &mentee->languages) > 0);
		}
	}
	if (e->count[KS_SUPPORT] > 0 && m->count[KS_SUPPORT] >= 0)
	{
		known |= FACTOR_BIT(FACTOR_EXPECTATIONS);
		v[FACTOR_EXPECTATIONS] =
			ExpectationsFit(KernelShared(k, KS_SUPPORT, e, m, &mentee->support,
										 &mentor->support),
							e->count[KS_SUPPORT]);
	}
	return known;
}

/*
 * WeightedScore(ComputeFactors(mentor j, mentee i)): false when no
 * weighted factor is known.
 */
static inline bool
KernelScore(const ScoreKernel *k, const WeightTable *t, int32 i, int32 j,
			const double *coverage, double *score)
{
	double		v[NUM_FACTORS];
	unsigned	known = KernelFactors(k, i, j, coverage, v);

	return WeightTableScore(t, known, v, score);
}

/* ComputeConflicts(mentor j, mentee i). */
static inline int
KernelConflicts(const ScoreKernel *k, int32 i, int32 j)
{
	const KernelPerson *m = &k->cols[j];
	const KernelPerson *e = &k->rows[i];
	int			both = m->flags & e->flags,
				mask = 0;

	if ((both & KP_ID) && m->id == e->id)
		mask |= CONFLICT_SELF;
	if (((m->flags & KP_ID) && (e->chain & KernelIdBit(m->id)) &&
		 ChainHas(&k->mentees[i], m->id)) ||
		((e->flags & KP_ID) && (m->chain & KernelIdBit(e->id)) &&
		 ChainHas(&k->mentors[j], e->id)))
		mask |= CONFLICT_REPORTING_LINE;
	if ((both & KP_MANAGER) && m->manager == e->manager)
		mask |= CONFLICT_SAME_TEAM;
	if ((m->sets[KS_PROJECTS] & e->sets[KS_PROJECTS]) != 0 &&
		IdSetShared(&k->mentors[j].projects, &k->mentees[i].projects) > 0)
		mask |= CONFLICT_SHARED_PROJECT;
	return mask;
}

#endif							/* MENTORMATCH_COHORT_SCORING_H */
