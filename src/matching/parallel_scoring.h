/*
 * parallel_scoring.h
 *		match()'s pass over every pair, spread over PostgreSQL's parallel
 *		workers (as parallel index builds spread theirs): each participant
 *		scores rows handed out in chunks into dynamic shared memory, the
 *		leader among them, and the leader takes the rows in order and merges
 *		the column sides.  The result equals the serial pass exactly.  The
 *		workers end with the pass; the memory they may take is reserved for
 *		the solve (ms->workers), whose rounds may rescore with a team of
 *		workers again (rescoring_team.h).
 */
#ifndef MENTORMATCH_PARALLEL_SCORING_H
#define MENTORMATCH_PARALLEL_SCORING_H

#include "matching/candidates.h"
#include "matching/pruned_cohort.h"

/*
 * Scores every row into pc with parallel workers, up to
 * max_parallel_workers_per_gather of them, for cohorts of at least 2^22
 * pairs (any size with debug_parallel_query, 15's force_parallel_mode, in
 * a query not itself in parallel mode); false, having done nothing,
 * when it would not (too small, no workers allowed, already in parallel
 * mode, no room in /dev/shm), or when the solve would pass
 * mentormatch.max_solver_memory with the workers: their memory is then
 * charged all the same, counting mode has started, and the input's end
 * refuses the solve.  The forbidden pairs must be marked in ms
 * (ForbiddenMarksInit); cols, scores and scratch are the leader's tile
 * buffers (Min(TILE_ROWS, rows) x ncols, and ncols), charged as the serial
 * pass has them.
 * When it ran, ms->workers holds the workers' reservation (see
 * ScoringWorkersEnd).
 */
extern bool ScoreInParallel(MatchScoring *ms, PrunedCohort *pc, int32 *cols,
							double *scores, double *scratch);

#endif							/* MENTORMATCH_PARALLEL_SCORING_H */
