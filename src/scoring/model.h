/*
 * model.h
 *		A learned model of success (learn() makes it, as jsonb): reading it
 *		back and what it says of a pair.
 *
 * The jsonb is {"model": "logistic", "version": 1, "intercept": b0,
 * "coefficients": {feature: b, ...}, ...}; a feature it does not name has
 * coefficient 0, other keys (weights, pairs, fit) are for people.  A model
 * learned with health says "health": true and may name health's features;
 * it predicts a running pair only with the pair's health, and holds in
 * "at_start": {"intercept", "coefficients"} the model of the same pairs
 * without health, for a pair that has not started.
 */
#ifndef MENTORMATCH_MODEL_H
#define MENTORMATCH_MODEL_H

#include "utils/jsonb.h"

#include "scoring/features.h"

#define MODEL_VERSION	1

typedef struct Model
{
	bool		health;			/* learned with health */
	double		intercept;
	double		coef[NUM_ALL_FEATURES];	/* health's 0 without health */

	/*
	 * The model of a pair at its start, without health: with health, its
	 * "at_start"; without, the model itself.
	 */
	double		start_intercept;
	double		start_coef[NUM_FEATURES];
} Model;

/* Reads a model; anything else is 22023 with what is wrong. */
extern void ParseModel(Jsonb *jb, Model *m);

/*
 * A model learned with health where a function has no health to give it
 * (match, recommend, risk, explain, success_probability without health):
 * 22023, naming fn.
 */
extern void ModelWithoutHealth(const Model *m, const char *fn);

/*
 * The log-odds of success of features x (NUM_ALL_FEATURES numbers with a
 * health model, NUM_FEATURES without), and its probability in (0, 1).
 */
extern double ModelLogOdds(const Model *m, const double *x);
extern double ModelProbability(const Model *m, const double *x);

/*
 * The probability of success of a pair, from its factors, conflicts and,
 * for a model learned with health, its health (NULL: none, which such a
 * model refuses; a model without health ignores it).
 */
extern double PairProbability(const Model *m, const Person *mentor,
							  const Person *mentee, const FactorValues *f,
							  int conflicts, const HealthFacts *health);

/*
 * The probability of success of a pair about to start, from the profiles
 * alone: the model at the start ("at_start" of a model with health).
 */
extern double PairProbabilityAtStart(const Model *m, const Person *mentor,
									 const Person *mentee, const FactorValues *f,
									 int conflicts);

#endif							/* MENTORMATCH_MODEL_H */
