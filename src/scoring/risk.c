/*
 * risk.c
 *		Mismatch risk of a proposed pair, from its factors and conflicts.
 *
 * Each reason is one documented rule on a factor or a conflict (the table
 * below, shown by explain() and docs/reference.md).  The level follows the
 * points, so that ranking pairs by level ranks them by points, and the
 * upper levels single out the pairs the rules find most wanting (of random
 * pairs, the median has 5 or 6 points):
 *	 critical	any conflict of interest, or 8 points or more;
 *	 high		6 or 7 points;
 *	 moderate	4 or 5 points, or no score (nothing weighted is known);
 *	 low		otherwise.
 * Adding a reason only adds points, so it never lowers the level.  With a
 * learned model the level follows its probability of success instead:
 * critical below 0.3 (or with any conflict), high below 0.5, moderate below
 * 0.7, low from 0.7; the reasons stay the rules.
 */
#include "postgres.h"

#include "scoring/risk.h"

/* Thresholds; keep in step with the rules text and docs/reference.md. */
#define SKILL_GAP_BELOW			0.5
#define STAGE_GAP_FROM			5
#define STYLE_CLASH_BELOW		0.5
#define VALUES_DIVERGENCE_BELOW	0.2
#define LOW_AVAILABILITY_BELOW	0.5
#define TIMEZONE_GAP_BELOW		0.5		/* of an eight-hour day: 4 hours */
#define EXPECTATION_BELOW		0.5
#define KNOWN_WEIGHT_BELOW		0.5		/* missing_data */
#define CRITICAL_POINTS			8
#define HIGH_POINTS				6
#define MODERATE_POINTS			4
/* with a model: the probability of success */
#define LOW_PROBABILITY_FROM		0.7
#define MODERATE_PROBABILITY_FROM	0.5
#define HIGH_PROBABILITY_FROM		0.3

const char *const risk_level_names[NUM_RISK_LEVELS] = {
	"low", "moderate", "high", "critical"
};

/* A known factor below a threshold. */
static inline bool
Below(const PairFacts *pair, Factor factor, double threshold)
{
	return pair->factors->known[factor] &&
		pair->factors->value[factor] < threshold;
}

static bool
ConflictOfInterest(const PairFacts *pair)
{
	return pair->conflicts != 0;
}

static bool
SkillGap(const PairFacts *pair)
{
	return Below(pair, FACTOR_SKILLS, SKILL_GAP_BELOW);
}

static bool
StageInversion(const PairFacts *pair)
{
	return pair->factors->grade_known && pair->factors->grade_gap < 0 &&
		!pair->mentee->wants_reverse;
}

static bool
StageGap(const PairFacts *pair)
{
	return pair->factors->grade_known &&
		pair->factors->grade_gap >= STAGE_GAP_FROM;
}

static bool
StyleClash(const PairFacts *pair)
{
	return Below(pair, FACTOR_STYLE, STYLE_CLASH_BELOW);
}

static bool
ValuesDivergence(const PairFacts *pair)
{
	return Below(pair, FACTOR_VALUES, VALUES_DIVERGENCE_BELOW);
}

static bool
LowAvailability(const PairFacts *pair)
{
	return Below(pair, FACTOR_AVAILABILITY, LOW_AVAILABILITY_BELOW);
}

static bool
TimezoneGap(const PairFacts *pair)
{
	return pair->factors->overlap_known &&
		pair->factors->overlap < TIMEZONE_GAP_BELOW;
}

static bool
LanguageBarrier(const PairFacts *pair)
{
	return pair->factors->language_known && !pair->factors->language_shared;
}

static bool
ExpectationMismatch(const PairFacts *pair)
{
	return Below(pair, FACTOR_EXPECTATIONS, EXPECTATION_BELOW);
}

static bool
Untrained(const PairFacts *pair)
{
	return (pair->mentor->has_trained && !pair->mentor->trained) ||
		(pair->mentee->has_trained && !pair->mentee->trained);
}

static bool
MissingData(const PairFacts *pair)
{
	return pair->known_weight < KNOWN_WEIGHT_BELOW;
}

const RiskRule risk_rules[NUM_RISK_REASONS] = {
	{"conflict_of_interest",
		"any conflict: self, reporting_line, same_team or shared_project",
	0, 0, ConflictOfInterest},
	{"skill_gap", "skills < 0.5",
	2, FACTOR_BIT(FACTOR_SKILLS), SkillGap},
	{"stage_inversion",
		"mentor's grade below the mentee's, and the mentee did not ask for reverse support",
	2, FACTOR_BIT(FACTOR_STAGE), StageInversion},
	{"stage_gap", "mentor 5 or more grades above the mentee",
	1, FACTOR_BIT(FACTOR_STAGE), StageGap},
	{"style_clash", "style < 0.5",
	1, FACTOR_BIT(FACTOR_STYLE), StyleClash},
	{"values_divergence", "values < 0.2",
	1, FACTOR_BIT(FACTOR_VALUES), ValuesDivergence},
	{"low_availability", "availability < 0.5",
	1, FACTOR_BIT(FACTOR_AVAILABILITY), LowAvailability},
	{"timezone_gap",
		"under 4 shared working hours (offsets more than 4 hours apart)",
	1, FACTOR_BIT(FACTOR_LOGISTICS), TimezoneGap},
	{"language_barrier", "both list languages and share none",
	2, FACTOR_BIT(FACTOR_LOGISTICS), LanguageBarrier},
	{"expectation_mismatch", "expectations < 0.5",
	1, FACTOR_BIT(FACTOR_EXPECTATIONS), ExpectationMismatch},
	{"untrained", "mentor or mentee not trained (trained = false)",
	2, 0, Untrained},
	{"missing_data", "less than half of the weight rests on known factors",
	1, 0, MissingData},
};

const char *const *
RiskReasonNames(void)
{
	static const char *names[NUM_RISK_REASONS];
	int			i;

	if (names[0] == NULL)
		for (i = 0; i < NUM_RISK_REASONS; i++)
			names[i] = risk_rules[i].name;
	return names;
}

RiskResult
ComputeRisk(const PairFacts *pair)
{
	RiskResult	r;
	int			i;

	r.reasons = 0;
	r.points = 0;
	for (i = 0; i < NUM_RISK_REASONS; i++)
		if (risk_rules[i].applies(pair))
		{
			r.reasons |= 1 << i;
			r.points += risk_rules[i].points;
		}

	if (pair->conflicts != 0 || r.points >= CRITICAL_POINTS)
		r.level = RISK_CRITICAL;
	else if (r.points >= HIGH_POINTS)
		r.level = RISK_HIGH;
	else if (r.points >= MODERATE_POINTS || !pair->score_known)
		r.level = RISK_MODERATE;
	else
		r.level = RISK_LOW;
	return r;
}

RiskLevel
RiskLevelFromProbability(double probability, int conflicts)
{
	if (conflicts != 0 || probability < HIGH_PROBABILITY_FROM)
		return RISK_CRITICAL;
	if (probability < MODERATE_PROBABILITY_FROM)
		return RISK_HIGH;
	if (probability < LOW_PROBABILITY_FROM)
		return RISK_MODERATE;
	return RISK_LOW;
}

int
FactorRiskReasons(Factor f)
{
	int			mask = 0;
	int			i;

	for (i = 0; i < NUM_RISK_REASONS; i++)
		if (risk_rules[i].factors & FACTOR_BIT(f))
			mask |= 1 << i;
	return mask;
}
