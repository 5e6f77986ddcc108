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
 * Weighted mean of the known factors, weights renormalised over them.
 * Returns false when the known factors carry no weight (score NULL).
 * contribution[f] (optional) receives each factor's share; they add up to
 * the score exactly, because the score is their sum.
 */
extern bool WeightedScore(const FactorValues *f, const double *weights,
						  double *score, double *contribution);

/* Weights from jsonb (NULL: the defaults); errors are 22023. */
extern void ParseWeights(Jsonb *jb, double *weights);

#endif							/* MENTORMATCH_FACTORS_H */
