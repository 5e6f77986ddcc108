/*
 * factors.h
 *		The seven compatibility factors of a mentor and a mentee, and the
 *		weighted score over them.
 *
 * Pure kernels over decoded Persons (types/profile.h): results depend on the
 * arguments alone, so score(), explain(), risk() and match() agree exactly.
 * The formulas are documented in docs/reference.md ("How a pair is
 * scored").
 */
#ifndef MENTORMATCH_FACTORS_H
#define MENTORMATCH_FACTORS_H

#include "utils/jsonb.h"

#include "types/profile.h"

typedef enum Factor
{
	FACTOR_SKILLS,
	FACTOR_STYLE,
	FACTOR_STAGE,
	FACTOR_VALUES,
	FACTOR_AVAILABILITY,
	FACTOR_LOGISTICS,
	FACTOR_EXPECTATIONS,
	NUM_FACTORS
} Factor;

#define FACTOR_BIT(f)	(1 << (f))

extern const char *const factor_names[NUM_FACTORS];
extern const double default_weights[NUM_FACTORS];

typedef struct FactorValues
{
	bool		known[NUM_FACTORS];
	double		value[NUM_FACTORS];
	/* the parts that risk rules look at */
	bool		grade_known;
	int64		grade_gap;		/* mentor.grade - mentee.grade */
	bool		overlap_known;
	double		overlap;		/* shared working hours / 8 */
	bool		language_known;
	bool		language_shared;
} FactorValues;

extern void ComputeFactors(const Person *mentor, const Person *mentee,
						   FactorValues *out);

/*
 * The formulas of the factors from the parts of a pair: ComputeFactors and
 * the kernel of match() (cohort_scoring.h) both compute with these, so that
 * they agree to the bit.
 */

/* Working hours each side is assumed to keep, from 09:00 local. */
#define WORKDAY_MINUTES		(8 * 60)

/*
 * Career-stage fit of gap = mentor.grade - mentee.grade: best two or three
 * grades above, lower for one or four above, lower for peers, lower again
 * five or more above ("overwhelming advice"), lowest for a mentor below the
 * mentee, unless the mentee asked for reverse mentoring.
 */
static inline double
StageFit(int64 gap, bool wants_reverse)
{
	if (gap < 0)
		return wants_reverse ? 0.9 : 0.1;
	switch (gap)
	{
		case 0:
			return 0.5;
		case 1:
		case 4:
			return 0.8;
		case 2:
		case 3:
			return 1.0;
		default:
			return 0.4;
	}
}

/* values: Jaccard overlap of two non-empty sets sharing shared names */
static inline double
ValuesFit(int shared, int mentor_count, int mentee_count)
{
	return (double) shared / (mentor_count + mentee_count - shared);
}

/* availability: the mentor's hours against the hours the mentee wants */
static inline double
AvailabilityFit(double mentor_hours, double mentee_hours)
{
	return mentee_hours <= 0.0 ? 1.0 : Min(1.0, mentor_hours / mentee_hours);
}

/* the share of an eight-hour day two offsets minutes_apart share */
static inline double
OverlapFit(int minutes_apart)
{
	return (double) Max(0, WORKDAY_MINUTES - minutes_apart) / WORKDAY_MINUTES;
}

/*
 * logistics: shared working hours times a shared language; either part
 * alone when the other is unknown (at least one is known).
 */
static inline double
LogisticsFit(bool overlap_known, double overlap, bool language_known,
			 bool language_shared)
{
	return (overlap_known ? overlap : 1.0) *
		(language_known ? (language_shared ? 1.0 : 0.0) : 1.0);
}

/* expectations: the share of the support wanted (wanted > 0) offered */
static inline double
ExpectationsFit(int shared, int wanted)
{
	return (double) shared / wanted;
}

/*
 * The same, with the skills factor's coverage given (NULL: computed here):
 * for callers that know SkillCoverage(mentor skills, mentee goals) already.
 */
extern void ComputeFactorsCovered(const Person *mentor, const Person *mentee,
								  const double *coverage, FactorValues *out);

/* The value an unknown factor takes by default: a neutral prior. */
#define DEFAULT_UNKNOWN		0.5

/*
 * What score() weighs: a weight per factor, and what an unknown factor
 * counts as: the value unknown[f], or, with renormalise (weights key
 * "unknown": null, as in 0.1.0), nothing, the weights renormalised over
 * the known factors.  With unknown_mean ("unknown": "mean"), unknown[f]
 * is the mean of factor f over a round's pairs where it is known, which
 * the round fills in (WeightsRequireValue refuses it elsewhere); until
 * then every unknown[f] is the default.
 */
typedef struct Weights
{
	double		w[NUM_FACTORS];
	bool		renormalise;
	bool		unknown_mean;
	double		unknown[NUM_FACTORS];
} Weights;

/* Weights asking for a round's means where there is no round (fn): 22023. */
extern void WeightsRequireValue(const Weights *weights, const char *fn);

/* How a score came about, factor by factor (for explain, risk). */
typedef struct ScoreDetail
{
	bool		counts[NUM_FACTORS];	/* the factor is in the mean */
	double		used[NUM_FACTORS];	/* the value it counts with */
	double		weight[NUM_FACTORS];	/* its share of the weight */
	double		contribution[NUM_FACTORS];	/* weight x used */
	double		known_weight;	/* the share of the weight on known factors */
} ScoreDetail;

/*
 * The weighted mean of the factors, an unknown one counting as
 * weights->unknown (or left out, with renormalise).  Returns false when no
 * known factor carries weight (score NULL).  detail (may be NULL) says how;
 * its contributions add up to the score exactly, because the score is
 * their sum.
 */
extern bool WeightedScore(const FactorValues *f, const Weights *weights,
						  double *score, ScoreDetail *detail);

/*
 * WeightedScore for many pairs: the share of each factor for each set of
 * known factors (bit f of known: factor f is known), taken from
 * WeightedScore itself, so that WeightTableScore gives its score to the
 * bit.
 */
typedef struct WeightTable
{
	double		share[1 << NUM_FACTORS][NUM_FACTORS];
	bool		scored[1 << NUM_FACTORS];	/* some known factor has weight */
	double		unknown[NUM_FACTORS];	/* what an unknown factor counts as */
} WeightTable;

extern void WeightTableInit(WeightTable *t, const Weights *weights);

/* value[f] is read for the known factors only. */
static inline bool
WeightTableScore(const WeightTable *t, unsigned known, const double *value,
				 double *score)
{
	const double *share = t->share[known];
	double		sum = 0.0;
	int			i;

	if (!t->scored[known])
		return false;
	for (i = 0; i < NUM_FACTORS; i++)
		sum += share[i] * ((known >> i) & 1 ? value[i] : t->unknown[i]);
	*score = Min(sum, 1.0);
	return true;
}

/* The share of the weight that rests on known factors, in [0, 1]. */
extern double KnownWeight(const FactorValues *f, const Weights *weights);

/* The index of the name key (len bytes) among names[0 .. n), or -1. */
extern int	NameIndex(const char *const *names, int n, const char *key, int len);

/*
 * A weight from a jsonb value: a number, finite, not negative; else
 * bad(detail), which raises the caller's error, the detail naming it.
 */
extern double JsonbWeight(const JsonbValue *v, const char *name,
						  void (*bad) (const char *detail));

/* Weights from jsonb (NULL: the defaults); errors are 22023. */
extern void ParseWeights(Jsonb *jb, Weights *weights);

#endif							/* MENTORMATCH_FACTORS_H */
