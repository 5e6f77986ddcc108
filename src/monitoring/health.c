/*
 * health.c
 *		The health(met_at, rating, started_at, as_of) aggregate: how a
 *		running mentoring pair is doing, from its check-ins.
 *
 * Check-ins are not meetings one for one: the same meeting is often logged
 * twice, or once by each side.  A check-in less than 24 hours after the
 * start of the meeting before it is part of that meeting, whose rating is
 * the mean of its check-ins' ratings.  The state therefore keeps the
 * check-ins themselves (time in microseconds, rating in thousandths of a
 * point), and the final function sorts a copy and groups it into meetings.
 * Sorting makes the result independent of the order rows arrive in, so a
 * parallel (partial) plan gives exactly the serial answer.  Rows after
 * as_of and before started_at are ignored, and the clock is never read.
 *
 * Rules (days are 86400 seconds; docs/reference.md "Relationship health"):
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

#include "base/aggregate_rows.h"
#include "base/sql_values.h"
#include "scoring/call_cache.h"
#include "types/relationship_health.h"

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

/* One check-in: when, and its rating in thousandths (NO_RATING: none). */
typedef struct CheckIn
{
	TimestampTz at;
	int32		rating;
} CheckIn;

#define NO_RATING		(-1)

typedef struct HealthState
{
	TimestampTz started_at;
	TimestampTz as_of;
	AggRows		checkins;		/* CheckIn rows */
} HealthState;

/* A meeting: its first check-in's time, the mean rating of its check-ins. */
typedef struct Meeting
{
	TimestampTz at;
	bool		rated;
	double		rating;			/* rating points */
} Meeting;

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

static HealthState *
NewHealthState(MemoryContext aggcxt, TimestampTz started_at, TimestampTz as_of)
{
	HealthState *s = MemoryContextAllocZero(aggcxt, sizeof(HealthState));

	s->started_at = started_at;
	s->as_of = as_of;
	AggRowsInit(&s->checkins, sizeof(CheckIn));
	return s;
}

PG_FUNCTION_INFO_V1(health_transfn);
Datum
health_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = AggRowsContext(fcinfo, "health");
	HealthState *s = PG_ARGISNULL(0) ? NULL : (HealthState *) PG_GETARG_POINTER(0);
	TimestampTz started_at,
				as_of,
				met_at;
	CheckIn    *checkin;

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
		s = NewHealthState(aggcxt, started_at, as_of);
	else
		CheckSameBounds(s, started_at, as_of);

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(s);	/* a pair without check-ins (LEFT JOIN) */
	met_at = PG_GETARG_TIMESTAMPTZ(1);
	if (TIMESTAMP_NOT_FINITE(met_at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("health() needs a finite met_at")));
	if (met_at > as_of || met_at < started_at)
		PG_RETURN_POINTER(s);	/* outside the assessment: ignored */

	checkin = AggRowsPush(&s->checkins, aggcxt);
	checkin->at = met_at;
	checkin->rating = PG_ARGISNULL(2) ? NO_RATING :
		(int32) rint(PG_GETARG_FLOAT4(2) * RATING_SCALE);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(health_combinefn);
Datum
health_combinefn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = AggRowsContext(fcinfo, "health");
	HealthState *s = PG_ARGISNULL(0) ? NULL : (HealthState *) PG_GETARG_POINTER(0);
	HealthState *o = PG_ARGISNULL(1) ? NULL : (HealthState *) PG_GETARG_POINTER(1);

	if (o == NULL)
		PG_RETURN_POINTER(s);
	if (s == NULL)
		s = NewHealthState(aggcxt, o->started_at, o->as_of);
	else
		CheckSameBounds(s, o->started_at, o->as_of);
	AggRowsAppend(&s->checkins, aggcxt, &o->checkins);
	PG_RETURN_POINTER(s);
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
	AggRowsSend(&buf, &s->checkins, "health()");
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(health_deserialfn);
Datum
health_deserialfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = AggRowsContext(fcinfo, "health");
	HealthState *s;
	StringInfoData buf;
	TimestampTz started_at,
				as_of;

	AggStateBuffer(&buf, PG_GETARG_BYTEA_PP(0));
	if (buf.len < 16)
		elog(ERROR, "health state has %d bytes, expected at least 16", buf.len);
	started_at = pq_getmsgint64(&buf);
	as_of = pq_getmsgint64(&buf);
	s = NewHealthState(aggcxt, started_at, as_of);
	AggRowsReceive(&buf, &s->checkins, aggcxt, "health");
	PG_RETURN_POINTER(s);
}

static int
CompareCheckIns(const void *a, const void *b)
{
	const CheckIn *x = a,
			   *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return (x->rating > y->rating) - (x->rating < y->rating);
}

/*
 * The check-ins grouped into meetings, in time order: a check-in less than
 * 24 hours after the start of the current meeting joins it.  Returns the
 * number of meetings.
 */
static int64
GroupMeetings(const HealthState *s, Meeting *out)
{
	/* a sorted copy: the state itself stays as it is */
	CheckIn    *rows = AGG_ROWS_COPY(CheckIn, &s->checkins);
	int64		count = s->checkins.n,
				i = 0,
				n = 0;

	qsort(rows, count, sizeof(CheckIn), CompareCheckIns);
	while (i < count)
	{
		TimestampTz start = rows[i].at;
		int64		sum = 0,
					rated = 0;

		for (; i < count && rows[i].at - start < USECS_PER_DAY; i++)
			if (rows[i].rating != NO_RATING)
			{
				sum += rows[i].rating;
				rated++;
			}
		out[n].at = start;
		out[n].rated = rated > 0;
		out[n].rating = rated > 0 ? (double) sum / rated / RATING_SCALE : 0.0;
		n++;
	}
	return n;
}

PG_FUNCTION_INFO_V1(health_finalfn);
Datum
health_finalfn(PG_FUNCTION_ARGS)
{
	HealthState *s;
	TupleDesc	desc;
	Datum		values[HEALTH_NATTS];
	bool		nulls[HEALTH_NATTS] = {false};
	int			reasons = 0;
	int			status;
	Meeting    *m;
	int64		meetings,
				ratings = 0,
				i;
	TimestampTz first = 0,
				last = 0,
				second_last = 0;
	double		since_start,
				since_last = 0.0,
				typical = 0.0,
				trend = 0.0,
				rating_mean = 0.0;
	bool		have_trend = false;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();		/* no rows */
	s = (HealthState *) PG_GETARG_POINTER(0);
	desc = CachedResultDesc(fcinfo);

	m = palloc_extended(mul_size(sizeof(Meeting), Max(s->checkins.n, 1)), MCXT_ALLOC_HUGE);
	meetings = GroupMeetings(s, m);
	if (meetings >= 1)
	{
		first = m[0].at;
		last = m[meetings - 1].at;
		second_last = meetings >= 2 ? m[meetings - 2].at : 0;
	}
	for (i = 0; i < meetings; i++)
		if (m[i].rated)
		{
			ratings++;
			rating_mean += m[i].rating;
		}
	if (ratings > 0)
		rating_mean /= ratings;

	since_start = Days(s->started_at, s->as_of);
	if (meetings >= 1)
		since_last = Days(last, s->as_of);
	if (meetings >= 2)
		typical = Days(first, last) / (meetings - 1);
	if (ratings >= 2)
	{
		/* least squares slope of rating over days, centred, in time order */
		double		tbar = 0.0,
					sxx = 0.0,
					sxy = 0.0;

		for (i = 0; i < meetings; i++)
			if (m[i].rated)
				tbar += Days(s->started_at, m[i].at);
		tbar /= ratings;
		for (i = 0; i < meetings; i++)
			if (m[i].rated)
			{
				double		dt = Days(s->started_at, m[i].at) - tbar;

				sxx += dt * dt;
				sxy += dt * (m[i].rating - rating_mean);
			}
		if (sxx > 0.0)
		{
			trend = sxy / sxx * TREND_PERIOD_DAYS;
			have_trend = true;
		}
	}

	if (meetings == 0)
	{
		if (since_start > NO_FIRST_MEETING_DAYS)
			reasons |= HEALTH_NO_FIRST_MEETING;
	}
	else
	{
		double		expected = meetings >= 2 ? typical : DEFAULT_GAP_DAYS;

		if (since_last > Max(OVERDUE_MIN_DAYS, OVERDUE_FACTOR * expected))
			reasons |= HEALTH_OVERDUE;
		if (meetings >= 3)
		{
			double		last_gap = Days(second_last, last);
			double		earlier = Days(first, second_last) / (meetings - 2);

			if (last_gap > SLOWING_FACTOR * earlier && last_gap - earlier >= SLOWING_MIN_DAYS)
				reasons |= HEALTH_CADENCE_SLOWING;
		}
		if (meetings >= 2 && since_last > SLOWING_FACTOR * typical &&
			since_last - typical >= SLOWING_MIN_DAYS)
			reasons |= HEALTH_CADENCE_SLOWING;
	}
	if (ratings >= 1 && rating_mean < LOW_RATING_BELOW)
		reasons |= HEALTH_LOW_RATING;
	if (ratings >= 3 && have_trend && trend <= DECLINING_TREND)
		reasons |= HEALTH_DECLINING_RATING;

	if ((meetings == 0 && since_start > NEVER_STARTED_DAYS) ||
		(meetings > 0 && since_last > STALLED_DAYS))
		status = HEALTH_STALLED;
	else if (meetings == 0)
		status = HEALTH_NOT_STARTED;
	else if (reasons & (HEALTH_OVERDUE | HEALTH_LOW_RATING | HEALTH_DECLINING_RATING))
		status = HEALTH_AT_RISK;
	else if (reasons & HEALTH_CADENCE_SLOWING)
		status = HEALTH_COOLING;
	else
		status = HEALTH_HEALTHY;

	values[0] = CachedEnumLabel(fcinfo, TupleDescAttr(desc, 0)->atttypid, status,
								health_status_names[status]);
	values[1] = NamesToTextArray(health_reason_names, NUM_HEALTH_REASONS, reasons);
	values[2] = Int32GetDatum((int32) Min(meetings, PG_INT32_MAX));
	values[3] = TimestampTzGetDatum(last);
	nulls[3] = meetings == 0;
	values[4] = Float8GetDatum(since_last);
	nulls[4] = meetings == 0;
	values[5] = Float8GetDatum(typical);
	nulls[5] = meetings < 2;
	values[6] = Float8GetDatum(rating_mean);
	nulls[6] = ratings == 0;
	values[7] = Float8GetDatum(trend);
	nulls[7] = !have_trend;
	/* a database not yet updated from 0.2.0 has no days_running */
	values[8] = Float8GetDatum(since_start);
	if (desc->natts != HEALTH_NATTS && desc->natts != HEALTH_NATTS - 1)
		elog(ERROR, "relationship_health has %d attributes, expected %d",
			 desc->natts, HEALTH_NATTS);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
