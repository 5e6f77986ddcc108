/*
 * priority.h
 *		Mentee priorities in match() and assign(): set per row, read from a
 *		priorities query, and ranked into the classes the solver core takes
 *		(core/flow.h, AssignProblem.row_class).
 *
 * Coverage comes class by class from the highest priority down: no mentee
 * of a higher priority is left out for one of a lower, then the objective
 * as before (see docs/reference.md, "Priorities").
 */
#ifndef MENTORMATCH_PRIORITY_H
#define MENTORMATCH_PRIORITY_H

#include "base/inner_query.h"
#include "matching/cohort.h"

/* Row row's priority (rows given none have 0). */
extern void CohortSetPriority(Cohort *c, int32 row, int64 priority);

/*
 * The priorities query of assign(): (mentee_id, priority).  A mentee not
 * among the rows is ignored; one named twice is an error (22023), every
 * one named.  SPI must be connected; after the rows are known.
 */
extern void ReadPriorities(Cohort *c, text *sql);

/*
 * The rows' classes for the core: the distinct priorities of the rows that
 * take part in the solve (not kept), ranked 0 (the lowest) up; kept rows
 * get 0.  NULL when there is one class or none (the solve is then the one
 * without priorities).  More classes times (rows + 1) than
 * ASSIGN_CLASS_ROWS_MOST is an error (54000): the scores would lose
 * precision.  After the kept pairs are known; uses no memory of its own.
 */
extern const int32 *CohortRowClasses(Cohort *c);

#endif							/* MENTORMATCH_PRIORITY_H */
