/*
 * relationship_health.c
 *		Reading relationship_health values (see relationship_health.h).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/typcache.h"

#include "types/relationship_health.h"

const char *const health_status_names[NUM_HEALTH_STATUS] = {
	"not_started", "healthy", "cooling", "at_risk", "stalled"
};

const char *const health_reason_names[NUM_HEALTH_REASONS] = {
	"no_first_meeting", "overdue", "cadence_slowing", "low_rating",
	"declining_rating"
};

static void
BadHealth(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid relationship_health"),
			 errdetail_internal("%s", detail),
			 errhint("Pass the value health() returns for the pair.")));
}

/* A day figure: finite and zero or more. */
static double
Days(Datum d, const char *what)
{
	double		days = DatumGetFloat8(d);

	if (isnan(days) || isinf(days) || days < 0.0)
		BadHealth(psprintf("%s must be a finite number of days, zero or more.", what));
	return days;
}

void
DecodeHealth(HeapTupleHeader rec, HealthFacts *out)
{
	TupleDesc	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(rec),
											  HeapTupleHeaderGetTypMod(rec));
	HeapTupleData tuple;
	Datum		values[HEALTH_NATTS];
	bool		nulls[HEALTH_NATTS];
	char	   *status;
	int			i;

	if (desc->natts != HEALTH_NATTS)
		elog(ERROR, "relationship_health has %d attributes, expected %d",
			 desc->natts, HEALTH_NATTS);
	tuple.t_len = HeapTupleHeaderGetDatumLength(rec);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = rec;
	heap_deform_tuple(&tuple, desc, values, nulls);
	ReleaseTupleDesc(desc);

#define FIELD(a)	values[(a) - 1]
#define ISNULL(a)	nulls[(a) - 1]

	if (ISNULL(HEALTH_ATT_STATUS) || ISNULL(HEALTH_ATT_MEETINGS) ||
		ISNULL(HEALTH_ATT_DAYS_RUNNING))
		BadHealth("status, meetings and days_running must not be NULL.");
	status = DatumGetCString(OidFunctionCall1(F_ENUM_OUT, FIELD(HEALTH_ATT_STATUS)));
	out->status = NUM_HEALTH_STATUS;
	for (i = 0; i < NUM_HEALTH_STATUS; i++)
		if (strcmp(status, health_status_names[i]) == 0)
			out->status = (HealthStatus) i;
	if (out->status == NUM_HEALTH_STATUS)
		elog(ERROR, "unknown health status \"%s\"", status);

	out->reasons = 0;
	if (!ISNULL(HEALTH_ATT_REASONS))
	{
		Datum	   *elems;
		bool	   *enulls;
		int			n,
					r;

		deconstruct_array(DatumGetArrayTypeP(FIELD(HEALTH_ATT_REASONS)), TEXTOID, -1,
						  false, TYPALIGN_INT, &elems, &enulls, &n);
		for (i = 0; i < n; i++)
		{
			char	   *name;

			if (enulls[i])
				BadHealth("reasons must not contain NULL.");
			name = TextDatumGetCString(elems[i]);
			for (r = 0; r < NUM_HEALTH_REASONS; r++)
				if (strcmp(name, health_reason_names[r]) == 0)
					break;
			if (r == NUM_HEALTH_REASONS)
				BadHealth(psprintf("\"%s\" is not a health reason.", name));
			out->reasons |= 1 << r;
		}
	}

	out->meetings = DatumGetInt32(FIELD(HEALTH_ATT_MEETINGS));
	if (out->meetings < 0)
		BadHealth("meetings must be zero or more.");
	out->days_running = Days(FIELD(HEALTH_ATT_DAYS_RUNNING), "days_running");
	out->has_days_since_last = !ISNULL(HEALTH_ATT_DAYS_SINCE_LAST);
	out->days_since_last = out->has_days_since_last ?
		Days(FIELD(HEALTH_ATT_DAYS_SINCE_LAST), "days_since_last") : 0.0;
	out->has_typical_gap = !ISNULL(HEALTH_ATT_TYPICAL_GAP);
	out->typical_gap_days = out->has_typical_gap ?
		Days(FIELD(HEALTH_ATT_TYPICAL_GAP), "typical_gap_days") : 0.0;
	out->has_rating_mean = !ISNULL(HEALTH_ATT_RATING_MEAN);
	out->rating_mean = out->has_rating_mean ? DatumGetFloat8(FIELD(HEALTH_ATT_RATING_MEAN)) : 0.0;
	if (out->has_rating_mean && !(out->rating_mean >= 1.0 && out->rating_mean <= 5.0))
		BadHealth("rating_mean must be from 1 to 5.");
	out->has_rating_trend = !ISNULL(HEALTH_ATT_RATING_TREND);
	out->rating_trend = out->has_rating_trend ? DatumGetFloat8(FIELD(HEALTH_ATT_RATING_TREND)) : 0.0;
	if (out->has_rating_trend && (isnan(out->rating_trend) || isinf(out->rating_trend)))
		BadHealth("rating_trend must be finite.");
#undef FIELD
#undef ISNULL
}

void
NewPairHealth(HealthFacts *out)
{
	memset(out, 0, sizeof(HealthFacts));
	out->status = HEALTH_NOT_STARTED;
}
