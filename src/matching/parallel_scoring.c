/*
 * parallel_scoring.c
 *		match()'s pass over every pair, spread over parallel workers (see
 *		parallel_scoring.h).
 *
 * One dynamic shared memory chunk holds what scoring needs (capacities,
 * kept rows, forbidden pairs, the weights or model, the filter and rules)
 * and what it gives: per row its flags, its kept and held pairs
 * and its bound (pruned_cohort.h), and a column side per participant.  Rows
 * are handed out in chunks through an atomic counter; the leader scores too.
 * Every row's split depends on the row alone and a column side's merge on the
 * pairs offered alone, so the result equals the serial pass exactly, whichever
 * participant took which row.  The workers then stay, as a team, to rescore
 * the certificate's batches of rows (core/flow_pruned.h's rescore_rows)
 * with the leader, until the solve ends.
 *
 * The chunk is sized to what the server can have: with POSIX shared
 * memory, to the space /dev/shm has free (a container's is often 64 MB).
 * So what grows with the cohort is not in it at once.  The people's copies
 * (Persons, about half a kilobyte each) go to each worker through a queue
 * of its own, into the worker's memory.  The rows' splits (about 3 kB a
 * row) are held for one window of rows at a time: the participants score
 * the window's rows, the leader takes them into the cohort, in row order,
 * and the next window starts.  Where room is short, windows are smaller,
 * then workers fewer, then none.
 */
#include "postgres.h"

#include <math.h>
#include <sys/statvfs.h>

#include "access/parallel.h"
#include "access/xact.h"
#include "miscadmin.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "port/atomics.h"
#include "pgstat.h"
#include "storage/condition_variable.h"
#include "storage/dsm_impl.h"
#include "storage/shm_mq.h"
#include "storage/shm_toc.h"

#include "base/pg_compat.h"
#include "matching/candidates.h"
#include "matching/parallel_scoring.h"
#include "matching/pruned_cohort.h"

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

/* The share of /dev/shm's free space one scoring chunk may take. */
#define SHM_SHARE			0.75

/* Each worker's queue for the people's copies, and a message's most. */
#define PERSONS_QUEUE		((Size) 1 << 20)
#define PERSONS_PIECE		((Size) 4 << 20)

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
	int32		nrows;
	int32		ncols;
	int32		nsides;			/* participants that may take a side */
	Size		coverage_budget;	/* the bytes of skill rows a worker may
									 * compute */
	Weights		weights;
	bool		has_model;
	Model		model;
	ScoreFilter filter;
	int			exclude;
	PairRules	rules;			/* scalars only: text is not read */
	bool		has_kept;
	bool		has_forbidden;
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

	/*
	 * The team (ScoringTeam): after the pass, workers wait on work_cv for
	 * a batch of rows to rescore (batch_gen changes) or quit.  A batch's
	 * rows are taken from batch_take, its generation in the high half and
	 * the next row in the low half, so that a participant late from the
	 * last batch takes nothing of the next; the one that finishes the
	 * batch_n-th row wakes the leader (done_cv).
	 */
	pg_atomic_uint32 pass_done;	/* workers through with the pass */
	bool		quit;
	ConditionVariable work_cv;
	ConditionVariable done_cv;
	pg_atomic_uint32 batch_gen;
	pg_atomic_uint64 batch_take;
	pg_atomic_uint32 batch_done;
	int32		batch_n;

	/* offsets from the chunk's start */
	Size		queues;			/* a PERSONS_QUEUE per worker */
	char	   *persons_base;	/* the people's copies in the leader: */
	Size		persons_bytes;	/* Person[nrows] and their arrays, then */
	Size		mentors_at;		/* Person[ncols] and theirs from here */
	Size		capacity;		/* int32[ncols] */
	Size		kept_col;		/* int32[nrows] */
	Size		forbid_start;	/* int64[nrows + 1] */
	Size		forbid_cols;	/* int32[] */
	Size		row_flags;		/* uint32[nrows] */
	Size		nkeep;			/* int32[window_rows] */
	Size		nknown;			/* int32[window_rows] */
	Size		bound;			/* double[window_rows] */
	Size		slot_col;		/* int32[window_rows][KEEP + KNOWN] */
	Size		slot_score;		/* double[window_rows][KEEP + KNOWN] */
	Size		col_start;		/* int64[ncols + 1] */
	Size		sides;			/* nsides column sides */
	Size		side_bytes;
	Size		totals;			/* SideTotals[nsides] */
	Size		batch_rows;		/* int32[PRUNE_BATCH_ROWS] */
	Size		batch_start;	/* int64[PRUNE_BATCH_ROWS + 1] */
	Size		batch_cols;		/* int32[PRUNE_BATCH_PAIRS + ncols] */
	Size		batch_scores;	/* double[PRUNE_BATCH_PAIRS + ncols] */
} ScoringShared;

struct ScoringTeam
{
	ParallelContext *pcxt;
	ScoringShared *sh;
	Size		size;			/* charged to the cohort */
	uint32		gen;
};

#define AT(sh, off, type)	((type) ((char *) (sh) + (off)))
#define SLOTS				(PRUNED_KEEP + PRUNED_KNOWN)

/* Lays out n bytes at *size, returning their offset. */
static Size
Place(Size *size, Size n)
{
	Size		at = *size;

	*size = add_size(*size, MAXALIGN(n));
	return at;
}

static Size
PersonsBytes(const Person *p, int32 n)
{
	Size		bytes = MAXALIGN(mul_size(sizeof(Person), Max(n, 1)));
	int32		i;

	for (i = 0; i < n; i++)
		bytes = add_size(bytes, PersonArrayBytes(&p[i]));
	return bytes;
}

static void
CopyPersons(Person *dst, const Person *src, int32 n)
{
	char	   *block = (char *) dst + MAXALIGN(sizeof(Person) * Max(n, 1));
	int32		i;

	for (i = 0; i < n; i++)
	{
		PersonCopy(&dst[i], &src[i], block);
		block += PersonArrayBytes(&src[i]);
	}
}

/*
 * The leader's copies of the people in one block (mentees, then mentors
 * from *mentors_at), which the workers are sent.
 */
static char *
PersonsBlock(People *people, Size *bytes, Size *mentors_at)
{
	Cohort	   *c = people->cohort;
	char	   *block;

	*mentors_at = MAXALIGN(PersonsBytes(people->mentees, c->nrows));
	*bytes = add_size(*mentors_at, PersonsBytes(people->mentors, c->ncols));
	CohortCharge(c, *bytes);
	block = MemoryContextAllocHuge(CurrentMemoryContext, *bytes);
	CopyPersons((Person *) block, people->mentees, c->nrows);
	CopyPersons((Person *) (block + *mentors_at), people->mentors, c->ncols);
	return block;
}

/*
 * Sends the people's copies to each worker launched, in pieces through its
 * queue; a worker that is gone is skipped (it scores nothing).
 */
static void
SendPersons(ScoringShared *sh, ParallelContext *pcxt, const char *block)
{
	int			w;

	for (w = 0; w < pcxt->nworkers_launched; w++)
	{
		shm_mq	   *mq = AT(sh, sh->queues + w * PERSONS_QUEUE, shm_mq *);
		shm_mq_handle *mqh = shm_mq_attach(mq, pcxt->seg, pcxt->worker[w].bgwhandle);
		Size		off;

		for (off = 0; off < sh->persons_bytes; off += PERSONS_PIECE)
			if (shm_mq_send(mqh, Min(PERSONS_PIECE, sh->persons_bytes - off),
							block + off, false, true) != SHM_MQ_SUCCESS)
				break;
		shm_mq_detach(mqh);
	}
}

/*
 * A worker: receives the people's copies into its own memory and moves
 * their pointers there.
 */
static void
ReceivePersons(ScoringShared *sh, dsm_segment *seg, Person **mentees,
			   Person **mentors)
{
	shm_mq	   *mq = AT(sh, sh->queues + ParallelWorkerNumber * PERSONS_QUEUE, shm_mq *);
	shm_mq_handle *mqh;
	char	   *block = MemoryContextAllocHuge(CurrentMemoryContext, sh->persons_bytes);
	ptrdiff_t	delta = block - sh->persons_base;
	Size		got = 0;
	int32		i;

	shm_mq_set_receiver(mq, MyProc);
	mqh = shm_mq_attach(mq, seg, NULL);
	while (got < sh->persons_bytes)
	{
		Size		n;
		void	   *data;

		if (shm_mq_receive(mqh, &n, &data, false) != SHM_MQ_SUCCESS ||
			n > sh->persons_bytes - got)
			elog(ERROR, "the scoring leader stopped sending the people");
		memcpy(block + got, data, n);
		got += n;
	}
	shm_mq_detach(mqh);
	*mentees = (Person *) block;
	*mentors = (Person *) (block + sh->mentors_at);
	for (i = 0; i < sh->nrows; i++)
		PersonRelocate(&(*mentees)[i], delta);
	for (i = 0; i < sh->ncols; i++)
		PersonRelocate(&(*mentors)[i], delta);
}

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
	uint32		all = (uint32) ((sh->nrows + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK);

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
	for (i = first; i < Min(first + sh->window_rows, sh->nrows); i++)
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
 * leader (lead not NULL) takes every window's rows, the last too.
 */
static void
Participate(ScoringShared *sh, MatchScoring *ms, ScoringLeader *lead)
{
	uint32		s = pg_atomic_fetch_add_u32(&sh->next_side, 1);
	int32		ncols = sh->ncols;
	int32	   *cols = palloc(sizeof(int32) * Max(ncols, 1) * TILE_ROWS);
	double	   *scores = palloc(sizeof(double) * Max(ncols, 1) * TILE_ROWS);
	double	   *scratch = palloc(sizeof(double) * Max(ncols, 1));
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
		if (first >= sh->nrows)
			break;
		win = (uint32) (first / sh->window_rows);
		AwaitWindow(sh, lead, win);
		for (i = (int32) first; i < Min(first + ROWS_PER_CHUNK, sh->nrows); i++)
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
		while (pg_atomic_read_u32(&sh->window) * (int64) sh->window_rows < sh->nrows)
			TakeWindow(sh, lead);
	if (s < (uint32) sh->nsides)
	{
		totals = AT(sh, sh->totals, SideTotals *) + s;
		totals->score_min = side.score_min;
		totals->score_max = side.score_max;
		totals->scored = side.scored;
		totals->pruned = side.pruned;
	}
	pfree(cols);
	pfree(scores);
	pfree(scratch);
}

/*
 * Rescores rows of the current batch until none is left (a worker's
 * MatchScoring, or the leader's), into the chunk.
 */
static void
RescoreShare(ScoringShared *sh, MatchScoring *ms)
{
	int32	   *rows = AT(sh, sh->batch_rows, int32 *);
	int64	   *start = AT(sh, sh->batch_start, int64 *);
	int32	   *cols = AT(sh, sh->batch_cols, int32 *);
	double	   *scores = AT(sh, sh->batch_scores, double *);

	for (;;)
	{
		uint64		v = pg_atomic_fetch_add_u64(&sh->batch_take, 1);
		uint32		x = (uint32) v;

		/* batch_gen is written before batch_take (RescoreInParallel) */
		if ((uint32) (v >> 32) != pg_atomic_read_u32(&sh->batch_gen) ||
			x >= (uint32) sh->batch_n)
			break;
		RescorePairs(ms, rows[x], cols + start[x], (int32) (start[x + 1] - start[x]),
					 scores + start[x]);
		if (pg_atomic_add_fetch_u32(&sh->batch_done, 1) == (uint32) sh->batch_n)
			ConditionVariableBroadcast(&sh->done_cv);
	}
}

/* A worker of the team: rescores each batch it sees until told to quit. */
static void
RescoreWhenAsked(ScoringShared *sh, MatchScoring *ms)
{
	uint32		seen = 0;

	for (;;)
	{
		ConditionVariablePrepareToSleep(&sh->work_cv);
		while (!sh->quit && pg_atomic_read_u32(&sh->batch_gen) == seen)
			ConditionVariableSleep(&sh->work_cv, PG_WAIT_EXTENSION);
		ConditionVariableCancelSleep();
		pg_read_barrier();
		if (sh->quit)
			break;
		seen = pg_atomic_read_u32(&sh->batch_gen);
		RescoreShare(sh, ms);
	}
}

void
RescoreInParallel(void *arg, int32_t n, const int32_t *rows,
				  const int64_t *start, const int32_t *cols, double *scores)
{
	MatchScoring *ms = arg;
	ScoringTeam *team = ms->team;
	ScoringShared *sh = team->sh;

	memcpy(AT(sh, sh->batch_rows, int32 *), rows, sizeof(int32) * n);
	memcpy(AT(sh, sh->batch_start, int64 *), start, sizeof(int64) * (n + 1));
	memcpy(AT(sh, sh->batch_cols, int32 *), cols, sizeof(int32) * start[n]);
	sh->batch_n = n;
	pg_atomic_write_u32(&sh->batch_done, 0);
	team->gen++;
	pg_write_barrier();
	pg_atomic_write_u32(&sh->batch_gen, team->gen);
	(void) pg_atomic_exchange_u64(&sh->batch_take, (uint64) team->gen << 32);
	ConditionVariableBroadcast(&sh->work_cv);

	RescoreShare(sh, ms);
	ConditionVariablePrepareToSleep(&sh->done_cv);
	while (pg_atomic_read_u32(&sh->batch_done) < (uint32) n)
		ConditionVariableSleep(&sh->done_cv, PG_WAIT_EXTENSION);
	ConditionVariableCancelSleep();
	pg_read_barrier();
	memcpy(scores, AT(sh, sh->batch_scores, double *), sizeof(double) * start[n]);
}

void
ScoringTeamEnd(MatchScoring *ms)
{
	ScoringTeam *team = ms->team;
	ScoringShared *sh;
	Cohort	   *c = ms->people->cohort;
	uint32	   *flags;
	int32		i;

	if (team == NULL)
		return;
	sh = team->sh;
	sh->quit = true;
	pg_memory_barrier();
	ConditionVariableBroadcast(&sh->work_cv);
	WaitForParallelWorkersToFinish(team->pcxt);

	/* what the workers' rescoring marked (ROW_BELOW_MIN) */
	flags = AT(sh, sh->row_flags, uint32 *);
	for (i = 0; i < c->nrows; i++)
		c->row_flags[i] |= flags[i];
	DestroyParallelContext(team->pcxt);
	ExitParallelMode();
	CohortRelease(c, team->size);
	pfree(team);
	ms->team = NULL;
}

/* The worker's entry point (CreateParallelContext). */
PGDLLEXPORT void mentormatch_scoring_worker(dsm_segment *seg, shm_toc *toc);

void
mentormatch_scoring_worker(dsm_segment *seg, shm_toc *toc)
{
	ScoringShared *sh = shm_toc_lookup(toc, SCORING_KEY, false);
	Cohort		c;
	People		people;
	PairScorer	scorer;
	MatchScoring ms;
	int32		i;

	/* the cohort as scoring reads it: sizes, seats, flags, kept rows */
	memset(&c, 0, sizeof(c));
	c.nrows = sh->nrows;
	c.ncols = sh->ncols;
	c.capacity = AT(sh, sh->capacity, int32 *);
	c.row_flags = AT(sh, sh->row_flags, uint32 *);
	c.kept_col = sh->has_kept ? AT(sh, sh->kept_col, int32 *) : NULL;

	memset(&people, 0, sizeof(people));
	people.cohort = &c;
	ReceivePersons(sh, seg, &people.mentees, &people.mentors);
	/* a worker computes its own skill rows, within the leader's budget */
	c.cxt = CurrentMemoryContext;
	c.reading = true;			/* charged, never refused: the leader's limit */
	PeopleLayOut(&people);
	people.coverage_budget = sh->coverage_budget;
	PairScorerInit(&scorer, &sh->weights, sh->has_model ? &sh->model : NULL);
	ms.people = &people;
	ms.scorer = &scorer;
	ms.filter = &sh->filter;
	ms.exclude = sh->exclude;
	ms.rules = &sh->rules;
	ms.forbidden.mark = NULL;
	ms.forbidden.row = -1;
	if (sh->has_forbidden)
	{
		ms.forbidden.row_start = AT(sh, sh->forbid_start, int64 *);
		ms.forbidden.cols = AT(sh, sh->forbid_cols, int32 *);
		ms.forbidden.mark = palloc(sizeof(int32) * Max(sh->ncols, 1));
		for (i = 0; i < sh->ncols; i++)
			ms.forbidden.mark[i] = -1;
	}
	ms.team = NULL;
	Participate(sh, &ms, NULL);
	pg_atomic_add_fetch_u32(&sh->pass_done, 1);
	ConditionVariableBroadcast(&sh->done_cv);
	RescoreWhenAsked(sh, &ms);
}

/*
 * Until every worker launched is through with the pass (they stay, for the
 * team): a worker's error reaches the leader while it waits.
 */
static void
WaitForPass(ScoringShared *sh, ParallelContext *pcxt)
{
	WaitForParallelWorkersToAttach(pcxt);
	ConditionVariablePrepareToSleep(&sh->done_cv);
	while (pg_atomic_read_u32(&sh->pass_done) < (uint32) pcxt->nworkers_launched)
		ConditionVariableSleep(&sh->done_cv, PG_WAIT_EXTENSION);
	ConditionVariableCancelSleep();
	pg_read_barrier();
}

/* How many workers to ask for: none for small cohorts, unless forced. */
static int
WorkersWanted(const Cohort *c)
{
	bool		forced = debug_parallel_query != DEBUG_PARALLEL_OFF;

	if (IsInParallelMode() || max_parallel_workers_per_gather <= 0 ||
		c->nrows < 2 || c->ncols == 0)
		return 0;
	if (!forced && (int64) c->nrows * c->ncols < PARALLEL_MIN_PAIRS)
		return 0;
	return max_parallel_workers_per_gather;
}

/*
 * Lays out the chunk for nsides participants (the leader and nsides - 1
 * workers) and windows of window_rows rows; returns its size.
 */
static Size
LayOut(ScoringShared *layout, const MatchScoring *ms, const PrunedCohort *pc,
	   int nsides, int32 window_rows)
{
	Cohort	   *c = ms->people->cohort;
	int32		nrows = c->nrows,
				ncols = c->ncols;
	Size		forbidden = 0,
				size = 0;

	if (ms->forbidden.mark != NULL)
		forbidden = ms->forbidden.row_start[nrows];
	memset(layout, 0, sizeof(ScoringShared));
	layout->nsides = nsides;
	layout->window_rows = window_rows;
	(void) Place(&size, sizeof(ScoringShared));	/* at offset 0 */
	layout->queues = Place(&size, mul_size(PERSONS_QUEUE, nsides - 1));
	layout->capacity = Place(&size, sizeof(int32) * Max(ncols, 1));
	layout->kept_col = Place(&size, sizeof(int32) * Max(nrows, 1));
	layout->forbid_start = Place(&size, sizeof(int64) * (nrows + 1));
	layout->forbid_cols = Place(&size, sizeof(int32) * Max(forbidden, 1));
	layout->row_flags = Place(&size, sizeof(uint32) * Max(nrows, 1));
	layout->nkeep = Place(&size, sizeof(int32) * window_rows);
	layout->nknown = Place(&size, sizeof(int32) * window_rows);
	layout->bound = Place(&size, sizeof(double) * window_rows);
	layout->slot_col = Place(&size, mul_size(sizeof(int32) * SLOTS, window_rows));
	layout->slot_score = Place(&size, mul_size(sizeof(double) * SLOTS, window_rows));
	layout->col_start = Place(&size, sizeof(int64) * (ncols + 1));
	layout->side_bytes = MAXALIGN(PrunedColumnsBytes(ncols, pc->col_start));
	layout->sides = Place(&size, mul_size(layout->side_bytes, nsides));
	layout->totals = Place(&size, sizeof(SideTotals) * nsides);
	layout->batch_rows = Place(&size, sizeof(int32) * PRUNE_BATCH_ROWS);
	layout->batch_start = Place(&size, sizeof(int64) * (PRUNE_BATCH_ROWS + 1));
	layout->batch_cols = Place(&size, sizeof(int32) * ((Size) PRUNE_BATCH_PAIRS + ncols));
	layout->batch_scores = Place(&size, sizeof(double) * ((Size) PRUNE_BATCH_PAIRS + ncols));
	return size;
}

/*
 * The bytes a scoring chunk may have: with POSIX shared memory, a share of
 * what /dev/shm has free (a segment past it fails when it is filled in);
 * the other kinds are not limited here.
 */
static Size
SharedMemoryRoom(void)
{
	struct statvfs st;

	if (dynamic_shared_memory_type != DSM_IMPL_POSIX ||
		statvfs("/dev/shm", &st) != 0)
		return MaxAllocHugeSize;
	return (Size) ((double) st.f_bavail * st.f_frsize * SHM_SHARE);
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

bool
ScoreInParallel(MatchScoring *ms, PrunedCohort *pc)
{
	People	   *people = ms->people;
	Cohort	   *c = people->cohort;
	int			wanted = WorkersWanted(c);
	int			nworkers;
	ParallelContext *pcxt;
	ScoringShared *sh;
	Size		size,
				room,
				forbidden = 0;
	int32		nrows = c->nrows,
				ncols = c->ncols,
				i,
				s;
	ScoringShared layout;
	PrunedColumns side;
	ScoringLeader lead;
	char	   *persons;

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
	if (ms->forbidden.mark != NULL)
		forbidden = ms->forbidden.row_start[nrows];

	CohortCharge(c, size);
	EnterParallelMode();
	pcxt = CreateParallelContext("$libdir/mentormatch", "mentormatch_scoring_worker",
								 nworkers);
	shm_toc_estimate_chunk(&pcxt->estimator, size);
	shm_toc_estimate_keys(&pcxt->estimator, 1);
	InitializeParallelDSM(pcxt);
	sh = shm_toc_allocate(pcxt->toc, size);
	shm_toc_insert(pcxt->toc, SCORING_KEY, sh);

	*sh = layout;
	sh->nrows = nrows;
	sh->ncols = ncols;
	sh->coverage_budget = people->coverage_budget;
	sh->weights = *ms->scorer->weights;
	sh->has_model = ms->scorer->model != NULL;
	if (sh->has_model)
		sh->model = *ms->scorer->model;
	sh->filter = *ms->filter;
	sh->exclude = ms->exclude;
	sh->rules = *ms->rules;
	sh->has_kept = c->kept_col != NULL;
	sh->has_forbidden = ms->forbidden.mark != NULL;
	pg_atomic_init_u32(&sh->next_chunk, 0);
	pg_atomic_init_u32(&sh->next_side, 0);
	pg_atomic_init_u32(&sh->window, 0);
	pg_atomic_init_u32(&sh->chunks_done, 0);
	ConditionVariableInit(&sh->window_cv);
	pg_atomic_init_u32(&sh->pass_done, 0);
	sh->quit = false;
	ConditionVariableInit(&sh->work_cv);
	ConditionVariableInit(&sh->done_cv);
	pg_atomic_init_u32(&sh->batch_gen, 0);
	pg_atomic_init_u64(&sh->batch_take, 0);
	pg_atomic_init_u32(&sh->batch_done, 0);
	sh->batch_n = 0;
	persons = PersonsBlock(people, &sh->persons_bytes, &sh->mentors_at);
	sh->persons_base = persons;
	for (i = 0; i < nworkers; i++)
		shm_mq_set_sender(shm_mq_create(AT(sh, sh->queues + i * PERSONS_QUEUE, void *),
										PERSONS_QUEUE), MyProc);
	memcpy(AT(sh, sh->capacity, int32 *), c->capacity, sizeof(int32) * ncols);
	if (sh->has_kept)
		memcpy(AT(sh, sh->kept_col, int32 *), c->kept_col, sizeof(int32) * nrows);
	if (sh->has_forbidden)
	{
		memcpy(AT(sh, sh->forbid_start, int64 *), ms->forbidden.row_start,
			   sizeof(int64) * (nrows + 1));
		memcpy(AT(sh, sh->forbid_cols, int32 *), ms->forbidden.cols,
			   sizeof(int32) * forbidden);
	}
	memcpy(AT(sh, sh->row_flags, uint32 *), c->row_flags, sizeof(uint32) * nrows);
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
	SendPersons(sh, pcxt, persons);
	pfree(persons);
	CohortRelease(c, sh->persons_bytes);
	elog(DEBUG1, "%s: %d parallel workers launched of %d planned, %zu bytes of "
		 "shared memory, rows in windows of %d",
		 c->what, pcxt->nworkers_launched, nworkers, size, sh->window_rows);
	{
		/*
		 * The leader scores with its own people, flags in the chunk, and
		 * takes each window's rows into pc as it is through
		 */
		uint32	   *own_flags = c->row_flags;

		lead.pc = pc;
		lead.cohort = c;
		c->row_flags = AT(sh, sh->row_flags, uint32 *);
		PG_TRY();
		{
			Participate(sh, ms, &lead);
		}
		PG_FINALLY();
		{
			c->row_flags = own_flags;
		}
		PG_END_TRY();
	}
	WaitForPass(sh, pcxt);

	/* the rows' flags, then every side's columns */
	memcpy(c->row_flags, AT(sh, sh->row_flags, uint32 *), sizeof(uint32) * nrows);
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

	/* the workers stay to rescore, if the certificate may ask */
	ms->team = palloc(sizeof(ScoringTeam));
	ms->team->pcxt = pcxt;
	ms->team->sh = sh;
	ms->team->size = size;
	ms->team->gen = 0;
	if (!pc->side.pruned || pcxt->nworkers_launched == 0)
		ScoringTeamEnd(ms);
	return true;
}
