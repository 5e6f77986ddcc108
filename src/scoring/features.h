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

#define NUM_FEATURES	31

/* The first NUM_FACTORS features are values in [0, 1]; the others are 0 or 1. */
#define NUM_INDICATOR_FEATURES	(NUM_FEATURES - NUM_FACTORS)

/* The feature names, in order: the model's coefficient keys. */
extern const char *const *FeatureNames(void);

/*
 * The features of a pair: f its factors, conflicts its conflicts.h bits;
 * x receives NUM_FEATURES numbers.
 */
extern void PairFeatures(const Person *mentor, const Person *mentee,
						 const FactorValues *f, int conflicts, double *x);

#endif							/* MENTORMATCH_FEATURES_H */
