/*
 * parity.h
 *		objective => 'parity' in match() and assign(): the mentees' groups,
 *		from a group column of match()'s mentees query or assign()'s groups
 *		query (mentee_id, group), and the solve (core/flow_parity.h).
 *
 * The highest lowest matched rate over the groups (matched ÷ the group's
 * mentees, kept ones counted as matched), then the most mentees matched,
 * then the highest total, exactly.  A NULL group, and a mentee the groups
 * query does not name, is the group unknown.  Parity solves every
 * candidate pair: match() keeps them all (no pruning).
 */
#ifndef MENTORMATCH_PARITY_H
#define MENTORMATCH_PARITY_H

#include "base/inner_query.h"
#include "core/flow.h"
#include "matching/cohort.h"

/* The group of a NULL, and of a mentee given none. */
#define UNKNOWN_GROUP	"unknown"

/* Groups will be read (a group column or query exists), even if none is. */
extern void CohortGroupsBegin(Cohort *c);

/* Row row's group: column `column` of q's current row (NULL: unknown). */
extern void CohortSetGroup(Cohort *c, int32 row, InnerQuery *q, int column);

/*
 * The groups query of assign(): (mentee_id, group).  A mentee not among
 * the rows is ignored; one named twice is an error (22023), every one
 * named.  SPI must be connected; after the rows are known.
 */
extern void ReadGroups(Cohort *c, text *sql);

/*
 * Objective parity needs groups, and groups need objective parity: 22023
 * otherwise, with a hint on where the groups go (source: "a group column
 * in the mentees query", say).  Parity takes no priorities that rank
 * anyone above anyone (22023): after CohortRowClasses.
 */
extern void CheckGroupsForObjective(const Cohort *c, AssignObjective objective,
									const char *source);

/* What SolveCohortParity charges besides row_edge, from sizes alone. */
extern Size ParityCohortBound(const Cohort *c);

/* The parity optimum of the filtered cohort: row_edge as SolveCohort's. */
extern int64 *SolveCohortParity(Cohort *c);

#endif							/* MENTORMATCH_PARITY_H */
