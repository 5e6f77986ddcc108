/*
 * relationship_health.h
 *		The relationship_health composite: what health() says of a running
 *		pair, and reading it back as numbers.
 *
 * health() (monitoring/health.c) writes it; the learned model reads it
 * (scoring/features.h), and so does interventions().  The status and
 * reason names are the SQL labels, in this order.
 */
#ifndef MENTORMATCH_RELATIONSHIP_HEALTH_H
#define MENTORMATCH_RELATIONSHIP_HEALTH_H

#include "access/htup.h"

typedef enum HealthStatus
{
	HEALTH_NOT_STARTED,
	HEALTH_HEALTHY,
	HEALTH_COOLING,
	HEALTH_AT_RISK,
	HEALTH_STALLED,
	NUM_HEALTH_STATUS
} HealthStatus;

extern const char *const health_status_names[NUM_HEALTH_STATUS];

/* The reasons, as bits of HealthFacts.reasons. */
enum
{
	HEALTH_NO_FIRST_MEETING = 1 << 0,
	HEALTH_OVERDUE = 1 << 1,
	HEALTH_CADENCE_SLOWING = 1 << 2,
	HEALTH_LOW_RATING = 1 << 3,
	HEALTH_DECLINING_RATING = 1 << 4
};

#define NUM_HEALTH_REASONS	5

extern const char *const health_reason_names[NUM_HEALTH_REASONS];

/* The attributes of relationship_health, 1-based, as created. */
#define HEALTH_ATT_STATUS			1
#define HEALTH_ATT_REASONS			2
#define HEALTH_ATT_MEETINGS			3
#define HEALTH_ATT_LAST_MET			4
#define HEALTH_ATT_DAYS_SINCE_LAST	5
#define HEALTH_ATT_TYPICAL_GAP		6
#define HEALTH_ATT_RATING_MEAN		7
#define HEALTH_ATT_RATING_TREND		8
#define HEALTH_ATT_DAYS_RUNNING		9	/* from 0.3.0 */
#define HEALTH_NATTS				9

/* A pair's health as numbers; has_* false where the value is NULL. */
typedef struct HealthFacts
{
	HealthStatus status;
	int			reasons;		/* HEALTH_* bits */
	int32		meetings;
	double		days_running;
	bool		has_days_since_last;
	double		days_since_last;
	bool		has_typical_gap;
	double		typical_gap_days;
	bool		has_rating_mean;
	double		rating_mean;
	bool		has_rating_trend;
	double		rating_trend;
} HealthFacts;

/*
 * Reads a relationship_health value.  NULL status, meetings or
 * days_running, an unknown reason, a negative count or day figure, or a
 * rating outside 1..5 are 22023: the model would read nonsense.
 */
extern void DecodeHealth(HeapTupleHeader rec, HealthFacts *out);

/*
 * The health of a pair that has just started (as_of = started_at): the
 * one interventions() gives a proposed new pair.
 */
extern void NewPairHealth(HealthFacts *out);

#endif							/* MENTORMATCH_RELATIONSHIP_HEALTH_H */
