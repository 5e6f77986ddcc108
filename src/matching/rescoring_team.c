/*
 * rescoring_team.c
 *		The certificate's rescoring on a team of parallel workers, a round
 *		at a time (see rescoring_team.h).
 *
 * A round of the certificate (core/flow_pruned.h) asks for its rescoring
 * in batches of up to 4096 mentees and a million pairs, planned by the
 * leader between them, and ends before the next solve.  Workers kept
 * through the solve would wait idle most of the time, holding
 * max_parallel_workers slots; so the first pass's workers end with it, and
 * a round whose batches so far foretell TEAM_PAIRS_PER_PERSON pairs per
 * person of the cohort launches a team of its own for the rest of its
 * batches, which ends with the round (rescore_rows_end).  A team costs
 * what a worker's copy of the people costs to send and lay out (and its
 * skill rows to compute again), which grows with the people; what it saves
 * grows with the pairs.  At 100k x 10k (two cores, busy with other work),
 * sending the copies held the leader 0.15 to 0.4 s a team and each worker
 * took 0.1 to 0.5 s to start; the first round's 133 million pairs took
 * 12.8 and 16.4 s in the leader alone and 6.9 and 9.9 s with a team,
 * rounds of 12 to 40 million pairs about as long either way.
 *
 * The team's chunk holds the batch (its rows, where each row's columns
 * start, the columns, the scores given back) and the rows' flags (the
 * workers mark ROW_BELOW_MIN there; the leader takes them at the end).  A
 * batch is handed over through core/batch_handover.h: the leader writes
 * it, publishes it and takes rows with the workers; a worker waits on
 * work_cv for a generation later than its last take's, and the one that
 * does a batch's last row wakes the leader (done_cv).  The memory the
 * team takes was reserved by the first pass (parallel_workers.h).
 */
#include "postgres.h"

#include "access/parallel.h"
#include "access/xact.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "port/atomics.h"
#include "storage/condition_variable.h"
#include "storage/shm_toc.h"

#include "core/batch_handover.h"
#include "core/flow_pruned.h"
#include "matching/parallel_workers.h"
#include "matching/rescoring_team.h"

#define TEAM_KEY		UINT64CONST(0x6D6D5254)	/* "mmRT" */

/*
 * A round launches a team once its batches so far foretell this many pairs
 * a person of the cohort: a team's start costs about a worker's copy of
 * the people, so the pairs it must save on grow with them.
 */
#define TEAM_PAIRS_PER_PERSON	128

typedef struct TeamShared
{
	WorkerShared w;				/* first: the offsets count from here */
	pg_atomic_uint32 quit;
	ConditionVariable work_cv;
	ConditionVariable done_cv;

	/* offsets from the chunk's start */
	Size		handover;		/* BatchHandover */
	Size		batch_rows;		/* int32[PRUNE_BATCH_ROWS] */
	Size		batch_start;	/* int64[PRUNE_BATCH_ROWS + 1] */
	Size		batch_cols;		/* int32[PRUNE_BATCH_PAIRS + ncols] */
	Size		batch_scores;	/* double[PRUNE_BATCH_PAIRS + ncols] */
} TeamShared;

struct RescoringTeam
{
	ParallelContext *pcxt;
	TeamShared *sh;
	BatchHandover *h;
};

static Size
TeamLayOut(TeamShared *layout, const MatchScoring *ms, int nworkers)
{
	int32		ncols = ms->people->cohort->ncols;
	Size		size = 0;

	memset(layout, 0, sizeof(TeamShared));
	(void) ChunkPlace(&size, sizeof(TeamShared));	/* at offset 0 */
	WorkerSharedLayOut(&layout->w, ms, nworkers, false, &size);
	layout->handover = ChunkPlace(&size, handover_size());
	layout->batch_rows = ChunkPlace(&size, sizeof(int32) * PRUNE_BATCH_ROWS);
	layout->batch_start = ChunkPlace(&size, sizeof(int64) * (PRUNE_BATCH_ROWS + 1));
	layout->batch_cols = ChunkPlace(&size, sizeof(int32) * ((Size) PRUNE_BATCH_PAIRS + ncols));
	layout->batch_scores = ChunkPlace(&size, sizeof(double) * ((Size) PRUNE_BATCH_PAIRS + ncols));
	return size;
}

Size
RescoringChunkBytes(const MatchScoring *ms, int nworkers)
{
	TeamShared	layout;

	return TeamLayOut(&layout, ms, nworkers);
}

/*
 * Takes and rescores rows of the current batch until it takes none (a
 * worker's MatchScoring, or the leader's), into the chunk; returns the
 * generation its last take was of.
 */
static uint32
RescoreShare(TeamShared *sh, BatchHandover *h, MatchScoring *ms)
{
	int32	   *rows = AT(sh, sh->batch_rows, int32 *);
	int64	   *start = AT(sh, sh->batch_start, int64 *);
	int32	   *cols = AT(sh, sh->batch_cols, int32 *);
	double	   *scores = AT(sh, sh->batch_scores, double *);
	uint32		x,
				n,
				gen;

	while (handover_take(h, &x, &n, &gen))
	{
		RescorePairs(ms, rows[x], cols + start[x], (int32) (start[x + 1] - start[x]),
					 scores + start[x]);
		if (handover_done(h, n))
			ConditionVariableBroadcast(&sh->done_cv);
	}
	return gen;
}

/* The worker's entry point (CreateParallelContext). */
PGDLLEXPORT void mentormatch_rescoring_worker(dsm_segment *seg, shm_toc *toc);

void
mentormatch_rescoring_worker(dsm_segment *seg, shm_toc *toc)
{
	TeamShared *sh = shm_toc_lookup(toc, TEAM_KEY, false);
	BatchHandover *h = AT(sh, sh->handover, BatchHandover *);
	WorkerScoring ws;
	uint32		seen = 0;

	WorkerScoringBegin(&ws, &sh->w, seg);
	for (;;)
	{
		ConditionVariablePrepareToSleep(&sh->work_cv);
		while (pg_atomic_read_u32(&sh->quit) == 0 && handover_generation(h) == seen)
			ConditionVariableSleep(&sh->work_cv, PG_WAIT_EXTENSION);
		ConditionVariableCancelSleep();
		if (pg_atomic_read_u32(&sh->quit) != 0)
			break;
		seen = RescoreShare(sh, h, &ws.ms);
	}
	WorkerScoringEnd(&ws, &sh->w);
}

/*
 * Launches the round's team: the chunk, the workers, the people's copies
 * sent to each.  NULL when no worker could be had (or no room).
 */
static RescoringTeam *
TeamBegin(MatchScoring *ms)
{
	ScoringWorkers *sw = ms->workers;
	People	   *people = ms->people;
	Cohort	   *c = people->cohort;
	TeamShared	layout;
	TeamShared *sh;
	Size		size = TeamLayOut(&layout, ms, sw->nworkers),
				persons_bytes,
				mentors_at;
	ParallelContext *pcxt;
	RescoringTeam *team;
	char	   *persons;

	if (IsInParallelMode() || size > SharedMemoryRoom())
		return NULL;
	persons_bytes = PersonsBytes(people, &mentors_at);

	sh = WorkersChunk("mentormatch_rescoring_worker", sw->nworkers, TEAM_KEY, size,
					  &pcxt);
	*sh = layout;
	persons = PersonsBlock(people, persons_bytes, mentors_at);
	WorkerSharedFill(&sh->w, ms, sw->coverage_budget, persons, persons_bytes,
					 mentors_at);
	pg_atomic_init_u32(&sh->quit, 0);
	ConditionVariableInit(&sh->work_cv);
	ConditionVariableInit(&sh->done_cv);
	team = palloc(sizeof(RescoringTeam));
	team->pcxt = pcxt;
	team->sh = sh;
	team->h = handover_init(AT(sh, sh->handover, void *));

	LaunchParallelWorkers(pcxt);
	elog(DEBUG1, "%s: %d parallel workers launched of %d planned to rescore round %d, "
		 "%zu bytes of shared memory, after %lld pairs of the round",
		 c->what, pcxt->nworkers_launched, sw->nworkers, sw->rounds + 1, size,
		 (long long) sw->round_pairs);
	if (pcxt->nworkers_launched == 0)
	{
		pfree(persons);
		DestroyParallelContext(pcxt);
		ExitParallelMode();
		pfree(team);
		return NULL;
	}
	SendPersons(&sh->w, pcxt, persons);
	pfree(persons);
	return team;
}

/* Ends the round's team, if any: the workers quit, their flags are taken. */
static void
TeamEnd(MatchScoring *ms)
{
	ScoringWorkers *sw = ms->workers;
	RescoringTeam *team = sw->team;
	Cohort	   *c = ms->people->cohort;
	TeamShared *sh;
	uint32	   *flags;
	int32		i;

	if (team == NULL)
		return;
	sh = team->sh;
	pg_atomic_write_u32(&sh->quit, 1);
	pg_memory_barrier();
	ConditionVariableBroadcast(&sh->work_cv);
	WaitForParallelWorkersToFinish(team->pcxt);

	/* what the workers' rescoring marked (ROW_BELOW_MIN) */
	flags = AT(sh, sh->w.row_flags, uint32 *);
	for (i = 0; i < c->nrows; i++)
		c->row_flags[i] |= flags[i];
	WorkersReport(&sh->w, team->pcxt, c->what, "ended after rescoring",
				  sw->worker_bytes);
	DestroyParallelContext(team->pcxt);
	ExitParallelMode();
	sw->team = NULL;
	pfree(team);
}

void
RescoreInParallel(void *arg, int32_t n, const int32_t *rows,
				  const int64_t *start, const int32_t *cols, double *scores)
{
	MatchScoring *ms = arg;
	ScoringWorkers *sw = ms->workers;
	Cohort	   *c = ms->people->cohort;
	RescoringTeam *team;
	TeamShared *sh;
	uint32		gen;
	int32		x;

	/*
	 * The round's pairs, foreseen from its batches so far: they take rows
	 * in order, and this one ends at row rows[n - 1]
	 */
	sw->round_pairs += start[n];
	if (sw->team == NULL && !sw->round_alone &&
		(double) sw->round_pairs * c->nrows / (rows[n - 1] + 1) >=
		(double) TEAM_PAIRS_PER_PERSON * (c->nrows + c->ncols))
	{
		sw->team = TeamBegin(ms);
		sw->round_alone = sw->team == NULL;
	}
	team = sw->team;
	if (team == NULL)
	{
		for (x = 0; x < n; x++)
			RescorePairs(ms, rows[x], cols + start[x], (int32) (start[x + 1] - start[x]),
						 scores + start[x]);
		return;
	}

	sh = team->sh;
	memcpy(AT(sh, sh->batch_rows, int32 *), rows, sizeof(int32) * n);
	memcpy(AT(sh, sh->batch_start, int64 *), start, sizeof(int64) * (n + 1));
	memcpy(AT(sh, sh->batch_cols, int32 *), cols, sizeof(int32) * start[n]);
	gen = handover_publish(team->h, (uint32) n);
	ConditionVariableBroadcast(&sh->work_cv);

	/* the leader's takes are of the batch it published: no later one */
	while (RescoreShare(sh, team->h, ms) != gen)
		;
	ConditionVariablePrepareToSleep(&sh->done_cv);
	while (!handover_finished(team->h))
		ConditionVariableSleep(&sh->done_cv, PG_WAIT_EXTENSION);
	ConditionVariableCancelSleep();
	memcpy(scores, AT(sh, sh->batch_scores, double *), sizeof(double) * start[n]);
}

void
RescoreRoundEnd(void *arg)
{
	MatchScoring *ms = arg;
	ScoringWorkers *sw = ms->workers;

	if (sw == NULL)
		return;
	TeamEnd(ms);
	sw->rounds++;
	sw->round_pairs = 0;
	sw->round_alone = false;
}

void
ScoringWorkersEnd(MatchScoring *ms)
{
	if (ms->workers != NULL)
	{
		TeamEnd(ms);
		pfree(ms->workers);
		ms->workers = NULL;
	}
	CohortReleaseWorkers(ms->people->cohort);
}
