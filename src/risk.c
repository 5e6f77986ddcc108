/*
 * risk.c
 *		Mismatch risk of a proposed pair, from the two profiles: risk().
 *
 * Each reason is tied to one documented rule on a factor or a conflict
 * (risk_reason_rules, shown by explain() and the README).  The level:
 *	 critical	any conflict of interest;
 *	 high		4 points or more, or a score below 0.4;
 *	 moderate	2 points or more, or a score below 0.6;
 *	 low		otherwise;
 * where skill_gap, stage_inversion, language_barrier and untrained count 2
 * points and every other reason 1.  Adding a reason only adds points, so it
 * never lowers the level.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "mentormatch.h"
#include "score.h"

/* Reporting order; bit i of RiskResult.reasons. */
enum
{
	REASON_CONFLICT,
	REASON_SKILL_GAP,
	REASON_STAGE_INVERSION,
	REASON_STAGE_GAP,
	REASON_STYLE_CLASH,
	REASON_VALUES_DIVERGENCE,
	REASON_LOW_AVAILABILITY,
	REASON_TIMEZONE_GAP,
	REASON_LANGUAGE_BARRIER,
	REASON_EXPECTATION_MISMATCH,
	REASON_UNTRAINED
};

#define BIT(r)	(1 << (r))

const char *const risk_reason_names[NUM_RISK_REASONS] = {
	"conflict_of_interest", "skill_gap", "stage_inversion", "stage_gap",
	"style_clash", "values_divergence", "low_availability", "timezone_gap",
	"language_barrier", "expectation_mismatch", "untrained"
};

/* Thresholds; keep in step with the rules text and the README. */
#define SKILL_GAP_BELOW			0.5
#define STAGE_GAP_FROM			5
#define STYLE_CLASH_BELOW		0.5
#define VALUES_DIVERGENCE_BELOW	0.2
#define LOW_AVAILABILITY_BELOW	0.5
#define TIMEZONE_GAP_BELOW		0.5		/* of an eight-hour day: 4 hours */
#define EXPECTATION_BELOW		0.5
#define HIGH_POINTS				4
#define MODERATE_POINTS			2
#define HIGH_SCORE_BELOW		0.4
#define MODERATE_SCORE_BELOW	0.6

const char *const risk_reason_rules[NUM_RISK_REASONS] = {
	"any conflict: self, reporting_line, same_team or shared_project",
	"skills < 0.5",
	"mentor's grade below the mentee's, and the mentee did not ask for reverse support",
	"mentor 5 or more grades above the mentee",
	"style < 0.5",
	"values < 0.2",
	"availability < 0.5",
	"under 4 shared working hours (offsets more than 4 hours apart)",
	"both list languages and share none",
	"expectations < 0.5",
	"mentor or mentee not trained (trained = false)"
};

const int	factor_risk_reasons[NUM_FACTORS] = {
	BIT(REASON_SKILL_GAP),
	BIT(REASON_STYLE_CLASH),
	BIT(REASON_STAGE_INVERSION) | BIT(REASON_STAGE_GAP),
	BIT(REASON_VALUES_DIVERGENCE),
	BIT(REASON_LOW_AVAILABILITY),
	BIT(REASON_TIMEZONE_GAP) | BIT(REASON_LANGUAGE_BARRIER),
	BIT(REASON_EXPECTATION_MISMATCH)
};

#define MAJOR_REASONS	(BIT(REASON_SKILL_GAP) | BIT(REASON_STAGE_INVERSION) | \
						 BIT(REASON_LANGUAGE_BARRIER) | BIT(REASON_UNTRAINED))

const char *const risk_level_names[NUM_RISK_LEVELS] = {
	"low", "moderate", "high", "critical"
};

static inline bool
Below(const FactorValues *f, Factor factor, double threshold)
{
	return f->known[factor] && f->value[factor] < threshold;
}

RiskResult
ComputeRisk(const Person *mentor, const Person *mentee, const FactorValues *f,
			int conflicts, bool score_known, double score)
{
	RiskResult	r;
	int			i;

	r.reasons = 0;
	if (conflicts != 0)
		r.reasons |= BIT(REASON_CONFLICT);
	if (Below(f, FACTOR_SKILLS, SKILL_GAP_BELOW))
		r.reasons |= BIT(REASON_SKILL_GAP);
	if (f->grade_known && f->grade_gap < 0 && !mentee->wants_reverse)
		r.reasons |= BIT(REASON_STAGE_INVERSION);
	if (f->grade_known && f->grade_gap >= STAGE_GAP_FROM)
		r.reasons |= BIT(REASON_STAGE_GAP);
	if (Below(f, FACTOR_STYLE, STYLE_CLASH_BELOW))
		r.reasons |= BIT(REASON_STYLE_CLASH);
	if (Below(f, FACTOR_VALUES, VALUES_DIVERGENCE_BELOW))
		r.reasons |= BIT(REASON_VALUES_DIVERGENCE);
	if (Below(f, FACTOR_AVAILABILITY, LOW_AVAILABILITY_BELOW))
		r.reasons |= BIT(REASON_LOW_AVAILABILITY);
	if (f->overlap_known && f->overlap < TIMEZONE_GAP_BELOW)
		r.reasons |= BIT(REASON_TIMEZONE_GAP);
	if (f->language_known && !f->language_shared)
		r.reasons |= BIT(REASON_LANGUAGE_BARRIER);
	if (Below(f, FACTOR_EXPECTATIONS, EXPECTATION_BELOW))
		r.reasons |= BIT(REASON_EXPECTATION_MISMATCH);
	if ((mentor->has_trained && !mentor->trained) ||
		(mentee->has_trained && !mentee->trained))
		r.reasons |= BIT(REASON_UNTRAINED);

	r.points = 0;
	for (i = REASON_SKILL_GAP; i < NUM_RISK_REASONS; i++)
		if (r.reasons & BIT(i))
			r.points += (MAJOR_REASONS & BIT(i)) ? 2 : 1;

	if (conflicts != 0)
		r.level = RISK_CRITICAL;
	else if (r.points >= HIGH_POINTS || (score_known && score < HIGH_SCORE_BELOW))
		r.level = RISK_HIGH;
	else if (r.points >= MODERATE_POINTS ||
			 (score_known && score < MODERATE_SCORE_BELOW))
		r.level = RISK_MODERATE;
	else
		r.level = RISK_LOW;
	return r;
}

/* The risk_level enum value for a level, looked up once per call site. */
Datum
RiskLevelDatum(FunctionCallInfo fcinfo, Oid enumtype, RiskLevel level)
{
	CallCache  *cache = GetCallCache(fcinfo);

	if (!OidIsValid(cache->level_oids[level]))
		cache->level_oids[level] = EnumLabelOid(enumtype, risk_level_names[level]);
	return ObjectIdGetDatum(cache->level_oids[level]);
}

/* risk(mentor, mentee, weights DEFAULT NULL) -> risk_assessment */
PG_FUNCTION_INFO_V1(mentormatch_risk);
Datum
mentormatch_risk(PG_FUNCTION_ARGS)
{
	Person		mentor,
				mentee;
	FactorValues f;
	const double *weights;
	double		score = 0.0;
	bool		score_known;
	RiskResult	r;
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	desc = CachedResultDesc(fcinfo);
	weights = CachedWeights(fcinfo, 2);
	DecodePair(fcinfo, &mentor, &mentee);
	ComputeFactors(&mentor, &mentee, &f);
	score_known = WeightedScore(&f, weights, &score, NULL);
	r = ComputeRisk(&mentor, &mentee, &f, ComputeConflicts(&mentor, &mentee),
					score_known, score);

	values[0] = RiskLevelDatum(fcinfo, TupleDescAttr(desc, 0)->atttypid, r.level);
	values[1] = NamesToTextArray(risk_reason_names, NUM_RISK_REASONS, r.reasons);
	values[2] = Float8GetDatum(score);
	nulls[2] = !score_known;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
