/*
 * risk.h
 *		Mismatch risk of a pair: the documented rules, their points and the
 *		level they add up to.
 *
 * Built on the factors (factors.h) and the conflicts (conflicts.h) of a
 * pair; the SQL functions that show risk live in pair_functions.c and
 * matching/match.c.
 */
#ifndef MENTORMATCH_RISK_H
#define MENTORMATCH_RISK_H

#include "scoring/factors.h"

typedef enum RiskLevel
{
	RISK_LOW,
	RISK_MODERATE,
	RISK_HIGH,
	RISK_CRITICAL,
	NUM_RISK_LEVELS
} RiskLevel;

extern const char *const risk_level_names[NUM_RISK_LEVELS];

/* What a rule looks at. */
typedef struct PairFacts
{
	const Person *mentor;
	const Person *mentee;
	const FactorValues *factors;
	int			conflicts;		/* conflicts.h bits */
	bool		score_known;
	double		score;
	double		known_weight;	/* share of the weight on known factors */
} PairFacts;

/*
 * One risk reason: its name, the rule as docs/reference.md and explain() state it,
 * the points it adds (0: a conflict, which makes the level critical), the
 * factors it reads (FACTOR_BIT mask; explain() lists the reason under each)
 * and the test.  risk_rules[] is in reporting order; bit i of a reasons
 * mask is risk_rules[i].
 */
typedef struct RiskRule
{
	const char *name;
	const char *rule;
	int			points;
	int			factors;
	bool		(*applies) (const PairFacts *pair);
} RiskRule;

#define NUM_RISK_REASONS 12
extern const RiskRule risk_rules[NUM_RISK_REASONS];

/* The rules' names in table order, for NamesToTextArray and JsonbPushNames. */
extern const char *const *RiskReasonNames(void);

typedef struct RiskResult
{
	RiskLevel	level;
	int			reasons;		/* bit i: risk_rules[i] */
	int			points;
} RiskResult;

extern RiskResult ComputeRisk(const PairFacts *pair);

/*
 * The level a learned model's probability of success gives: critical for
 * any conflict, as ComputeRisk has it; otherwise by thresholds (risk.c).
 */
extern RiskLevel RiskLevelFromProbability(double probability, int conflicts);

/* The reasons that read factor f (bits of risk_rules). */
extern int	FactorRiskReasons(Factor f);

#endif							/* MENTORMATCH_RISK_H */
