/*
 * model.h
 *		A learned model of success (learn() makes it, as jsonb): reading it
 *		back and what it says of a pair.
 *
 * The jsonb is {"model": "logistic", "version": 1, "intercept": b0,
 * "coefficients": {feature: b, ...}, ...}; a feature it does not name has
 * coefficient 0, other keys (weights, pairs, fit) are for people.
 */
#ifndef MENTORMATCH_MODEL_H
#define MENTORMATCH_MODEL_H

#include "utils/jsonb.h"

#include "scoring/features.h"

#define MODEL_VERSION	1

typedef struct Model
{
	double		intercept;
	double		coef[NUM_FEATURES];
} Model;

/* Reads a model; anything else is 22023 with what is wrong. */
extern void ParseModel(Jsonb *jb, Model *m);

/* The log-odds of success of features x, and its probability in (0, 1). */
extern double ModelLogOdds(const Model *m, const double *x);
extern double ModelProbability(const Model *m, const double *x);

/* The probability of success of a pair, from its factors and conflicts. */
extern double PairProbability(const Model *m, const Person *mentor,
							  const Person *mentee, const FactorValues *f,
							  int conflicts);

#endif							/* MENTORMATCH_MODEL_H */
