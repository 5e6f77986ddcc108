/*
 * features.h
 *		What the learned model sees of a pair: the numbers learn() fits and
 *		success_probability() weighs.
 *
 * For each of the seven factors its value (0 when unknown) and an
 * indicator that it is unknown; an indicator for each risk rule that reads
 * a factor; one for each conflict of interest; and the training status of
 * each side (trained, untrained; neither when unknown).  Built on factors,
 * conflicts and the risk rules (risk.h); docs/reference.md lists them.
 */
#ifndef MENTORMATCH_FEATURES_H
#define MENTORMATCH_FEATURES_H

#include "scoring/factors.h"
#include "types/profile.h"
#include "types/relationship_health.h"

#define NUM_FEATURES	31

/* The first NUM_FACTORS features are values in [0, 1]; the others are 0 or 1. */
#define NUM_INDICATOR_FEATURES	(NUM_FEATURES - NUM_FACTORS)

/*
 * A model learned with health also sees where the pair stands: after the
 * pair's features, NUM_HEALTH_VALUES values in [0, 1] (meetings, days
 * running, days since the last meeting, typical gap, rating mean and
 * trend, each capped and scaled), then NUM_HEALTH_INDICATORS indicators
 * (no meeting yet, gap, rating or trend unknown, no first meeting, and the
 * status, healthy being none of them).
 */
#define NUM_HEALTH_VALUES		6
#define NUM_HEALTH_INDICATORS	9
#define NUM_HEALTH_FEATURES		(NUM_HEALTH_VALUES + NUM_HEALTH_INDICATORS)
#define NUM_ALL_FEATURES		(NUM_FEATURES + NUM_HEALTH_FEATURES)

/* Whether feature k (of NUM_ALL_FEATURES) is a value rather than 0 or 1. */
#define FEATURE_IS_VALUE(k) \
	((k) < NUM_FACTORS || \
	 ((k) >= NUM_FEATURES && (k) < NUM_FEATURES + NUM_HEALTH_VALUES))

/* The feature names, in order, health's last: the model's coefficient keys. */
extern const char *const *FeatureNames(void);

/*
 * The features of a pair: f its factors, conflicts its conflicts.h bits;
 * x receives NUM_FEATURES numbers.
 */
extern void PairFeatures(const Person *mentor, const Person *mentee,
						 const FactorValues *f, int conflicts, double *x);

/* The health features of a pair: x receives NUM_HEALTH_FEATURES numbers. */
extern void HealthFeatures(const HealthFacts *h, double *x);

#endif							/* MENTORMATCH_FEATURES_H */
