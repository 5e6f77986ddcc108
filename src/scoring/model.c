/*
 * model.c
 *		Reading a learned model and applying it (see model.h).
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "utils/builtins.h"
#include "utils/numeric.h"

#include "base/sql_values.h"
#include "core/logistic.h"
#include "scoring/model.h"

static void
BadModel(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid model"),
			 errdetail_internal("%s", detail),
			 errhint("A model is the jsonb learn() returns: {\"model\": \"logistic\", "
					 "\"version\": 1, \"intercept\": ..., \"coefficients\": "
					 "{feature: number, ...}}.")));
}

/* A finite number, or the error naming what it is. */
static double
ModelNumber(JsonbValue *v, const char *what)
{
	bool		too_large;
	double		d;

	if (v == NULL || v->type != jbvNumeric)
		BadModel(psprintf("%s is not a number.", what));
	d = NumericGetDouble(NumericGetDatum(v->val.numeric), &too_large, NULL);
	if (isnan(d) || isinf(d) || too_large)
		BadModel(psprintf("%s is not a finite double.", what));
	return d;
}

static JsonbValue *
Member(JsonbContainer *container, const char *key)
{
	return getKeyJsonValueFromContainer(container, key, strlen(key), NULL);
}

/*
 * "intercept" and "coefficients" of container (where, for errors: "" or
 * "\"at_start\"'s ") over the first n features into *intercept and coef,
 * which gets 0 for features it does not name; returns the sum of their
 * absolute values.
 */
static double
ParseCoefficients(JsonbContainer *container, const char *where, int n,
				  double *intercept, double *coef)
{
	const char *const *names = FeatureNames();
	JsonbValue *v;
	JsonbIterator *it;
	JsonbValue	kv;
	JsonbIteratorToken tok;
	int			current = -1,
				i;
	double		bound;

	*intercept = ModelNumber(Member(container, "intercept"),
							 psprintf("%s\"intercept\"", where));
	memset(coef, 0, sizeof(double) * n);
	v = Member(container, "coefficients");
	if (v == NULL || v->type != jbvBinary ||
		!JsonContainerIsObject(v->val.binary.data))
		BadModel(psprintf("%s\"coefficients\" is not an object.", where));
	it = JsonbIteratorInit(v->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &kv, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			current = -1;
			for (i = 0; i < n; i++)
				if ((int) strlen(names[i]) == kv.val.string.len &&
					memcmp(names[i], kv.val.string.val, kv.val.string.len) == 0)
					current = i;
			if (current < 0)
				BadModel(psprintf(kv.val.string.len > 7 &&
								  memcmp(kv.val.string.val, "health_", 7) == 0 ?
								  "\"%.*s\" is a feature of health, which %s\"coefficients\" may not name "
								  "(a model learned with health says \"health\": true)." :
								  "\"%.*s\" is not a feature%s.",
								  kv.val.string.len, kv.val.string.val, where));
		}
		else if (tok == WJB_VALUE)
			coef[current] = ModelNumber(&kv, psprintf("The coefficient of \"%s\"",
													  names[current]));
	}
	bound = fabs(*intercept);
	for (i = 0; i < n; i++)
		bound += fabs(coef[i]);
	return bound;
}

void
ParseModel(Jsonb *jb, Model *m)
{
	JsonbValue *v;
	double		bound;

	if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
		BadModel("The model is not a jsonb object.");
	v = Member(&jb->root, "model");
	if (v == NULL || v->type != jbvString || v->val.string.len != 8 ||
		memcmp(v->val.string.val, "logistic", 8) != 0)
		BadModel("\"model\" is not \"logistic\".");
	v = Member(&jb->root, "version");
	if (ModelNumber(v, "\"version\"") != MODEL_VERSION)
		BadModel(psprintf("\"version\" is not %d.", MODEL_VERSION));
	v = Member(&jb->root, "health");
	if (v != NULL && v->type != jbvBool)
		BadModel("\"health\" is not true or false.");
	m->health = v != NULL && v->val.boolean;

	bound = ParseCoefficients(&jb->root, "", m->health ? NUM_ALL_FEATURES : NUM_FEATURES,
							  &m->intercept, m->coef);
	if (m->health)
	{
		v = Member(&jb->root, "at_start");
		if (v == NULL || v->type != jbvBinary ||
			!JsonContainerIsObject(v->val.binary.data))
			BadModel("A model learned with health has \"at_start\", an object of "
					 "\"intercept\" and \"coefficients\": the model without health.");
		bound = Max(bound, ParseCoefficients(v->val.binary.data, "\"at_start\"'s ",
											 NUM_FEATURES, &m->start_intercept,
											 m->start_coef));
	}
	else
	{
		m->start_intercept = m->intercept;
		memcpy(m->start_coef, m->coef, sizeof(m->start_coef));
	}

	/* every feature is in [0, 1]: the log-odds of any pair stay finite */
	if (isinf(bound))
		BadModel("The intercept and coefficients are so large that a pair's log-odds would overflow.");
}

void
ModelWithoutHealth(const Model *m, const char *fn)
{
	if (m != NULL && m->health)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s cannot use a model learned with health", fn),
				 errdetail("The model predicts a running pair from its health; %s has none to give it.", fn),
				 errhint("Use success_probability(mentor, mentee, model, health) or interventions(), "
						 "or a model learned without health.")));
}

double
ModelLogOdds(const Model *m, const double *x)
{
	double		eta = m->intercept;
	int			i;

	for (i = 0; i < (m->health ? NUM_ALL_FEATURES : NUM_FEATURES); i++)
		eta += m->coef[i] * x[i];
	return eta;
}

/* In (0, 1) always: far out, the sigmoid stops at the nearest inner double. */
static double
ProbabilityOf(double log_odds)
{
	double		p = logistic_sigmoid(log_odds);

	return Min(Max(p, DBL_MIN), 1.0 - DBL_EPSILON / 2);
}

double
ModelProbability(const Model *m, const double *x)
{
	return ProbabilityOf(ModelLogOdds(m, x));
}

double
PairProbabilityAtStart(const Model *m, const Person *mentor, const Person *mentee,
					   const FactorValues *f, int conflicts)
{
	double		x[NUM_FEATURES];
	double		eta = m->start_intercept;
	int			i;

	PairFeatures(mentor, mentee, f, conflicts, x);
	for (i = 0; i < NUM_FEATURES; i++)
		eta += m->start_coef[i] * x[i];
	return ProbabilityOf(eta);
}

double
PairProbability(const Model *m, const Person *mentor, const Person *mentee,
				const FactorValues *f, int conflicts, const HealthFacts *health)
{
	double		x[NUM_ALL_FEATURES];

	PairFeatures(mentor, mentee, f, conflicts, x);
	if (m->health)
	{
		if (health == NULL)
			ModelWithoutHealth(m, "a call without health");
		HealthFeatures(health, x + NUM_FEATURES);
	}
	return ModelProbability(m, x);
}
