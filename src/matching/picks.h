/*
 * picks.h
 *		A mentee's best mentors with seats, for recommend(): its picks.
 *
 * A row's picks are kept in a bounded heap whose root is the worst pick
 * kept.  With weights and blocks of mentors (mentor_blocks.h), a mentee's
 * blocks are scanned by bound, the highest first, until the rest cannot
 * beat the worst pick kept; else every mentor with seats, in turn.
 * Conflicts, forbid and rules are asked only of a mentor that would be
 * kept.
 */
#ifndef MENTORMATCH_PICKS_H
#define MENTORMATCH_PICKS_H

#include "matching/people.h"
#include "scoring/pair_rules.h"

/* A recommendation: higher score first, then the lower mentor id. */
typedef struct Pick
{
	double		score;
	int64		mentor_id;
	int32		col;
} Pick;

static inline bool
PickBetter(const Pick *a, const Pick *b)
{
	return a->score > b->score ||
		(a->score == b->score && a->mentor_id < b->mentor_id);
}

/* How a round's picks are made, and what the scans did. */
typedef struct Picker
{
	People	   *people;
	const PairScorer *scorer;
	const PairRules *rules;
	int			exclude;		/* conflicts never proposed */
	ForbiddenMarks forbidden;
	const ColumnBlocks *blocks; /* NULL: every mentor in turn */
	int32	   *by_bound;		/* per block: the scan's order, its bound */
	double	   *ub;
	double	   *work;
	int64		scored;			/* pairs looked at */
	int64		bounded;		/* pairs only bounded */
} Picker;

/*
 * Puts the mentors with seats in blocks when picks of up to most a row are
 * scanned faster so (weights, and many mentors for each pick); before
 * CohortEndInput.
 */
extern void PickerMakeBlocks(People *people, const PairScorer *scorer,
							 int64 most);

/* After CohortEndInput: the scan's memory, the forbidden pairs marked. */
extern void PickerInit(Picker *pk, People *people, const PairScorer *scorer,
					   const PairRules *rules, int exclude);

/*
 * Row r's best candidates, up to most, into heap (room for most), the worst
 * on top; returns how many.  Any other candidate of the row is no better
 * than heap[0] (PickBetter).
 */
extern int32 PickerRow(Picker *pk, int32 r, int32 most, Pick *heap);

/* Whether mentor j may be proposed to mentee r: conflicts, forbid, rules. */
extern bool PickerAdmits(Picker *pk, int32 r, int32 j);

/* Sorts picks best first. */
extern void SortPicks(Pick *picks, int32 n);

#endif							/* MENTORMATCH_PICKS_H */
