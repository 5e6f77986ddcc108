/*
 * conflicts.h
 *		Conflicts of interest: hard rules on a pair, never softened by
 *		weights.
 */
#ifndef MENTORMATCH_CONFLICTS_H
#define MENTORMATCH_CONFLICTS_H

#include "utils/array.h"

#include "types/profile.h"

/* A bit per kind, in this (reporting) order. */
#define CONFLICT_SELF				0x01
#define CONFLICT_REPORTING_LINE		0x02
#define CONFLICT_SAME_TEAM			0x04
#define CONFLICT_SHARED_PROJECT		0x08
#define NUM_CONFLICTS				4

extern const char *const conflict_names[NUM_CONFLICTS];

extern int	ComputeConflicts(const Person *mentor, const Person *mentee);

/* Whether id is in p's manager chain. */
extern bool ChainHas(const Person *p, int64 id);

/*
 * Parses an exclude list (text[] of conflict names; NULL: none) into a
 * mask; 22023.
 */
extern int	ParseConflictMask(ArrayType *names);

#endif							/* MENTORMATCH_CONFLICTS_H */
