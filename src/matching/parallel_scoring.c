/*
 * parallel_scoring.c
 *		match()'s pass over every pair, spread over parallel workers (see
 *		parallel_scoring.h).
 *
 * One dynamic shared memory chunk holds what scoring needs (capacities,
 * kept rows, forbidden pairs, the weights or model, the filter and rules:
 * parallel_workers.h) and what it gives: per row its flags, its kept and
 * held pairs and its bound (pruned_cohort.h), and a column side per
 * participant.  Rows are handed out in chunks through an atomic counter;
 * the leader scores too.  Every row's split depends on the row alone and a
 * column side's merge on the pairs offered alone, so the result equals the
 * serial pass exactly, whichever participant took which row.  The workers
 * end with the pass: the certificate's rounds rescore with a team of their
 * own when a round's rescoring is large (rescoring_team.h).
 *
 * The chunk is sized to what the server can have: with POSIX shared
 * memory, to the space /dev/shm has free (a container's is often 64 MB).
 * So what grows with the cohort is not in it at once.  The people's copies
 * go to each worker through a queue of its own (parallel_workers.h).  The
 * rows' splits (about 3 kB a row) are held for one window of rows at a
 * time: the participants score the window's rows, the leader takes them
 * into the cohort, in row order, and the next window starts.  Where room
 * is short, windows are smaller, then workers fewer, then none.
 *
 * Before launching, the workers' memory is reserved against
 * mentormatch.max_solver_memory for the rest of the solve (a rescoring
 * team takes no more); a solve that would pass the limit with them runs
 * none, only counts, and is refused with the whole figure
 * (cohort.h).
 */
#include "postgres.h"

#include <math.h>

#include "access/parallel.h"
#include "access/xact.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "port/atomics.h"
#include "storage/condition_variable.h"
#include "storage/shm_toc.h"

#include "matching/candidates.h"
#include "matching/parallel_scoring.h"
#include "matching/parallel_workers.h"
#include "matching/pruned_cohort.h"
#include "matching/rescoring_team.h"

#define SCORING_KEY		UINT64CONST(0x6D6D5343)	/* "mmSC" */
#define ROWS_PER_CHUNK	TILE_ROWS

/* Pairs below this many are scored by the leader alone. */
#define PARALLEL_MIN_PAIRS	((int64) 1 << 22)

/*
 * Rows whose splits the chunk holds at once: at most WINDOW_MAX_ROWS (25 MB
 * of splits), at least WINDOW_MIN_ROWS (else fewer workers, or none).
 */
#define WINDOW_MAX_ROWS		8192
#define WINDOW_MIN_ROWS		(4 * ROWS_PER_CHUNK)

/* A participant's column side totals (the arrays lie in the chunk). */
typedef struct SideTotals
{
	double		score_min;
	double		score_max;
	int64		scored;
	bool		pruned;
} SideTotals;

typedef struct ScoringShared
{
	WorkerShared w;				/* first: the offsets count from here */
	int32		nsides;			/* participants that may take a side */
	pg_atomic_uint32 next_chunk;
	pg_atomic_uint32 next_side;

	/*
	 * The window (rows window * window_rows onwards) whose splits the chunk
	 * holds.  A participant that took a chunk of rows past it waits on
	 * window_cv; the one that scores a window's last chunk wakes the leader
	 * (done_cv), which takes the window's rows and moves window on.
	 */
	int32		window_rows;	/* a multiple of ROWS_PER_CHUNK */
	pg_atomic_uint32 window;
	pg_atomic_uint32 chunks_done;	/* chunks scored, of every window */
	ConditionVariable window_cv;
	ConditionVariable done_cv;

	/* offsets from the chunk's start */
	Size		nkeep;			/* int32[window_rows] */
	Size		nknown;			/* int32[window_rows] */
	Size		bound;			/* double[window_rows] */
	Size		slot_col;		/* int32[window_rows][KEEP + KNOWN] */
	Size		slot_score;		/* double[window_rows][KEEP + KNOWN] */
	Size		col_start;		/* int64[ncols + 1] */
	Size		sides;			/* nsides column sides */
	Size		side_bytes;
	Size		totals;			/* SideTotals[nsides] */
} ScoringShared;

#define SLOTS				(PRUNED_KEEP + PRUNED_KNOWN)

/* The leader's part in the pass: where the rows it takes go. */
typedef struct ScoringLeader
{
	PrunedCohort *pc;
	Cohort	   *cohort;			/* the leader's: kept rows */
} ScoringLeader;

/* The chunks scored when window win is through: its last, plus one. */
static uint32
WindowEnd(const ScoringShared *sh, uint32 win)
{
	uint32		per = (uint32) (sh->window_rows / ROWS_PER_CHUNK);
	uint32		all = (uint32) ((sh->w.nrows + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK);

	return Min((win + 1) * per, all);
}

/* Where row i's split lies in the chunk, in its window. */
static void
WindowRow(ScoringShared *sh, int32 i, PrunedRow *r)
{
	int64		w = i % sh->window_rows;

	r->keep_col = AT(sh, sh->slot_col, int32 *) + w * SLOTS;
	r->keep_score = AT(sh, sh->slot_score, double *) + w * SLOTS;
	r->known_col = r->keep_col + PRUNED_KEEP;
	r->known_score = r->keep_score + PRUNED_KEEP;
}

/*
 * The leader: once every chunk of the current window is scored, takes its
 * rows into the cohort, in order, and moves the window on.
 */
static void
TakeWindow(ScoringShared *sh, ScoringLeader *lead)
{
	uint32		win = pg_atomic_read_u32(&sh->window);
	uint32		end = WindowEnd(sh, win);
	int32		first = (int32) win * sh->window_rows;
	int32		i;

	ConditionVariablePrepareToSleep(&sh->done_cv);
	while (pg_atomic_read_u32(&sh->chunks_done) < end)
		ConditionVariableSleep(&sh->done_cv, PG_WAIT_EXTENSION);
	ConditionVariableCancelSleep();
	pg_read_barrier();
	for (i = first; i < Min(first + sh->window_rows, sh->w.nrows); i++)
	{
		int64		w = i - first;
		PrunedRow	r;

		if (CohortRowKept(lead->cohort, i))
			continue;
		WindowRow(sh, i, &r);
		r.nkeep = AT(sh, sh->nkeep, int32 *)[w];
		r.nknown = AT(sh, sh->nknown, int32 *)[w];
		r.bound = AT(sh, sh->bound, double *)[w];
		PrunedCohortTake(lead->pc, i, &r);
	}
	/* a full barrier: the window is read before anyone writes the next */
	(void) pg_atomic_fetch_add_u32(&sh->window, 1);
	ConditionVariableBroadcast(&sh->window_cv);
}

/*
 * Until window win is the current one (the leader takes those before); a
 * worker's writes to its rows' places then follow the leader's reads of
 * the window before.
 */
static void
AwaitWindow(ScoringShared *sh, ScoringLeader *lead, uint32 win)
{
	if (lead != NULL)
	{
		while (pg_atomic_read_u32(&sh->window) < win)
			TakeWindow(sh, lead);
		return;
	}
	if (pg_atomic_read_u32(&sh->window) < win)
	{
		ConditionVariablePrepareToSleep(&sh->window_cv);
		while (pg_atomic_read_u32(&sh->window) < win)
			ConditionVariableSleep(&sh->window_cv, PG_WAIT_EXTENSION);
		ConditionVariableCancelSleep();
	}
	pg_memory_barrier();
}

/*
 * Scores rows handed out by the counter until none is left, with ms (a
 * worker's own view of the people, or the leader's), into the chunk; the
 * leader (lead not NULL) takes every window's rows, the last too.  cols
 * and scores hold a tile (TILE_ROWS rows of ncols), scratch ncols.
 */
static void
Participate(ScoringShared *sh, MatchScoring *ms, ScoringLeader *lead,
			int32 *cols, double *scores, double *scratch)
{
	uint32		s = pg_atomic_fetch_add_u32(&sh->next_side, 1);
	int32		ncols = sh->w.ncols;
	int32		rows[TILE_ROWS],
				counts[TILE_ROWS];
	int32	   *nkeep = AT(sh, sh->nkeep, int32 *);
	int32	   *nknown = AT(sh, sh->nknown, int32 *);
	double	   *bound = AT(sh, sh->bound, double *);
	Cohort	   *c = ms->people->cohort;
	PrunedColumns side;
	SideTotals *totals;

	/* more participants than sides: none (the leader always has one) */
	if (s < (uint32) sh->nsides)
		PrunedColumnsInit(&side, ncols, AT(sh, sh->col_start, int64 *),
						  AT(sh, sh->sides + s * sh->side_bytes, void *));
	for (;;)
	{
		uint32		chunk;
		int64		first;
		uint32		win;
		int32		i,
					n = 0,
					t;

		if (s >= (uint32) sh->nsides)
			break;
		chunk = pg_atomic_fetch_add_u32(&sh->next_chunk, 1);
		first = (int64) chunk * ROWS_PER_CHUNK;
		if (first >= sh->w.nrows)
			break;
		win = (uint32) (first / sh->window_rows);
		AwaitWindow(sh, lead, win);
		for (i = (int32) first; i < Min(first + ROWS_PER_CHUNK, sh->w.nrows); i++)
		{
			int64		w = i % sh->window_rows;

			nkeep[w] = nknown[w] = 0;
			bound[w] = -INFINITY;
			if (!CohortRowKept(c, i))
				rows[n++] = i;
		}
		TileCandidates(ms, rows, n, cols, scores, counts);
		for (t = 0; t < n; t++)
		{
			PrunedRow	r;
			int64		w;

			i = rows[t];
			w = i % sh->window_rows;
			WindowRow(sh, i, &r);
			PrunedSplitRow(&side, i, cols + (int64) t * ncols, scores + (int64) t * ncols,
						   counts[t], scratch, AdmitPair, ms, &r);
			nkeep[w] = r.nkeep;
			nknown[w] = r.nknown;
			bound[w] = r.bound;
		}
		/* a full barrier: the splits are written before the count */
		if (pg_atomic_add_fetch_u32(&sh->chunks_done, 1) == WindowEnd(sh, win))
			ConditionVariableBroadcast(&sh->done_cv);
	}
	if (lead != NULL)
		while (pg_atomic_read_u32(&sh->window) * (int64) sh->window_rows < sh->w.nrows)
			TakeWindow(sh, lead);
	if (s < (uint32) sh->nsides)
	{
		totals = AT(sh, sh->totals, SideTotals *) + s;
		totals->score_min = side.score_min;
		totals->score_max = side.score_max;
		totals->scored = side.scored;
		totals->pruned = side.pruned;
	}
}

/* The worker's entry point (CreateParallelContext). */
PGDLLEXPORT void mentormatch_scoring_worker(dsm_segment *seg, shm_toc *toc);

void
mentormatch_scoring_worker(dsm_segment *seg, shm_toc *toc)
{
	ScoringShared *sh = shm_toc_lookup(toc, SCORING_KEY, false);
	WorkerScoring ws;
	Cohort	   *c = &ws.cohort;
	int32		ncols = Max(sh->w.ncols, 1);

	WorkerScoringBegin(&ws, &sh->w, seg);
	Participate(sh, &ws.ms, NULL,
				CohortAlloc(c, sizeof(int32) * ncols * TILE_ROWS),
				CohortAlloc(c, sizeof(double) * ncols * TILE_ROWS),
				CohortAlloc(c, sizeof(double) * ncols));
	WorkerScoringEnd(&ws, &sh->w);
}

/*
 * Lays out the chunk for nsides participants (the leader and nsides - 1
 * workers) and windows of window_rows rows; returns its size.
 */
static Size
LayOut(ScoringShared *layout, const MatchScoring *ms, const PrunedCohort *pc,
	   int nsides, int32 window_rows)
{
	int32		ncols = ms->people->cohort->ncols;
	Size		size = 0;

	memset(layout, 0, sizeof(ScoringShared));
	layout->nsides = nsides;
	layout->window_rows = window_rows;
	(void) ChunkPlace(&size, sizeof(ScoringShared));	/* at offset 0 */
	WorkerSharedLayOut(&layout->w, ms, nsides - 1, true, &size);
	layout->nkeep = ChunkPlace(&size, sizeof(int32) * window_rows);
	layout->nknown = ChunkPlace(&size, sizeof(int32) * window_rows);
	layout->bound = ChunkPlace(&size, sizeof(double) * window_rows);
	layout->slot_col = ChunkPlace(&size, mul_size(sizeof(int32) * SLOTS, window_rows));
	layout->slot_score = ChunkPlace(&size, mul_size(sizeof(double) * SLOTS, window_rows));
	layout->col_start = ChunkPlace(&size, sizeof(int64) * (ncols + 1));
	layout->side_bytes = MAXALIGN(PrunedColumnsBytes(ncols, pc->col_start));
	layout->sides = ChunkPlace(&size, mul_size(layout->side_bytes, nsides));
	layout->totals = ChunkPlace(&size, sizeof(SideTotals) * nsides);
	return size;
}

/*
 * Lays out the largest chunk that fits in room: the most workers, up to
 * nworkers, then the widest window.  Returns the workers (0: not even one
 * fits), *size the chunk's size (with no worker, the least it would need).
 */
static int
FitChunk(ScoringShared *layout, const MatchScoring *ms, const PrunedCohort *pc,
		 int nworkers, Size room, Size *size)
{
	int32		nrows = ms->people->cohort->nrows;
	int32		widest = Min(WINDOW_MAX_ROWS,
							 (nrows + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK * ROWS_PER_CHUNK);

	for (; nworkers > 0; nworkers--)
	{
		int32		w = widest;

		for (;;)
		{
			*size = LayOut(layout, ms, pc, nworkers + 1, w);
			if (*size <= room)
				return nworkers;
			if (w <= WINDOW_MIN_ROWS)
				break;
			w = Max(WINDOW_MIN_ROWS, w / 2 / ROWS_PER_CHUNK * ROWS_PER_CHUNK);
		}
	}
	return 0;
}

/*
 * Reserves the memory of nworkers workers for the rest of the solve: each
 * one's (WorkerBytes), the leader's copy of the people it sends them, and
 * the larger of the pass's chunk (chunk bytes) and a rescoring team's.
 * Fills ms->workers when it fits.
 */
static bool
ReserveWorkers(MatchScoring *ms, int nworkers, Size chunk, Size persons_bytes)
{
	People	   *people = ms->people;
	Size		each = WorkerBytes(people, persons_bytes, people->coverage_budget),
				bytes;

	bytes = add_size(add_size(Max(chunk, RescoringChunkBytes(ms, nworkers)),
							  persons_bytes),
					 mul_size(each, nworkers));
	if (!CohortReserveWorkers(people->cohort, nworkers, bytes))
		return false;
	ms->workers = palloc0(sizeof(ScoringWorkers));
	ms->workers->nworkers = nworkers;
	ms->workers->coverage_budget = people->coverage_budget;
	ms->workers->worker_bytes = each;
	ms->workers->reserved = bytes;
	return true;
}

bool
ScoreInParallel(MatchScoring *ms, PrunedCohort *pc, int32 *cols, double *scores,
				double *scratch)
{
	People	   *people = ms->people;
	Cohort	   *c = people->cohort;
	int			wanted = WorkersWanted(c, PARALLEL_MIN_PAIRS);
	int			nworkers;
	ParallelContext *pcxt;
	ScoringShared *sh;
	Size		size = 0,
				room,
				persons_bytes,
				mentors_at;
	int32		nrows = c->nrows,
				ncols = c->ncols,
				s;
	ScoringShared layout;
	PrunedColumns side;
	ScoringLeader lead;
	char	   *persons;
	uint32	   *own_flags = c->row_flags;

	if (wanted == 0)
		return false;
	room = SharedMemoryRoom();
	nworkers = FitChunk(&layout, ms, pc, wanted, room, &size);
	if (nworkers == 0)
	{
		elog(DEBUG1, "%s: no parallel workers: scoring needs %zu bytes of shared "
			 "memory at the least, more than /dev/shm has room for (%zu)",
			 c->what, size, room);
		return false;
	}
	persons_bytes = PersonsBytes(people, &mentors_at);
	if (!ReserveWorkers(ms, nworkers, size, persons_bytes))
	{
		elog(DEBUG1, "%s: no parallel workers: with %d the solve would need more "
			 "than mentormatch.max_solver_memory", c->what, nworkers);
		return false;
	}

	sh = WorkersChunk("mentormatch_scoring_worker", nworkers, SCORING_KEY, size, &pcxt);
	*sh = layout;
	persons = PersonsBlock(people, persons_bytes, mentors_at);
	WorkerSharedFill(&sh->w, ms, people->coverage_budget, persons, persons_bytes,
					 mentors_at);
	pg_atomic_init_u32(&sh->next_chunk, 0);
	pg_atomic_init_u32(&sh->next_side, 0);
	pg_atomic_init_u32(&sh->window, 0);
	pg_atomic_init_u32(&sh->chunks_done, 0);
	ConditionVariableInit(&sh->window_cv);
	ConditionVariableInit(&sh->done_cv);
	memcpy(AT(sh, sh->col_start, int64 *), pc->col_start, sizeof(int64) * (ncols + 1));
	for (s = 0; s < sh->nsides; s++)
	{
		SideTotals *t = AT(sh, sh->totals, SideTotals *) + s;

		t->score_min = INFINITY;
		t->score_max = -INFINITY;
		t->scored = 0;
		t->pruned = false;
		/* a side nobody takes reads as empty */
		PrunedColumnsInit(&side, ncols, pc->col_start,
						  AT(sh, sh->sides + s * sh->side_bytes, void *));
	}

	LaunchParallelWorkers(pcxt);
	SendPersons(&sh->w, pcxt, persons);
	pfree(persons);
	elog(DEBUG1, "%s: %d parallel workers launched of %d planned, %zu bytes of "
		 "shared memory, rows in windows of %d",
		 c->what, pcxt->nworkers_launched, nworkers, size, sh->window_rows);

	/*
	 * The leader scores with its own people, flags in the chunk, and takes
	 * each window's rows into pc as it is through
	 */
	lead.pc = pc;
	lead.cohort = c;
	c->row_flags = AT(sh, sh->w.row_flags, uint32 *);
	PG_TRY();
	{
		Participate(sh, ms, &lead, cols, scores, scratch);
	}
	PG_FINALLY();
	{
		c->row_flags = own_flags;
	}
	PG_END_TRY();
	WaitForParallelWorkersToFinish(pcxt);

	/* the rows' flags, then every side's columns */
	memcpy(c->row_flags, AT(sh, sh->w.row_flags, uint32 *), sizeof(uint32) * nrows);
	for (s = 0; s < sh->nsides; s++)
	{
		SideTotals *t = AT(sh, sh->totals, SideTotals *) + s;

		PrunedColumnsAttach(&side, ncols, pc->col_start,
							AT(sh, sh->sides + s * sh->side_bytes, void *));
		side.score_min = t->score_min;
		side.score_max = t->score_max;
		side.scored = t->scored;
		side.pruned = t->pruned;
		PrunedMergeColumns(pc, &side);
	}
	WorkersReport(&sh->w, pcxt, c->what, "ended after the first pass",
				  ms->workers->worker_bytes);
	DestroyParallelContext(pcxt);
	ExitParallelMode();
	return true;
}
