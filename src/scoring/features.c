/*
 * features.c
 *		The features of a pair for the learned model (see features.h).
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "scoring/conflicts.h"
#include "scoring/features.h"
#include "scoring/risk.h"

/* Risk rules that read a factor: the indicators after the factors. */
static bool
IsFactorRule(const RiskRule *rule)
{
	return rule->factors != 0;
}

const char *const *
FeatureNames(void)
{
	static const char *names[NUM_FEATURES];
	static bool ready = false;
	static const char *const training[4] = {
		"mentor_trained", "mentor_untrained", "mentee_trained", "mentee_untrained"
	};
	const char *made[2 * NUM_FACTORS + NUM_RISK_REASONS + NUM_CONFLICTS + 4];
	int			n = 0,
				i;

	if (ready)
		return names;
	/* made once per backend, so kept in TopMemoryContext; published whole */
	for (i = 0; i < NUM_FACTORS; i++)
		made[n++] = factor_names[i];
	for (i = 0; i < NUM_FACTORS; i++)
		made[n++] = MemoryContextStrdup(TopMemoryContext,
										psprintf("%s_unknown", factor_names[i]));
	for (i = 0; i < NUM_RISK_REASONS; i++)
		if (IsFactorRule(&risk_rules[i]))
			made[n++] = risk_rules[i].name;
	for (i = 0; i < NUM_CONFLICTS; i++)
		made[n++] = MemoryContextStrdup(TopMemoryContext,
										psprintf("conflict_%s", conflict_names[i]));
	for (i = 0; i < 4; i++)
		made[n++] = training[i];
	if (n != NUM_FEATURES)
		elog(ERROR, "%d features, expected %d", n, NUM_FEATURES);
	memcpy(names, made, sizeof(names));
	ready = true;
	return names;
}

void
PairFeatures(const Person *mentor, const Person *mentee, const FactorValues *f,
			 int conflicts, double *x)
{
	PairFacts	facts;
	int			n = 0,
				i;

	for (i = 0; i < NUM_FACTORS; i++)
		x[n++] = f->known[i] ? f->value[i] : 0.0;
	for (i = 0; i < NUM_FACTORS; i++)
		x[n++] = f->known[i] ? 0.0 : 1.0;

	facts.mentor = mentor;
	facts.mentee = mentee;
	facts.factors = f;
	facts.conflicts = conflicts;
	facts.score_known = false;
	facts.score = 0.0;
	facts.known_weight = 1.0;
	for (i = 0; i < NUM_RISK_REASONS; i++)
		if (IsFactorRule(&risk_rules[i]))
			x[n++] = risk_rules[i].applies(&facts) ? 1.0 : 0.0;

	for (i = 0; i < NUM_CONFLICTS; i++)
		x[n++] = (conflicts & (1 << i)) ? 1.0 : 0.0;

	x[n++] = mentor->has_trained && mentor->trained ? 1.0 : 0.0;
	x[n++] = mentor->has_trained && !mentor->trained ? 1.0 : 0.0;
	x[n++] = mentee->has_trained && mentee->trained ? 1.0 : 0.0;
	x[n++] = mentee->has_trained && !mentee->trained ? 1.0 : 0.0;
	Assert(n == NUM_FEATURES);
}
