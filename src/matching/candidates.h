/*
 * candidates.h
 *		Which pairs of match() are candidates, and their scores: shared by
 *		the first pass over every pair (in the leader and in parallel
 *		workers, parallel_scoring.h) and the certificate's rescoring.
 */
#ifndef MENTORMATCH_CANDIDATES_H
#define MENTORMATCH_CANDIDATES_H

#include "matching/people.h"
#include "matching/solve.h"
#include "scoring/pair_rules.h"

/* How match() scores a pair, kept for the certificate's rescoring. */
typedef struct MatchScoring
{
	People	   *people;
	const PairScorer *scorer;
	const ScoreFilter *filter;
	int			exclude;
	const PairRules *rules;
	ForbiddenMarks forbidden;	/* marked for the row at hand */
	struct ScoringWorkers *workers; /* the parallel workers reserved for
									 * the solve, or NULL
									 * (parallel_workers.h) */
} MatchScoring;

/*
 * Mentor j's score for mentee i, if the pair has one at or above min_score
 * (else the row is marked ROW_BELOW_MIN) and the cohort has a use for it
 * (CohortWantsEdge).
 */
extern bool PairScore(MatchScoring *ms, int32 i, int32 j, double *score);

/*
 * Whether a scored pair is a candidate: not forbidden, without an excluded
 * conflict and breaking no rule; else the row is marked with what removed
 * it (cohort.h).  Asked only of the pairs whose candidacy matters (those a
 * row keeps or holds, a column keeps, or that make a bound; those added
 * back), because ruling out conflicts costs as much as a score.
 * core/flow_pruned.h's admit.
 */
extern bool AdmitPair(void *arg, int32_t row, int32_t col);

/*
 * For each of n mentees rows[t] (not kept): every pair with a score
 * (PairScore) whose mentor has seats, in column order, into cols and scores
 * from t * ncols on (counts[t] of them), candidates or not; a candidate
 * whose mentor has no seats only marks the row (CohortAddEdge).  The rows
 * are scored together, a tile of mentors at a time.
 */
extern void TileCandidates(MatchScoring *ms, const int32 *rows, int32 n,
						   int32 *cols, double *scores, int32 *counts);

/* The most rows a caller hands TileCandidates at once. */
#define TILE_ROWS	16

/*
 * The certificate's rescoring (core/flow_pruned.h): NaN for a pair without
 * a score (PairScore); AdmitPair says which of the others are candidates.
 */
extern void RescorePairs(void *arg, int32_t row, const int32_t *cols,
						 int32_t n, double *scores);

#endif							/* MENTORMATCH_CANDIDATES_H */
