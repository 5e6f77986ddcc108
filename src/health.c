/*
 * health.c
 *		The health(met_at, rating, started_at, as_of) aggregate: how a
 *		running mentoring pair is doing, from its check-ins.
 *
 * The state keeps sufficient statistics only, all in integers: the number
 * of meetings, the first and the two latest meeting times, and for the
 * rating trend the sums of t, t^2, r and t*r with t in whole seconds since
 * started_at and r in thousandths of a rating point (int128).  Integer sums
 * do not depend on the order rows arrive in, so a parallel (partial) plan
 * gives exactly the serial answer.  Rows after as_of are ignored and the
 * clock is never read.
 *
 * Rules (days are 86400 seconds; README "Relationship health"):
 *	 no_first_meeting	no meeting yet, more than 21 days after started_at
 *	 overdue			days since the last meeting > max(14, 2 x the expected
 *						gap); expected gap: the typical gap with two meetings
 *						or more, else 30 days
 *	 cadence_slowing	three meetings or more and the last gap is more than
 *						1.5 x the mean of the earlier gaps and at least 7 days
 *						longer than that mean; or two meetings or more and the
 *						days since the last are more than 1.5 x the typical gap
 *						and at least 7 days more than it
 *	 low_rating			mean rating below 3
 *	 declining_rating	three ratings or more, trend -0.5 per 30 days or less
 * Status: stalled when no meeting for more than 90 days, or none at all
 * more than 60 days after started_at; else not_started when there is no
 * meeting yet; else at_risk with overdue, low_rating or declining_rating;
 * else cooling with cadence_slowing; else healthy.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "base.h"
#include "callcache.h"

#ifndef HAVE_INT128
#error "health() needs a 128-bit integer type"
#endif

#define NO_FIRST_MEETING_DAYS	21.0
#define NEVER_STARTED_DAYS		60.0
#define STALLED_DAYS			90.0
#define OVERDUE_MIN_DAYS		14.0
#define OVERDUE_FACTOR			2.0
#define DEFAULT_GAP_DAYS		30.0
#define SLOWING_FACTOR			1.5
#define SLOWING_MIN_DAYS		7.0
#define LOW_RATING_BELOW		3.0
#define DECLINING_TREND			(-0.5)
#define TREND_PERIOD_DAYS		30.0
#define RATING_SCALE			1000	/* ratings kept in thousandths */

typedef struct HealthState
{
	TimestampTz started_at;
	TimestampTz as_of;
	int64		meetings;
	TimestampTz first;
	TimestampTz last;
	TimestampTz second_last;	/* valid with two meetings or more */
	int64		ratings;
	int128		sum_t;			/* t: seconds since started_at */
	int128		sum_tt;
	int128		sum_r;			/* r: rating in thousandths */
	int128		sum_tr;
} HealthState;

static const char *const health_status_names[] = {
	"not_started", "healthy", "cooling", "at_risk", "stalled"
};

enum
{
	STATUS_NOT_STARTED,
	STATUS_HEALTHY,
	STATUS_COOLING,
	STATUS_AT_RISK,
	STATUS_STALLED,
	NUM_HEALTH_STATUS
};

static const char *const health_reason_names[] = {
	"no_first_meeting", "overdue", "cadence_slowing", "low_rating",
	"declining_rating"
};

enum
{
	HEALTH_NO_FIRST_MEETING = 1 << 0,
	HEALTH_OVERDUE = 1 << 1,
	HEALTH_CADENCE_SLOWING = 1 << 2,
	HEALTH_LOW_RATING = 1 << 3,
	HEALTH_DECLINING_RATING = 1 << 4,
	NUM_HEALTH_REASONS = 5
};

static double
Days(TimestampTz from, TimestampTz to)
{
	return (double) (to - from) / USECS_PER_DAY;
}

static void
CheckSameBounds(HealthState *s, TimestampTz started_at, TimestampTz as_of)
{
	if (s->started_at != started_at || s->as_of != as_of)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("health() needs the same started_at and as_of in every row of a group"),
				 errhint("Group by the pair, or pass the pair's own started_at and one as_of.")));
}

/* Adds one meeting time to the first and two latest (s->meetings not yet counted). */
static void
MergeLatest(HealthState *s, TimestampTz t)
{
	if (s->meetings == 0)
	{
		s->first = s->last = t;
		return;
	}
	s->first = Min(s->first, t);
	if (t >= s->last)
	{
		s->second_last = s->last;
		s->last = t;
	}
	else if (s->meetings == 1 || t > s->second_last)
		s->second_last = t;
}

static HealthState *
HealthStateGet(FunctionCallInfo fcinfo, MemoryContext *aggcxt)
{
	if (!AggCheckCallContext(fcinfo, aggcxt))
		elog(ERROR, "health called in non-aggregate context");
	return PG_ARGISNULL(0) ? NULL : (HealthState *) PG_GETARG_POINTER(0);
}

PG_FUNCTION_INFO_V1(health_transfn);
Datum
health_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	HealthState *s = HealthStateGet(fcinfo, &aggcxt);
	TimestampTz started_at,
				as_of,
				met_at;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("health() needs started_at and as_of in every row")));
	started_at = PG_GETARG_TIMESTAMPTZ(3);
	as_of = PG_GETARG_TIMESTAMPTZ(4);
	if (TIMESTAMP_NOT_FINITE(started_at) || TIMESTAMP_NOT_FINITE(as_of))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("health() needs finite started_at and as_of")));
	if (as_of < started_at)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of is before started_at"),
				 errdetail("A pair cannot be assessed before it starts.")));
	if (!PG_ARGISNULL(2))
	{
		float4		rating = PG_GETARG_FLOAT4(2);

		if (!(rating >= 1.0 && rating <= 5.0))	/* NaN fails too */
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("rating must be from 1 to 5, not %g", rating)));
	}

	if (s == NULL)
	{
		s = MemoryContextAllocZero(aggcxt, sizeof(HealthState));
		s->started_at = started_at;
		s->as_of = as_of;
	}
	else
		CheckSameBounds(s, started_at, as_of);

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(s);	/* a pair without check-ins (LEFT JOIN) */
	met_at = PG_GETARG_TIMESTAMPTZ(1);
	if (TIMESTAMP_NOT_FINITE(met_at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("health() needs a finite met_at")));
	if (met_at > as_of)
		PG_RETURN_POINTER(s);	/* after the assessment: ignored */

	MergeLatest(s, met_at);
	s->meetings++;
	if (!PG_ARGISNULL(2))
	{
		int64		t = (met_at - started_at) / USECS_PER_SEC;
		int64		r = (int64) rint(PG_GETARG_FLOAT4(2) * RATING_SCALE);

		s->ratings++;
		s->sum_t += t;
		s->sum_tt += (int128) t * t;
		s->sum_r += r;
		s->sum_tr += (int128) t * r;
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(health_combinefn);
Datum
health_combinefn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	HealthState *s = HealthStateGet(fcinfo, &aggcxt);
	HealthState *o = PG_ARGISNULL(1) ? NULL : (HealthState *) PG_GETARG_POINTER(1);

	if (o == NULL)
		PG_RETURN_POINTER(s);
	if (s == NULL)
	{
		s = MemoryContextAlloc(aggcxt, sizeof(HealthState));
		*s = *o;
		PG_RETURN_POINTER(s);
	}
	CheckSameBounds(s, o->started_at, o->as_of);
	if (o->meetings > 0 && s->meetings == 0)
	{
		s->first = o->first;
		s->last = o->last;
		s->second_last = o->second_last;
		s->meetings = o->meetings;
	}
	else if (o->meetings > 0)
	{
		/* the two latest of the union are among each side's two latest */
		MergeLatest(s, o->last);
		s->meetings++;
		if (o->meetings >= 2)
			MergeLatest(s, o->second_last);
		s->first = Min(s->first, o->first);
		s->meetings += o->meetings - 1;
	}
	s->ratings += o->ratings;
	s->sum_t += o->sum_t;
	s->sum_tt += o->sum_tt;
	s->sum_r += o->sum_r;
	s->sum_tr += o->sum_tr;
	PG_RETURN_POINTER(s);
}

static void
SendInt128(StringInfo buf, int128 v)
{
	pq_sendint64(buf, (int64) (v >> 64));
	pq_sendint64(buf, (int64) (uint64) v);
}

static int128
GetInt128(StringInfo buf)
{
	int128		hi = pq_getmsgint64(buf);
	uint64		lo = (uint64) pq_getmsgint64(buf);

	return (int128) (((uint128) hi << 64) | lo);
}

PG_FUNCTION_INFO_V1(health_serialfn);
Datum
health_serialfn(PG_FUNCTION_ARGS)
{
	HealthState *s = (HealthState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, s->started_at);
	pq_sendint64(&buf, s->as_of);
	pq_sendint64(&buf, s->meetings);
	pq_sendint64(&buf, s->first);
	pq_sendint64(&buf, s->last);
	pq_sendint64(&buf, s->second_last);
	pq_sendint64(&buf, s->ratings);
	SendInt128(&buf, s->sum_t);
	SendInt128(&buf, s->sum_tt);
	SendInt128(&buf, s->sum_r);
	SendInt128(&buf, s->sum_tr);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define HEALTH_SERIAL_BYTES (7 * 8 + 4 * 16)

PG_FUNCTION_INFO_V1(health_deserialfn);
Datum
health_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt;
	HealthState *s;
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "health called in non-aggregate context");
	if (VARSIZE_ANY_EXHDR(bytes) != HEALTH_SERIAL_BYTES)
		elog(ERROR, "health state has %zu bytes, expected %d",
			 (size_t) VARSIZE_ANY_EXHDR(bytes), HEALTH_SERIAL_BYTES);
	buf.data = VARDATA_ANY(bytes);
	buf.len = VARSIZE_ANY_EXHDR(bytes);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	s = MemoryContextAlloc(aggcxt, sizeof(HealthState));
	s->started_at = pq_getmsgint64(&buf);
	s->as_of = pq_getmsgint64(&buf);
	s->meetings = pq_getmsgint64(&buf);
	s->first = pq_getmsgint64(&buf);
	s->last = pq_getmsgint64(&buf);
	s->second_last = pq_getmsgint64(&buf);
	s->ratings = pq_getmsgint64(&buf);
	s->sum_t = GetInt128(&buf);
	s->sum_tt = GetInt128(&buf);
	s->sum_r = GetInt128(&buf);
	s->sum_tr = GetInt128(&buf);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(health_finalfn);
Datum
health_finalfn(PG_FUNCTION_ARGS)
{
	HealthState *s;
	TupleDesc	desc;
	Datum		values[8];
	bool		nulls[8] = {false, false, false, false, false, false, false, false};
	int			reasons = 0;
	int			status;
	double		since_start,
				since_last = 0.0,
				typical = 0.0,
				trend = 0.0;
	bool		have_trend = false;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();		/* no rows */
	s = (HealthState *) PG_GETARG_POINTER(0);
	desc = CachedResultDesc(fcinfo);

	since_start = Days(s->started_at, s->as_of);
	if (s->meetings >= 1)
		since_last = Days(s->last, s->as_of);
	if (s->meetings >= 2)
		typical = Days(s->first, s->last) / (s->meetings - 1);
	if (s->ratings >= 2)
	{
		int128		n = s->ratings;
		int128		den = n * s->sum_tt - s->sum_t * s->sum_t;

		if (den != 0)
		{
			/* least squares slope: thousandths per second, to points per period */
			trend = (double) (n * s->sum_tr - s->sum_t * s->sum_r) / (double) den
				* (TREND_PERIOD_DAYS * SECS_PER_DAY) / RATING_SCALE;
			have_trend = true;
		}
	}

	if (s->meetings == 0)
	{
		if (since_start > NO_FIRST_MEETING_DAYS)
			reasons |= HEALTH_NO_FIRST_MEETING;
	}
	else
	{
		double		expected = s->meetings >= 2 ? typical : DEFAULT_GAP_DAYS;

		if (since_last > Max(OVERDUE_MIN_DAYS, OVERDUE_FACTOR * expected))
			reasons |= HEALTH_OVERDUE;
		if (s->meetings >= 3)
		{
			double		last_gap = Days(s->second_last, s->last);
			double		earlier = Days(s->first, s->second_last) / (s->meetings - 2);

			if (last_gap > SLOWING_FACTOR * earlier && last_gap - earlier >= SLOWING_MIN_DAYS)
				reasons |= HEALTH_CADENCE_SLOWING;
		}
		if (s->meetings >= 2 && since_last > SLOWING_FACTOR * typical &&
			since_last - typical >= SLOWING_MIN_DAYS)
			reasons |= HEALTH_CADENCE_SLOWING;
	}
	if (s->ratings >= 1 &&
		(double) s->sum_r / RATING_SCALE / s->ratings < LOW_RATING_BELOW)
		reasons |= HEALTH_LOW_RATING;
	if (s->ratings >= 3 && have_trend && trend <= DECLINING_TREND)
		reasons |= HEALTH_DECLINING_RATING;

	if ((s->meetings == 0 && since_start > NEVER_STARTED_DAYS) ||
		(s->meetings > 0 && since_last > STALLED_DAYS))
		status = STATUS_STALLED;
	else if (s->meetings == 0)
		status = STATUS_NOT_STARTED;
	else if (reasons & (HEALTH_OVERDUE | HEALTH_LOW_RATING | HEALTH_DECLINING_RATING))
		status = STATUS_AT_RISK;
	else if (reasons & HEALTH_CADENCE_SLOWING)
		status = STATUS_COOLING;
	else
		status = STATUS_HEALTHY;

	values[0] = CachedEnumLabel(fcinfo, TupleDescAttr(desc, 0)->atttypid, status,
								health_status_names[status]);
	values[1] = NamesToTextArray(health_reason_names, NUM_HEALTH_REASONS, reasons);
	values[2] = Int32GetDatum((int32) Min(s->meetings, PG_INT32_MAX));
	values[3] = TimestampTzGetDatum(s->last);
	nulls[3] = s->meetings == 0;
	values[4] = Float8GetDatum(since_last);
	nulls[4] = s->meetings == 0;
	values[5] = Float8GetDatum(typical);
	nulls[5] = s->meetings < 2;
	values[6] = Float8GetDatum((double) s->sum_r / RATING_SCALE / Max(s->ratings, 1));
	nulls[6] = s->ratings == 0;
	values[7] = Float8GetDatum(trend);
	nulls[7] = !have_trend;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
