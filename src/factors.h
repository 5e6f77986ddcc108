/*
 * factors.h
 *		The seven compatibility factors of a mentor and a mentee, and the
 *		weighted score over them.
 *
 * Pure kernels over decoded Persons (profile.h): results depend on the
 * arguments alone, so score(), explain(), risk() and match() agree exactly.
 * The formulas are documented in the README ("How a pair is scored").
 */
#ifndef MENTORMATCH_FACTORS_H
#define MENTORMATCH_FACTORS_H

#include "utils/jsonb.h"

#include "profile.h"

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
 * The same, with the skills factor's coverage given (NULL: computed here):
 * for callers that know SkillCoverage(mentor skills, mentee goals) already.
 */
extern void ComputeFactorsCovered(const Person *mentor, const Person *mentee,
								  const double *coverage, FactorValues *out);

/* The value an unknown factor takes by default: a neutral prior. */
#define DEFAULT_UNKNOWN		0.5

/*
 * What score() weighs: a weight per factor, and what an unknown factor
 * counts as: the value unknown, or, with renormalise (weights key
 * "unknown": null, as in 0.1.0), nothing, the weights renormalised over
 * the known factors.
 */
typedef struct Weights
{
	double		w[NUM_FACTORS];
	bool		renormalise;
	double		unknown;
} Weights;

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

/* The share of the weight that rests on known factors, in [0, 1]. */
extern double KnownWeight(const FactorValues *f, const Weights *weights);

/* Weights from jsonb (NULL: the defaults); errors are 22023. */
extern void ParseWeights(Jsonb *jb, Weights *weights);

#endif							/* MENTORMATCH_FACTORS_H */
