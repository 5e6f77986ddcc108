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
Member(Jsonb *jb, const char *key)
{
	return getKeyJsonValueFromContainer(&jb->root, key, strlen(key), NULL);
}

void
ParseModel(Jsonb *jb, Model *m)
{
	const char *const *names = FeatureNames();
	JsonbValue *v;
	JsonbIterator *it;
	JsonbValue	kv;
	JsonbIteratorToken tok;
	int			current = -1,
				i;
	double		bound;

	if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
		BadModel("The model is not a jsonb object.");
	v = Member(jb, "model");
	if (v == NULL || v->type != jbvString || v->val.string.len != 8 ||
		memcmp(v->val.string.val, "logistic", 8) != 0)
		BadModel("\"model\" is not \"logistic\".");
	v = Member(jb, "version");
	if (ModelNumber(v, "\"version\"") != MODEL_VERSION)
		BadModel(psprintf("\"version\" is not %d.", MODEL_VERSION));
	m->intercept = ModelNumber(Member(jb, "intercept"), "\"intercept\"");
	memset(m->coef, 0, sizeof(m->coef));
	v = Member(jb, "health");
	if (v != NULL && v->type != jbvBool)
		BadModel("\"health\" is not true or false.");
	m->health = v != NULL && v->val.boolean;

	v = Member(jb, "coefficients");
	if (v == NULL || v->type != jbvBinary ||
		!JsonContainerIsObject(v->val.binary.data))
		BadModel("\"coefficients\" is not an object.");
	it = JsonbIteratorInit(v->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &kv, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			current = -1;
			for (i = 0; i < (m->health ? NUM_ALL_FEATURES : NUM_FEATURES); i++)
				if ((int) strlen(names[i]) == kv.val.string.len &&
					memcmp(names[i], kv.val.string.val, kv.val.string.len) == 0)
					current = i;
			if (current < 0)
				BadModel(psprintf(kv.val.string.len > 7 &&
								  memcmp(kv.val.string.val, "health_", 7) == 0 && !m->health ?
								  "\"%.*s\" is a feature of a model learned with health, and the model does not say \"health\": true." :
								  "\"%.*s\" is not a feature.",
								  kv.val.string.len, kv.val.string.val));
		}
		else if (tok == WJB_VALUE)
			m->coef[current] = ModelNumber(&kv, psprintf("The coefficient of \"%s\"",
														 names[current]));
	}

	/* every feature is in [0, 1]: the log-odds of any pair stay finite */
	bound = fabs(m->intercept);
	for (i = 0; i < NUM_ALL_FEATURES; i++)
		bound += fabs(m->coef[i]);
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
double
ModelProbability(const Model *m, const double *x)
{
	double		p = logistic_sigmoid(ModelLogOdds(m, x));

	return Min(Max(p, DBL_MIN), 1.0 - DBL_EPSILON / 2);
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
