/*
 * evaluate.c
 *		The evaluate(predicted, succeeded) aggregate: how well any predictor
 *		(a probability, a score, a risk rank) tells the pairs that succeeded
 *		from those that did not.
 *
 * {"pairs", "successes", "auc", "probabilities", "brier", "log_loss", "calibration":
 *  [{"predicted", "observed", "pairs"}, ...]}
 *	 auc		the chance that a random success is predicted above a random
 *				failure, ties counting half (NULL without both outcomes)
 *	 brier		mean (predicted - outcome)^2, and
 *	 log_loss	-mean log of the probability given to the outcome
 *				(predictions clipped to [1e-15, 1 - 1e-15]), both NULL unless
 *				every prediction is in [0, 1]
 *	 probabilities	whether every prediction is in [0, 1]
 *	 calibration	ten groups of about equal size by prediction, equal
 *				predictions kept together: the mean prediction, the
 *				observed rate of success, the number of pairs
 * The state keeps the pairs (base/aggregate_rows.h); the final function sorts
 * a copy, so the result does not depend on the order rows arrive in or on a
 * parallel plan.  Rows with a NULL prediction or outcome are ignored; NaN is
 * an error.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "base/aggregate_rows.h"
#include "base/jsonb_writer.h"

#define CALIBRATION_GROUPS	10
#define LOG_LOSS_CLIP		1e-15

/* One pair of the state (base/aggregate_rows.h): prediction and outcome. */
typedef struct Outcome
{
	double		predicted;
	uint8		succeeded;
} Outcome;

PG_FUNCTION_INFO_V1(evaluate_transfn);
Datum
evaluate_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = AggRowsContext(fcinfo, "evaluate");
	AggRows    *s;
	Outcome    *row;
	double		predicted;

	s = PG_ARGISNULL(0) ? AggRowsNew(aggcxt, sizeof(Outcome)) :
		(AggRows *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	predicted = PG_GETARG_FLOAT8(1);
	if (isnan(predicted))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("evaluate() got a NaN prediction")));
	row = AggRowsPush(s, aggcxt);
	row->predicted = predicted;
	row->succeeded = PG_GETARG_BOOL(2) ? 1 : 0;
	PG_RETURN_POINTER(s);
}

static int
CompareOutcomes(const void *a, const void *b)
{
	const Outcome *x = a,
			   *y = b;

	if (x->predicted != y->predicted)
		return x->predicted < y->predicted ? -1 : 1;
	return (int) x->succeeded - (int) y->succeeded;
}

PG_FUNCTION_INFO_V1(evaluate_finalfn);
Datum
evaluate_finalfn(PG_FUNCTION_ARGS)
{
	AggRows    *s;
	Outcome    *rows;
	int64		n,
				successes = 0,
				failures_below = 0,
				i,
				j;
	double		ranked = 0.0,
				brier = 0.0,
				log_loss = 0.0;
	bool		in_unit = true;
	JsonbParseState *state = NULL;
	JsonbValue *result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (AggRows *) PG_GETARG_POINTER(0);
	n = s->n;
	if (n == 0)
		PG_RETURN_NULL();
	rows = AGG_ROWS_COPY(Outcome, s);
	qsort(rows, n, sizeof(Outcome), CompareOutcomes);

	/* AUC: for each group of equal predictions, successes over failures */
	for (i = 0; i < n; i = j)
	{
		int64		pos = 0,
					neg = 0;

		for (j = i; j < n && rows[j].predicted == rows[i].predicted; j++)
		{
			if (rows[j].succeeded)
				pos++;
			else
				neg++;
		}
		ranked += (double) pos * ((double) failures_below + 0.5 * (double) neg);
		failures_below += neg;
		successes += pos;
	}
	for (i = 0; i < n; i++)
	{
		double		p = rows[i].predicted,
					y = rows[i].succeeded,
					clipped;

		if (!(p >= 0.0 && p <= 1.0))
		{
			in_unit = false;
			break;
		}
		brier += (p - y) * (p - y);
		clipped = Min(Max(p, LOG_LOSS_CLIP), 1.0 - LOG_LOSS_CLIP);
		log_loss -= y > 0 ? log(clipped) : log(1.0 - clipped);
	}

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	JsonbPushNumber(&state, "pairs", (double) n);
	JsonbPushNumber(&state, "successes", (double) successes);
	if (successes > 0 && successes < n)
		JsonbPushNumber(&state, "auc",
						ranked / ((double) successes * (double) (n - successes)));
	else
		JsonbPushNull(&state, "auc");
	/* a score or a rank is no probability: say so, beside NULL Brier and loss */
	JsonbPushBool(&state, "probabilities", in_unit);
	if (in_unit)
	{
		JsonbPushNumber(&state, "brier", brier / n);
		JsonbPushNumber(&state, "log_loss", log_loss / n);
	}
	else
	{
		JsonbPushNull(&state, "brier");
		JsonbPushNull(&state, "log_loss");
	}

	/* calibration: a group starts where a prediction's first rank falls */
	JsonbPushKey(&state, "calibration");
	pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < n;)
	{
		int			group = (int) (i * CALIBRATION_GROUPS / n);
		double		sum_p = 0.0;
		int64		count = 0,
					hits = 0;

		for (j = i; j < n; j++)
		{
			if (j > i && rows[j].predicted != rows[j - 1].predicted &&
				(int) (j * CALIBRATION_GROUPS / n) != group)
				break;
			sum_p += rows[j].predicted;
			hits += rows[j].succeeded;
			count++;
		}
		pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
		if (isfinite(sum_p))
			JsonbPushNumber(&state, "predicted", sum_p / count);
		else
			JsonbPushNull(&state, "predicted");
		JsonbPushNumber(&state, "observed", (double) hits / count);
		JsonbPushNumber(&state, "pairs", (double) count);
		pushJsonbValue(&state, WJB_END_OBJECT, NULL);
		i = j;
	}
	pushJsonbValue(&state, WJB_END_ARRAY, NULL);
	result = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(result));
}
