/*
 * candidates.h
 *		Which pairs of match() are candidates, and their scores: shared by
 *		the first pass over every pair (in the leader and in parallel
 *		workers, scoring_workers.h) and the certificate's rescoring.
 */
#ifndef MENTORMATCH_CANDIDATES_H
#define MENTORMATCH_CANDIDATES_H

#include "matching.h"
#include "people.h"
#include "rules.h"

/* How match() scores a pair, kept for the certificate's rescoring. */
typedef struct MatchScoring
{
	People	   *people;
	const PairScorer *scorer;
	const ScoreFilter *filter;
	int			exclude;
	const PairRules *rules;
	ForbiddenMarks forbidden;	/* marked for the row at hand */
} MatchScoring;

/*
 * Mentor j's score for mentee i if the pair is a candidate: at or above
 * min_score (else ROW_BELOW_MIN), not forbidden, without an excluded
 * conflict and breaking no rule (else the row is marked with what removed
 * it, cohort.h).  Pairs the cohort has no use for (CohortWantsEdge) are no
 * candidates.  The row's forbidden pairs must be marked.
 */
extern bool CandidateScore(MatchScoring *ms, int32 i, int32 j, double *score);

/*
 * Every candidate of mentee i (not kept) whose mentor has seats, into cols
 * and scores (returns how many); one without seats only marks the row
 * (CohortAddEdge).
 */
extern int32 RowCandidates(MatchScoring *ms, int32 i, int32 *cols,
						   double *scores);

/* The certificate's rescoring (prune.h): NaN for a pair no candidate. */
extern void RescorePairs(void *arg, int32_t row, const int32_t *cols,
						 int32_t n, double *scores);

#endif							/* MENTORMATCH_CANDIDATES_H */
