/*
 * people.h
 *		The mentees and mentors of match() and recommend(): two inner
 *		queries of (id, profile[, capacity]) rows, every profile decoded
 *		once into a Person.
 */
#ifndef MENTORMATCH_PEOPLE_H
#define MENTORMATCH_PEOPLE_H

#include "fmgr.h"

#include "cohort.h"
#include "factors.h"
#include "profile.h"

typedef struct People
{
	Cohort	   *cohort;			/* rows: mentees; columns: mentors */
	Person	   *mentees;		/* per row */
	Person	   *mentors;		/* per column */
	LabelDict  *dict;			/* every name of both sides */
} People;

/*
 * Reads the mentees query (argument 0) and the mentors query (argument 1)
 * into a new cohort named what.  Everything decoded is charged to the
 * cohort before it is allocated there.
 */
extern void ReadPeople(People *people, FunctionCallInfo fcinfo,
					   const char *what);

/*
 * The factors and score of mentor j for mentee i, exactly as score() has
 * them; false when no weighted factor is known.
 */
static inline bool
PeopleScore(const People *people, int32 i, int32 j, const Weights *weights,
			FactorValues *f, double *score)
{
	ComputeFactors(&people->mentors[j], &people->mentees[i], f);
	return WeightedScore(f, weights, score, NULL);
}

#endif							/* MENTORMATCH_PEOPLE_H */
