/*
 * parallel_workers.h
 *		What match()'s parallel workers share, whether they score the first
 *		pass (parallel_scoring.h) or rescore a round's batches for the
 *		certificate (rescoring_team.h): how many to plan, the memory
 *		they take and its reservation against mentormatch.max_solver_memory,
 *		the people's copies sent to each through a queue, and a worker's own
 *		view of the cohort and the people.
 *
 * Each kind of worker has its dynamic shared memory chunk, which begins
 * with a WorkerShared; the offsets in it count from the chunk's start.
 */
#ifndef MENTORMATCH_PARALLEL_WORKERS_H
#define MENTORMATCH_PARALLEL_WORKERS_H

#include "access/parallel.h"

#include "matching/candidates.h"

/* Each worker's queue for the people's copies, and a message's most. */
#define PERSONS_QUEUE		((Size) 1 << 20)
#define PERSONS_PIECE		((Size) 4 << 20)

/*
 * The parallel workers of one solve, planned by the first pass: the memory
 * reserved for them (CohortReserveWorkers) until the solve ends
 * (ScoringWorkersEnd), and the rescoring team of the round at hand.
 */
typedef struct ScoringWorkers
{
	int			nworkers;		/* planned for the pass, and for each team */
	Size		coverage_budget;	/* the skill rows' budget of each */
	Size		worker_bytes;	/* what each may take (WorkerBytes) */
	Size		reserved;		/* charged to the cohort for them all */
	int			rounds;			/* rounds rescored so far */
	int64		round_pairs;	/* pairs the round's batches asked for so far */
	bool		round_alone;	/* the round's team could not be had */
	struct RescoringTeam *team; /* the round's team, or NULL */
} ScoringWorkers;

/* What every worker is given, at the start of its chunk. */
typedef struct WorkerShared
{
	int32		nrows;
	int32		ncols;
	int			nworkers;		/* planned: queues and slots */
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

	/* offsets from the chunk's start */
	Size		queues;			/* a PERSONS_QUEUE per worker */
	char	   *persons_base;	/* the people's copies in the leader: */
	Size		persons_bytes;	/* Person[nrows] and their arrays, then */
	Size		mentors_at;		/* Person[ncols] and theirs from here */
	Size		capacity;		/* int32[ncols] */
	Size		kept_col;		/* int32[nrows] */
	Size		forbid_start;	/* int64[nrows + 1] */
	Size		forbid_cols;	/* int32[] */
	Size		row_flags;		/* uint32[nrows], the rows' flags (cohort.h) */
	Size		used;			/* Size[nworkers]: what each charged */
	Size		peak_kb;		/* long[nworkers]: each one's peak resident
								 * memory (getrusage) */
} WorkerShared;

/* A worker's own view: the cohort as scoring reads it, its people, ms. */
typedef struct WorkerScoring
{
	Cohort		cohort;
	People		people;
	PairScorer	scorer;
	MatchScoring ms;
} WorkerScoring;

#define AT(sh, off, type)	((type) ((char *) (sh) + (off)))

/* Lays out n bytes at *size, returning their offset. */
extern Size ChunkPlace(Size *size, Size n);

/*
 * How many workers to ask for: none for cohorts under min_pairs pairs
 * (unless debug_parallel_query forces them), in parallel mode, or when
 * max_parallel_workers_per_gather is 0.
 */
extern int	WorkersWanted(const Cohort *c, int64 min_pairs);

/*
 * The bytes a chunk may have: with POSIX shared memory, a share of what
 * /dev/shm has free; the other kinds are not limited here.
 */
extern Size SharedMemoryRoom(void);

/*
 * Enters parallel mode and sets up *pcxt for nworkers running entry (a
 * function of this library) with a chunk of size bytes under key in its
 * dynamic shared memory; returns the chunk.  The caller launches the
 * workers, and at the end destroys *pcxt and leaves parallel mode.
 */
extern void *WorkersChunk(const char *entry, int nworkers, uint64 key,
						  Size size, ParallelContext **pcxt);

/*
 * The people's copies in one block (mentees, then mentors from
 * *mentors_at), which the workers are sent; *bytes its size, charged to
 * the workers' reservation, not again.
 */
extern Size PersonsBytes(const People *people, Size *mentors_at);
extern char *PersonsBlock(const People *people, Size bytes, Size mentors_at);

/*
 * The most one worker takes: its copy of the people, their layout (goal
 * index, kernel), the skill rows it may compute within budget bytes, a
 * tile's buffers and forbidden marks.  Each worker charges what it takes
 * to its own view, and reports it (WorkerShared.used).
 */
extern Size WorkerBytes(const People *people, Size persons_bytes, Size budget);

/*
 * Lays out the common part of a chunk for nworkers at *size (which starts
 * after the kind's own header), with forbidden pairs if with_forbidden.
 */
extern void WorkerSharedLayOut(WorkerShared *w, const MatchScoring *ms,
							   int nworkers, bool with_forbidden, Size *size);

/*
 * The leader, once the chunk is allocated, before the workers are
 * launched: fills the common part (the scoring's settings, seats, kept
 * rows, forbidden pairs, the rows' flags), the queues, and where the
 * people's copies (PersonsBlock) lie; coverage_budget as given.
 */
extern void WorkerSharedFill(WorkerShared *w, const MatchScoring *ms,
							 Size coverage_budget, const char *persons,
							 Size persons_bytes, Size mentors_at);

/*
 * The leader, once the workers are launched: sends the people's copies to
 * each, in pieces through its queue; a worker that is gone is skipped.
 */
extern void SendPersons(WorkerShared *w, ParallelContext *pcxt,
						const char *block);

/*
 * A worker: receives the people's copies and lays out its own view of the
 * cohort and the people (its skill rows within the leader's budget).
 */
extern void WorkerScoringBegin(WorkerScoring *ws, WorkerShared *w,
							   dsm_segment *seg);

/* A worker, at its end: what it charged and its peak memory, for the leader. */
extern void WorkerScoringEnd(WorkerScoring *ws, WorkerShared *w);

/*
 * The leader, once the workers finished: their peak memory and what they
 * charged at DEBUG1, for the kind of work they did (what).
 */
extern void WorkersReport(const WorkerShared *w, ParallelContext *pcxt,
						  const char *cohort_what, const char *what,
						  Size reserved_each);

#endif							/* MENTORMATCH_PARALLEL_WORKERS_H */
