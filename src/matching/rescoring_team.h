/*
 * rescoring_team.h
 *		The certificate's rescoring (core/flow_pruned.h's rescore_rows) on
 *		parallel workers, a round at a time: once a round's batches have
 *		asked for enough pairs, a team of workers is launched, rescores the
 *		rest of the round's batches with the leader, and ends with the
 *		round, before the next solve.  Each batch is handed over through
 *		core/batch_handover.h.  Rounds with little to rescore, and solves
 *		whose first pass ran no workers, rescore in the leader alone.
 */
#ifndef MENTORMATCH_RESCORING_TEAM_H
#define MENTORMATCH_RESCORING_TEAM_H

#include "matching/candidates.h"

typedef struct RescoringTeam RescoringTeam;

/* The shared memory a team of nworkers takes (reserved with the pass's). */
extern Size RescoringChunkBytes(const MatchScoring *ms, int nworkers);

/*
 * rescore_rows and rescore_rows_end of core/flow_pruned.h (arg: ms, whose
 * workers the first pass reserved: ScoreInParallel).
 */
extern void RescoreInParallel(void *arg, int32_t n, const int32_t *rows,
							  const int64_t *start, const int32_t *cols,
							  double *scores);
extern void RescoreRoundEnd(void *arg);

/*
 * At the solve's end, or on its way out: ends a team still there and gives
 * back the workers' reservation (nothing to do without one).
 */
extern void ScoringWorkersEnd(MatchScoring *ms);

#endif							/* MENTORMATCH_RESCORING_TEAM_H */
