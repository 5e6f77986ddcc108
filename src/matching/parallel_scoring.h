/*
 * parallel_scoring.h
 *		match()'s pass over every pair, spread over PostgreSQL's parallel
 *		workers (as parallel index builds spread theirs): each participant
 *		scores rows handed out in chunks into dynamic shared memory, the
 *		leader among them, and the leader takes the rows in order and merges
 *		the column sides.  The result equals the serial pass exactly.  The
 *		workers then stay to rescore for the certificate (ScoringTeam).
 */
#ifndef MENTORMATCH_PARALLEL_SCORING_H
#define MENTORMATCH_PARALLEL_SCORING_H

#include "core/flow_pruned.h"
#include "matching/candidates.h"
#include "matching/pruned_cohort.h"

/*
 * Scores every row into pc with parallel workers, up to
 * max_parallel_workers_per_gather of them, for cohorts of at least 2^22
 * pairs (any size with debug_parallel_query, 15's force_parallel_mode, in
 * a query not itself in parallel mode); false, having done nothing,
 * when it would not (too small, no workers allowed, already in parallel
 * mode).  The forbidden pairs must be marked in ms (ForbiddenMarksInit).
 */
extern bool ScoreInParallel(MatchScoring *ms, PrunedCohort *pc);

/*
 * After ScoreInParallel, when the pass left pairs out and workers ran,
 * ms->team holds them, waiting to rescore for the certificate:
 * RescoreInParallel is core/flow_pruned.h's rescore_rows (arg: ms), the
 * leader rescoring too; ScoringTeamEnd lets them go (ms->team NULL: nothing
 * to do).  The leader stays in parallel mode until then.
 */
typedef struct ScoringTeam ScoringTeam;

extern void RescoreInParallel(void *arg, int32_t n, const int32_t *rows,
							  const int64_t *start, const int32_t *cols,
							  double *scores);
extern void ScoringTeamEnd(MatchScoring *ms);

#endif							/* MENTORMATCH_PARALLEL_SCORING_H */
