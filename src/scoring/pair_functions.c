/*
 * pair_functions.c
 *		The SQL functions on one mentor and one mentee: factors(), score(),
 *		conflicts(), default_weights(), explain() and risk().
 *
 * Each decodes its two profile arguments through the call site's cache
 * (call_cache.h) and asks the layers below: factors, conflicts, risk.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "base/jsonb_writer.h"
#include "base/sql_values.h"
#include "scoring/call_cache.h"
#include "scoring/conflicts.h"
#include "scoring/factors.h"
#include "scoring/model.h"
#include "scoring/risk.h"
#include "types/named_numbers.h"

/* Everything the pair functions compute for one pair. */
typedef struct PairResult
{
	Person		mentor;
	Person		mentee;
	FactorValues factors;
	bool		score_known;
	double		score;
	ScoreDetail detail;
	int			conflicts;
} PairResult;

/* Decodes the pair and scores it; with_conflicts also finds its conflicts. */
static void
ScorePair(FunctionCallInfo fcinfo, const Weights *weights, bool with_conflicts,
		  PairResult *r)
{
	WeightsRequireValue(weights, "a function of one pair");
	DecodePair(fcinfo, &r->mentor, &r->mentee);
	ComputeFactors(&r->mentor, &r->mentee, &r->factors);
	r->score = 0.0;
	r->score_known = WeightedScore(&r->factors, weights, &r->score, &r->detail);
	if (!r->score_known)
		r->detail.known_weight = KnownWeight(&r->factors, weights);
	r->conflicts = with_conflicts ?
		ComputeConflicts(&r->mentor, &r->mentee) : 0;
}

static RiskResult
PairRisk(const PairResult *r)
{
	PairFacts	facts;

	facts.mentor = &r->mentor;
	facts.mentee = &r->mentee;
	facts.factors = &r->factors;
	facts.conflicts = r->conflicts;
	facts.score_known = r->score_known;
	facts.score = r->score;
	facts.known_weight = r->detail.known_weight;
	return ComputeRisk(&facts);
}

/* factors(mentor, mentee) -> factor_scores */
PG_FUNCTION_INFO_V1(mentormatch_factors);
Datum
mentormatch_factors(PG_FUNCTION_ARGS)
{
	Person		mentor,
				mentee;
	FactorValues f;
	TupleDesc	desc = CachedResultDesc(fcinfo);
	Datum		values[NUM_FACTORS];
	bool		nulls[NUM_FACTORS];
	int			i;

	DecodePair(fcinfo, &mentor, &mentee);
	ComputeFactors(&mentor, &mentee, &f);
	for (i = 0; i < NUM_FACTORS; i++)
	{
		values[i] = Float8GetDatum(f.value[i]);
		nulls[i] = !f.known[i];
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* score(mentor, mentee, weights DEFAULT NULL) -> float8 */
PG_FUNCTION_INFO_V1(mentormatch_score);
Datum
mentormatch_score(PG_FUNCTION_ARGS)
{
	PairResult	r;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	ScorePair(fcinfo, CachedWeights(fcinfo, 2), false, &r);
	if (!r.score_known)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r.score);
}

/* conflicts(mentor, mentee) -> text[] */
PG_FUNCTION_INFO_V1(mentormatch_conflicts);
Datum
mentormatch_conflicts(PG_FUNCTION_ARGS)
{
	Person		mentor,
				mentee;

	DecodePair(fcinfo, &mentor, &mentee);
	PG_RETURN_DATUM(NamesToTextArray(conflict_names, NUM_CONFLICTS,
									 ComputeConflicts(&mentor, &mentee)));
}

/* default_weights() -> jsonb */
PG_FUNCTION_INFO_V1(mentormatch_default_weights);
Datum
mentormatch_default_weights(PG_FUNCTION_ARGS)
{
	NamedNumber named[NUM_FACTORS];
	int			i;

	for (i = 0; i < NUM_FACTORS; i++)
	{
		named[i].name = factor_names[i];
		named[i].len = strlen(factor_names[i]);
		named[i].value = default_weights[i];
	}
	PG_RETURN_JSONB_P(NamedNumbersToJsonb(named, NUM_FACTORS));
}

/*
 * What a model makes of a pair: "probability", and under "model" the
 * intercept, the log-odds, and each feature's value, coefficient and
 * contribution to the log-odds (they add up with the intercept).
 */
static void
PushModelExplained(JsonbParseState **state, const Model *model, const double *x)
{
	const char *const *names = FeatureNames();
	int			i;

	JsonbPushNumber(state, "probability", ModelProbability(model, x));
	JsonbPushKey(state, "model");
	pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
	JsonbPushNumber(state, "intercept", model->intercept);
	JsonbPushNumber(state, "log_odds", ModelLogOdds(model, x));
	JsonbPushKey(state, "features");
	pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < NUM_FEATURES; i++)
	{
		JsonbPushKey(state, names[i]);
		pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
		JsonbPushNumber(state, "value", x[i]);
		JsonbPushNumber(state, "coefficient", model->coef[i]);
		JsonbPushNumber(state, "contribution", model->coef[i] * x[i]);
		pushJsonbValue(state, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(state, WJB_END_OBJECT, NULL);
	pushJsonbValue(state, WJB_END_OBJECT, NULL);
}

/*
 * explain(mentor, mentee, weights DEFAULT NULL, model DEFAULT NULL) -> jsonb:
 * {"score": s, "known_weight": k,
 *	"factors": {"skills": {"value": v, "known": b, "used": u, "weight": w,
 *						   "contribution": c, "risk": [reasons it raises]}, ...},
 *	"unknown": the value an unknown factor counts as (null: renormalised),
 *	"conflicts": [...],
 *	"risk": {"level": l, "reasons": [...], "points": p,
 *			 "rules": {"skill_gap": "skills < 0.5", ...}}}
 * With a model also "probability" and "model" (PushModelExplained), and the
 * risk level follows the probability.
 * weight is the factor's share of the weight among those that count, so
 * contribution = used * weight and the contributions add up to score; an
 * unknown factor counts with used = unknown, or not at all (weight 0, used
 * null) when renormalised.
 */
PG_FUNCTION_INFO_V1(mentormatch_explain);
Datum
mentormatch_explain(PG_FUNCTION_ARGS)
{
	const Weights *weights;
	const Model *model;
	PairResult	r;
	RiskResult	risk;
	const char *const *reason_names = RiskReasonNames();
	JsonbParseState *state = NULL;
	JsonbValue *result;
	int			i;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	weights = CachedWeights(fcinfo, 2);
	model = CachedModel(fcinfo, 3);
	ModelWithoutHealth(model, "explain()");
	ScorePair(fcinfo, weights, true, &r);
	risk = PairRisk(&r);

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	if (model)
	{
		double		x[NUM_FEATURES];

		PairFeatures(&r.mentor, &r.mentee, &r.factors, r.conflicts, x);
		risk.level = RiskLevelFromProbability(ModelProbability(model, x),
											  r.conflicts);
		PushModelExplained(&state, model, x);
	}
	if (r.score_known)
		JsonbPushNumber(&state, "score", r.score);
	else
		JsonbPushNull(&state, "score");
	JsonbPushNumber(&state, "known_weight", r.detail.known_weight);
	if (weights->renormalise)
		JsonbPushNull(&state, "unknown");
	else
		JsonbPushNumber(&state, "unknown", weights->unknown[0]);	/* one value */
	JsonbPushKey(&state, "factors");
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < NUM_FACTORS; i++)
	{
		bool		counts = r.score_known && r.detail.counts[i];

		JsonbPushKey(&state, factor_names[i]);
		pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
		if (r.factors.known[i])
			JsonbPushNumber(&state, "value", r.factors.value[i]);
		else
			JsonbPushNull(&state, "value");
		JsonbPushBool(&state, "known", r.factors.known[i]);
		if (counts)
			JsonbPushNumber(&state, "used", r.detail.used[i]);
		else
			JsonbPushNull(&state, "used");
		JsonbPushNumber(&state, "weight", counts ? r.detail.weight[i] : 0.0);
		JsonbPushNumber(&state, "contribution",
						counts ? r.detail.contribution[i] : 0.0);
		JsonbPushNames(&state, "risk", reason_names, NUM_RISK_REASONS,
					   risk.reasons & FactorRiskReasons(i));
		pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	JsonbPushNames(&state, "conflicts", conflict_names, NUM_CONFLICTS,
				   r.conflicts);

	JsonbPushKey(&state, "risk");
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	JsonbPushString(&state, "level", risk_level_names[risk.level]);
	JsonbPushNames(&state, "reasons", reason_names, NUM_RISK_REASONS,
				   risk.reasons);
	JsonbPushNumber(&state, "points", risk.points);
	JsonbPushKey(&state, "rules");
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < NUM_RISK_REASONS; i++)
		JsonbPushString(&state, risk_rules[i].name, risk_rules[i].rule);
	pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	pushJsonbValue(&state, WJB_END_OBJECT, NULL);

	result = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(result));
}

/*
 * success_probability(mentor, mentee, model[, health]) -> float8 in (0, 1).
 * With health it is not strict: a NULL profile or model gives NULL, a NULL
 * health is refused by a model learned with health and ignored otherwise.
 */
PG_FUNCTION_INFO_V1(mentormatch_success_probability);
Datum
mentormatch_success_probability(PG_FUNCTION_ARGS)
{
	const Model *model;
	Person		mentor,
				mentee;
	FactorValues f;
	HealthFacts health;
	bool		has_health = PG_NARGS() > 3 && !PG_ARGISNULL(3);

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	model = CachedModel(fcinfo, 2);
	if (!has_health)
		ModelWithoutHealth(model, PG_NARGS() > 3 ? "success_probability() with a NULL health" :
						   "success_probability() without health");
	else if (model->health)
		DecodeHealth(PG_GETARG_HEAPTUPLEHEADER(3), &health);
	DecodePair(fcinfo, &mentor, &mentee);
	ComputeFactors(&mentor, &mentee, &f);
	PG_RETURN_FLOAT8(PairProbability(model, &mentor, &mentee, &f,
									 ComputeConflicts(&mentor, &mentee),
									 model->health ? &health : NULL));
}

/* risk(mentor, mentee, weights DEFAULT NULL, model DEFAULT NULL) -> risk_assessment */
PG_FUNCTION_INFO_V1(mentormatch_risk);
Datum
mentormatch_risk(PG_FUNCTION_ARGS)
{
	PairResult	r;
	RiskResult	risk;
	const Model *model;
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	desc = CachedResultDesc(fcinfo);
	model = CachedModel(fcinfo, 3);
	ModelWithoutHealth(model, "risk()");
	ScorePair(fcinfo, CachedWeights(fcinfo, 2), true, &r);
	risk = PairRisk(&r);
	if (model)
		risk.level = RiskLevelFromProbability(PairProbability(model, &r.mentor, &r.mentee,
															  &r.factors, r.conflicts, NULL),
											  r.conflicts);

	values[0] = CachedEnumLabel(fcinfo, TupleDescAttr(desc, 0)->atttypid,
								risk.level, risk_level_names[risk.level]);
	values[1] = NamesToTextArray(RiskReasonNames(), NUM_RISK_REASONS,
								 risk.reasons);
	values[2] = Float8GetDatum(r.score);
	nulls[2] = !r.score_known;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
