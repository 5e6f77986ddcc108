/*
 * learn.c
 *		The learn(mentor, mentee, succeeded) aggregate: a logistic model of
 *		success fitted to a programme's own history (see scoring/model.h
 *		for its jsonb, scoring/features.h for what it sees of a pair).
 *
 * The state keeps each pair's features (compactly) and outcome; the final
 * function sorts them (so the same rows give the same model bit for bit,
 * in any order and under any parallel plan), fits them by Newton's method
 * with an L2 penalty (core/logistic.h) and writes the model.  Rows whose
 * outcome is NULL are ignored.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "base/aggregate_rows.h"
#include "base/jsonb_writer.h"
#include "core/logistic.h"
#include "scoring/call_cache.h"
#include "scoring/conflicts.h"
#include "scoring/features.h"
#include "scoring/model.h"

/* The penalty on the coefficients (not the intercept). */
#define LEARN_LAMBDA		1.0

/* Pairs with an outcome below which a fit says too little to be kept. */
#define LEARN_MIN_PAIRS		20

/*
 * One pair of the state (base/aggregate_rows.h), compactly: its values (the
 * factors, then with health health's values), its indicator features as
 * bits, in feature order (scoring/features.h), its outcome.  Without health
 * a row is 72 bytes (the values of health unused), with health 120; a
 * state learns with health when its rows do (its width says).
 */
#define LEARN_VALUES	(NUM_FACTORS + NUM_HEALTH_VALUES)

typedef struct LearnRow
{
	uint64		indicators;		/* bit k: the k-th indicator feature */
	uint8		succeeded;
	double		value[LEARN_VALUES];
} LearnRow;

#define LEARN_ROW_WIDTH(health) \
	(offsetof(LearnRow, value) + sizeof(double) * \
	 ((health) ? LEARN_VALUES : NUM_FACTORS))

StaticAssertDecl(NUM_ALL_FEATURES - LEARN_VALUES <= 64, "indicators fit in a uint64");

/* The features of a row into x (NUM_ALL_FEATURES, or NUM_FEATURES). */
static void
RowFeatures(const LearnRow *row, bool health, double *x)
{
	int			n = health ? NUM_ALL_FEATURES : NUM_FEATURES,
				v = 0,
				b = 0,
				k;

	for (k = 0; k < n; k++)
		x[k] = FEATURE_IS_VALUE(k) ? row->value[v++] : (double) ((row->indicators >> b++) & 1);
}

/* x (n features) into a row. */
static void
PackRow(const double *x, int n, LearnRow *row)
{
	int			v = 0,
				b = 0,
				k;

	row->indicators = 0;
	for (k = 0; k < n; k++)
	{
		if (FEATURE_IS_VALUE(k))
			row->value[v++] = x[k];
		else if (x[k] != 0.0)
			row->indicators |= UINT64CONST(1) << b++;
		else
			b++;
	}
}

/*
 * learn(mentor, mentee, succeeded[, health]): with health the pair's
 * health features are learned too (a model "health": true).
 */
PG_FUNCTION_INFO_V1(learn_transfn);
Datum
learn_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = AggRowsContext(fcinfo, "learn");
	bool		health = PG_NARGS() > 4;
	AggRows    *s;
	Person		mentor,
				mentee;
	FactorValues f;
	LearnRow   *row;
	double		x[NUM_ALL_FEATURES];

	s = PG_ARGISNULL(0) ? AggRowsNew(aggcxt, LEARN_ROW_WIDTH(health)) :
		(AggRows *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(3))
		PG_RETURN_POINTER(s);	/* no outcome yet: ignored */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("learn() needs a mentor and a mentee profile in every row with an outcome")));
	if (health && PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("learn() with health needs the pair's health in every row with an outcome"),
				 errhint("Compute it with health() as of a fixed day of each pair's life, day 60 say.")));
	DecodePairArgs(fcinfo, 1, &mentor, &mentee);
	ComputeFactors(&mentor, &mentee, &f);
	PairFeatures(&mentor, &mentee, &f, ComputeConflicts(&mentor, &mentee), x);
	if (health)
	{
		HealthFacts h;

		DecodeHealth(PG_GETARG_HEAPTUPLEHEADER(4), &h);
		HealthFeatures(&h, x + NUM_FEATURES);
	}
	row = AggRowsPush(s, aggcxt);
	PackRow(x, health ? NUM_ALL_FEATURES : NUM_FEATURES, row);
	row->succeeded = PG_GETARG_BOOL(3) ? 1 : 0;
	PG_RETURN_POINTER(s);
}

/* Rows of the state, by index. */
#define STATE_ROW(s, i) \
	((const LearnRow *) ((const char *) AggRowsData((s), (s)->width) + (Size) (i) * (s)->width))

/* Rows (indexes into the state) in a canonical order: features, outcome. */
static int
CompareRows(const void *a, const void *b, void *arg)
{
	const AggRows *s = arg;
	const LearnRow *x = STATE_ROW(s, *(const int64 *) a),
			   *y = STATE_ROW(s, *(const int64 *) b);
	int			nvalues = (int) ((s->width - offsetof(LearnRow, value)) / sizeof(double));
	int			k;

	for (k = 0; k < nvalues; k++)
		if (x->value[k] != y->value[k])
			return x->value[k] < y->value[k] ? -1 : 1;
	if (x->indicators != y->indicators)
		return x->indicators < y->indicators ? -1 : 1;
	return (int) x->succeeded - (int) y->succeeded;
}

/*
 * The weights of a transparent score from the model: each factor's
 * coefficient where it is positive, scaled to add up to 1; the defaults if
 * none is.
 */
static void
PushLearnedWeights(JsonbParseState **state, const double *beta)
{
	double		total = 0.0;
	int			i;

	for (i = 0; i < NUM_FACTORS; i++)
		total += Max(beta[1 + i], 0.0);
	JsonbPushKey(state, "weights");
	pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < NUM_FACTORS; i++)
		JsonbPushNumber(state, factor_names[i],
						total > 0.0 ? Max(beta[1 + i], 0.0) / total : default_weights[i]);
	pushJsonbValue(state, WJB_END_OBJECT, NULL);
}

/* "intercept" and "coefficients" of beta over the first n features */
static void
PushCoefficients(JsonbParseState **state, const double *beta, int n)
{
	const char *const *names = FeatureNames();
	int			k;

	JsonbPushNumber(state, "intercept", beta[0]);
	JsonbPushKey(state, "coefficients");
	pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
	for (k = 0; k < n; k++)
		JsonbPushNumber(state, names[k], beta[1 + k]);
	pushJsonbValue(state, WJB_END_OBJECT, NULL);
}

PG_FUNCTION_INFO_V1(learn_finalfn);
Datum
learn_finalfn(PG_FUNCTION_ARGS)
{
	AggRows    *s;
	bool		health;
	int			nfeatures;
	double	   *x;
	uint8	   *y;
	int64	   *order;
	double		beta[NUM_ALL_FEATURES + 1],
				start_beta[NUM_FEATURES + 1];
	LogisticProblem p;
	LogisticFit fit;
	int64		successes = 0,
				i;
	JsonbParseState *state = NULL;
	JsonbValue *result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();		/* no rows */
	s = (AggRows *) PG_GETARG_POINTER(0);
	if (s->n == 0)
		PG_RETURN_NULL();		/* no row with an outcome */
	health = s->width == LEARN_ROW_WIDTH(true);
	nfeatures = health ? NUM_ALL_FEATURES : NUM_FEATURES;
	for (i = 0; i < s->n; i++)
		successes += STATE_ROW(s, i)->succeeded;
	if (successes == 0 || successes == s->n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn() needs pairs that succeeded and pairs that did not"),
				 errdetail("All %lld pairs %s.", (long long) s->n,
						   successes == 0 ? "failed" : "succeeded"),
				 errhint("Learn from a history that holds both outcomes.")));
	if (s->n < LEARN_MIN_PAIRS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn() needs at least %d pairs with an outcome, not %lld",
						LEARN_MIN_PAIRS, (long long) s->n),
				 errhint("Learn from more of the programme's history.")));

	/* sorted copies: the state itself stays as it is */
	order = palloc_extended(mul_size(sizeof(int64), s->n), MCXT_ALLOC_HUGE);
	for (i = 0; i < s->n; i++)
		order[i] = i;
	qsort_arg(order, s->n, sizeof(int64), CompareRows, s);
	x = palloc_extended(mul_size(sizeof(double) * nfeatures, s->n), MCXT_ALLOC_HUGE);
	y = palloc_extended(s->n, MCXT_ALLOC_HUGE);
	for (i = 0; i < s->n; i++)
	{
		const LearnRow *row = STATE_ROW(s, order[i]);

		RowFeatures(row, health, x + i * nfeatures);
		y[i] = row->succeeded;
	}
	p.nrows = s->n;
	p.nfeatures = nfeatures;
	p.x = x;
	p.y = y;
	p.lambda = LEARN_LAMBDA;
	(void) logistic_fit(&p, beta, &fit);

	/*
	 * With health, the same pairs without it too: what the profiles alone
	 * say of a pair at its start (a rematch's new pair, say), which the
	 * health model, conditional on a health, cannot.
	 */
	if (health)
	{
		LogisticProblem start = p;
		LogisticFit start_fit;
		double	   *xs = palloc_extended(mul_size(sizeof(double) * NUM_FEATURES, s->n),
										 MCXT_ALLOC_HUGE);

		for (i = 0; i < s->n; i++)
			memcpy(xs + i * NUM_FEATURES, x + i * nfeatures, sizeof(double) * NUM_FEATURES);
		start.nfeatures = NUM_FEATURES;
		start.x = xs;
		(void) logistic_fit(&start, start_beta, &start_fit);
		pfree(xs);
	}

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	JsonbPushString(&state, "model", "logistic");
	JsonbPushNumber(&state, "version", MODEL_VERSION);
	if (health)
		JsonbPushBool(&state, "health", true);
	PushCoefficients(&state, beta, nfeatures);
	if (health)
	{
		JsonbPushKey(&state, "at_start");
		pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
		PushCoefficients(&state, start_beta, NUM_FEATURES);
		pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	}
	/* weights score new pairs: from the model at the start */
	PushLearnedWeights(&state, health ? start_beta : beta);
	JsonbPushNumber(&state, "pairs", (double) s->n);
	JsonbPushNumber(&state, "successes", (double) successes);
	JsonbPushKey(&state, "fit");
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	JsonbPushString(&state, "method", "newton");
	JsonbPushNumber(&state, "lambda", LEARN_LAMBDA);
	JsonbPushNumber(&state, "iterations", fit.iterations);
	JsonbPushBool(&state, "converged", fit.converged);
	JsonbPushNumber(&state, "log_likelihood", fit.log_likelihood);
	JsonbPushNumber(&state, "null_log_likelihood", fit.null_log_likelihood);
	JsonbPushNumber(&state, "pseudo_r2", 1.0 - fit.log_likelihood / fit.null_log_likelihood);
	JsonbPushNumber(&state, "max_gradient", fit.max_gradient);
	pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	result = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(result));
}
