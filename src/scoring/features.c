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

/* Health's features (HealthFeatures), in order. */
static const char *const health_feature_names[NUM_HEALTH_FEATURES] = {
	"health_meetings", "health_days_running", "health_days_since_last",
	"health_typical_gap", "health_rating_mean", "health_rating_trend",
	"health_no_meeting", "health_gap_unknown", "health_rating_unknown",
	"health_trend_unknown", "health_no_first_meeting",
	"health_not_started", "health_cooling", "health_at_risk", "health_stalled"
};

/* Where health's values are capped: beyond, they read as the cap. */
#define HEALTH_MEETINGS_CAP		12.0
#define HEALTH_DAYS_RUNNING_CAP	365.0
#define HEALTH_SINCE_LAST_CAP	180.0
#define HEALTH_GAP_CAP			90.0
#define HEALTH_TREND_CAP		2.0	/* points per 30 days, either way */

const char *const *
FeatureNames(void)
{
	static const char *names[NUM_ALL_FEATURES];
	static bool ready = false;
	static const char *const training[4] = {
		"mentor_trained", "mentor_untrained", "mentee_trained", "mentee_untrained"
	};
	const char *made[2 * NUM_FACTORS + NUM_RISK_REASONS + NUM_CONFLICTS + 4 +
					 NUM_HEALTH_FEATURES];
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
	for (i = 0; i < NUM_HEALTH_FEATURES; i++)
		made[n++] = health_feature_names[i];
	if (n != NUM_ALL_FEATURES)
		elog(ERROR, "%d features, expected %d", n, NUM_ALL_FEATURES);
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

/* v capped at cap, over cap: in [0, 1] */
static double
Capped(double v, double cap)
{
	return Min(Max(v, 0.0), cap) / cap;
}

void
HealthFeatures(const HealthFacts *h, double *x)
{
	int			n = 0;

	x[n++] = Capped(h->meetings, HEALTH_MEETINGS_CAP);
	x[n++] = Capped(h->days_running, HEALTH_DAYS_RUNNING_CAP);
	x[n++] = h->has_days_since_last ? Capped(h->days_since_last, HEALTH_SINCE_LAST_CAP) : 0.0;
	x[n++] = h->has_typical_gap ? Capped(h->typical_gap_days, HEALTH_GAP_CAP) : 0.0;
	x[n++] = h->has_rating_mean ? (h->rating_mean - 1.0) / 4.0 : 0.0;
	x[n++] = h->has_rating_trend ?
		Capped(h->rating_trend + HEALTH_TREND_CAP, 2.0 * HEALTH_TREND_CAP) : 0.0;
	x[n++] = h->meetings == 0 ? 1.0 : 0.0;
	x[n++] = h->has_typical_gap ? 0.0 : 1.0;
	x[n++] = h->has_rating_mean ? 0.0 : 1.0;
	x[n++] = h->has_rating_trend ? 0.0 : 1.0;
	x[n++] = (h->reasons & HEALTH_NO_FIRST_MEETING) ? 1.0 : 0.0;
	x[n++] = h->status == HEALTH_NOT_STARTED ? 1.0 : 0.0;
	x[n++] = h->status == HEALTH_COOLING ? 1.0 : 0.0;
	x[n++] = h->status == HEALTH_AT_RISK ? 1.0 : 0.0;
	x[n++] = h->status == HEALTH_STALLED ? 1.0 : 0.0;
	Assert(n == NUM_HEALTH_FEATURES);
}
