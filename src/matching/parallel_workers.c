/*
 * parallel_workers.c
 *		What match()'s parallel workers share (see parallel_workers.h).
 *
 * The people's copies (Persons, about half a kilobyte each) go to each
 * worker through a queue of its own, into the worker's memory, so that the
 * chunk holds nothing that grows with the cohort at once.  Each worker
 * lays out its own view of them (goal index, kernel) and computes the
 * skill rows its rows need within the budget the leader had.
 *
 * The memory a worker takes is known before it starts (WorkerBytes): the
 * copies, their layout, the skill rows within the budget, a tile's
 * buffers.  The first pass reserves that much per worker planned, with
 * the chunk and the leader's copy of the people, against
 * mentormatch.max_solver_memory until the solve ends, so that the
 * rescoring teams of later rounds fit in it too.  A worker charges what it
 * allocates to its own view of the cohort and reports it with its peak
 * resident memory, which the leader logs at DEBUG1.
 */
#include "postgres.h"

#include <sys/resource.h>
#include <sys/statvfs.h>

#include "access/xact.h"
#include "miscadmin.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "storage/dsm_impl.h"
#include "storage/shm_mq.h"
#include "storage/shm_toc.h"

#include "base/pg_compat.h"
#include "matching/parallel_workers.h"

/* The share of /dev/shm's free space one chunk may take. */
#define SHM_SHARE			0.75

Size
ChunkPlace(Size *size, Size n)
{
	Size		at = *size;

	*size = add_size(*size, MAXALIGN(n));
	return at;
}

int
WorkersWanted(const Cohort *c, int64 min_pairs)
{
	bool		forced = debug_parallel_query != DEBUG_PARALLEL_OFF;

	if (IsInParallelMode() || max_parallel_workers_per_gather <= 0 ||
		c->nrows < 2 || c->ncols == 0)
		return 0;
	if (!forced && (int64) c->nrows * c->ncols < min_pairs)
		return 0;
	return max_parallel_workers_per_gather;
}

Size
SharedMemoryRoom(void)
{
	struct statvfs st;

	if (dynamic_shared_memory_type != DSM_IMPL_POSIX ||
		statvfs("/dev/shm", &st) != 0)
		return MaxAllocHugeSize;
	return (Size) ((double) st.f_bavail * st.f_frsize * SHM_SHARE);
}

void *
WorkersChunk(const char *entry, int nworkers, uint64 key, Size size,
			 ParallelContext **pcxt)
{
	void	   *chunk;

	EnterParallelMode();
	*pcxt = CreateParallelContext("$libdir/mentormatch", entry, nworkers);
	shm_toc_estimate_chunk(&(*pcxt)->estimator, size);
	shm_toc_estimate_keys(&(*pcxt)->estimator, 1);
	InitializeParallelDSM(*pcxt);
	chunk = shm_toc_allocate((*pcxt)->toc, size);
	shm_toc_insert((*pcxt)->toc, key, chunk);
	return chunk;
}

static Size
SideBytes(const Person *p, int32 n)
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

Size
PersonsBytes(const People *people, Size *mentors_at)
{
	const Cohort *c = people->cohort;

	*mentors_at = MAXALIGN(SideBytes(people->mentees, c->nrows));
	return add_size(*mentors_at, SideBytes(people->mentors, c->ncols));
}

char *
PersonsBlock(const People *people, Size bytes, Size mentors_at)
{
	const Cohort *c = people->cohort;
	char	   *block = MemoryContextAllocHuge(CurrentMemoryContext, bytes);

	CopyPersons((Person *) block, people->mentees, c->nrows);
	CopyPersons((Person *) (block + mentors_at), people->mentors, c->ncols);
	return block;
}

/* A tile's buffers (TileCandidates) and the row scratch of a split. */
static Size
TileBytes(int32 ncols)
{
	return mul_size(Max(ncols, 1), (sizeof(int32) + sizeof(double)) * TILE_ROWS +
					sizeof(double));
}

Size
WorkerBytes(const People *people, Size persons_bytes, Size budget)
{
	int32		ncols = people->cohort->ncols;
	Size		rows = Min(budget, mul_size(people->nskills,
											sizeof(double) * Max(ncols, 1)));

	return add_size(add_size(persons_bytes, people->layout_bytes),
					add_size(add_size(rows, TileBytes(ncols)),
							 sizeof(int32) * Max(ncols, 1)));
}

void
WorkerSharedLayOut(WorkerShared *w, const MatchScoring *ms, int nworkers,
				   bool with_forbidden, Size *size)
{
	Cohort	   *c = ms->people->cohort;
	int32		nrows = c->nrows,
				ncols = c->ncols;
	Size		forbidden = 0;

	if (with_forbidden && ms->forbidden.mark != NULL)
		forbidden = ms->forbidden.row_start[nrows];
	w->nworkers = nworkers;
	w->has_forbidden = with_forbidden && ms->forbidden.mark != NULL;
	w->queues = ChunkPlace(size, mul_size(PERSONS_QUEUE, nworkers));
	w->capacity = ChunkPlace(size, sizeof(int32) * Max(ncols, 1));
	w->kept_col = ChunkPlace(size, sizeof(int32) * Max(nrows, 1));
	w->forbid_start = ChunkPlace(size, w->has_forbidden ? sizeof(int64) * (nrows + 1) : 0);
	w->forbid_cols = ChunkPlace(size, sizeof(int32) * Max(forbidden, 1));
	w->row_flags = ChunkPlace(size, sizeof(uint32) * Max(nrows, 1));
	w->used = ChunkPlace(size, sizeof(Size) * nworkers);
	w->peak_kb = ChunkPlace(size, sizeof(long) * nworkers);
}

void
WorkerSharedFill(WorkerShared *w, const MatchScoring *ms, Size coverage_budget,
				 const char *persons, Size persons_bytes, Size mentors_at)
{
	Cohort	   *c = ms->people->cohort;
	int32		nrows = c->nrows,
				ncols = c->ncols;
	int			i;

	w->nrows = nrows;
	w->ncols = ncols;
	w->coverage_budget = coverage_budget;
	w->weights = *ms->scorer->weights;
	w->has_model = ms->scorer->model != NULL;
	if (w->has_model)
		w->model = *ms->scorer->model;
	w->filter = *ms->filter;
	w->exclude = ms->exclude;
	w->rules = *ms->rules;
	w->has_kept = c->kept_col != NULL;
	w->persons_base = (char *) persons;
	w->persons_bytes = persons_bytes;
	w->mentors_at = mentors_at;
	for (i = 0; i < w->nworkers; i++)
	{
		shm_mq_set_sender(shm_mq_create(AT(w, w->queues + i * PERSONS_QUEUE, void *),
										PERSONS_QUEUE), MyProc);
		AT(w, w->used, Size *)[i] = 0;
		AT(w, w->peak_kb, long *)[i] = 0;
	}
	memcpy(AT(w, w->capacity, int32 *), c->capacity, sizeof(int32) * ncols);
	if (w->has_kept)
		memcpy(AT(w, w->kept_col, int32 *), c->kept_col, sizeof(int32) * nrows);
	if (w->has_forbidden)
	{
		memcpy(AT(w, w->forbid_start, int64 *), ms->forbidden.row_start,
			   sizeof(int64) * (nrows + 1));
		memcpy(AT(w, w->forbid_cols, int32 *), ms->forbidden.cols,
			   sizeof(int32) * ms->forbidden.row_start[nrows]);
	}
	memcpy(AT(w, w->row_flags, uint32 *), c->row_flags, sizeof(uint32) * nrows);
}

void
SendPersons(WorkerShared *w, ParallelContext *pcxt, const char *block)
{
	int			i;

	for (i = 0; i < pcxt->nworkers_launched; i++)
	{
		shm_mq	   *mq = AT(w, w->queues + i * PERSONS_QUEUE, shm_mq *);
		shm_mq_handle *mqh = shm_mq_attach(mq, pcxt->seg, pcxt->worker[i].bgwhandle);
		Size		off;

		for (off = 0; off < w->persons_bytes; off += PERSONS_PIECE)
			if (shm_mq_send(mqh, Min(PERSONS_PIECE, w->persons_bytes - off),
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
ReceivePersons(WorkerShared *w, dsm_segment *seg, Cohort *c, Person **mentees,
			   Person **mentors)
{
	shm_mq	   *mq = AT(w, w->queues + ParallelWorkerNumber * PERSONS_QUEUE, shm_mq *);
	shm_mq_handle *mqh;
	char	   *block;
	ptrdiff_t	delta;
	Size		got = 0;
	int32		i;

	CohortCharge(c, w->persons_bytes);
	block = MemoryContextAllocHuge(CurrentMemoryContext, w->persons_bytes);
	shm_mq_set_receiver(mq, MyProc);
	mqh = shm_mq_attach(mq, seg, NULL);
	while (got < w->persons_bytes)
	{
		Size		n;
		void	   *data;

		if (shm_mq_receive(mqh, &n, &data, false) != SHM_MQ_SUCCESS ||
			n > w->persons_bytes - got)
			elog(ERROR, "the scoring leader stopped sending the people");
		memcpy(block + got, data, n);
		got += n;
	}
	shm_mq_detach(mqh);
	delta = block - w->persons_base;
	*mentees = (Person *) block;
	*mentors = (Person *) (block + w->mentors_at);
	for (i = 0; i < w->nrows; i++)
		PersonRelocate(&(*mentees)[i], delta);
	for (i = 0; i < w->ncols; i++)
		PersonRelocate(&(*mentors)[i], delta);
}

void
WorkerScoringBegin(WorkerScoring *ws, WorkerShared *w, dsm_segment *seg)
{
	Cohort	   *c = &ws->cohort;
	People	   *people = &ws->people;
	MatchScoring *ms = &ws->ms;
	int32		i;

	/* the cohort as scoring reads it: sizes, seats, flags, kept rows */
	memset(c, 0, sizeof(Cohort));
	c->what = "match";
	c->nrows = w->nrows;
	c->ncols = w->ncols;
	c->capacity = AT(w, w->capacity, int32 *);
	c->row_flags = AT(w, w->row_flags, uint32 *);
	c->kept_col = w->has_kept ? AT(w, w->kept_col, int32 *) : NULL;
	c->cxt = CurrentMemoryContext;
	c->reading = true;			/* charged, never refused: the leader's limit */

	memset(people, 0, sizeof(People));
	people->cohort = c;
	ReceivePersons(w, seg, c, &people->mentees, &people->mentors);
	/* a worker computes its own skill rows, within the leader's budget */
	PeopleLayOut(people);
	people->coverage_budget = w->coverage_budget;
	PairScorerInit(&ws->scorer, &w->weights, w->has_model ? &w->model : NULL);
	ms->people = people;
	ms->scorer = &ws->scorer;
	ms->filter = &w->filter;
	ms->exclude = w->exclude;
	ms->rules = &w->rules;
	ms->forbidden.mark = NULL;
	ms->forbidden.row = -1;
	if (w->has_forbidden)
	{
		ms->forbidden.row_start = AT(w, w->forbid_start, int64 *);
		ms->forbidden.cols = AT(w, w->forbid_cols, int32 *);
		ms->forbidden.mark = CohortAlloc(c, sizeof(int32) * Max(w->ncols, 1));
		for (i = 0; i < w->ncols; i++)
			ms->forbidden.mark[i] = -1;
	}
	ms->workers = NULL;
}

void
WorkerScoringEnd(WorkerScoring *ws, WorkerShared *w)
{
	struct rusage ru;

	if (ParallelWorkerNumber < 0 || ParallelWorkerNumber >= w->nworkers)
		return;
	AT(w, w->used, Size *)[ParallelWorkerNumber] = ws->cohort.charged;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		AT(w, w->peak_kb, long *)[ParallelWorkerNumber] = ru.ru_maxrss;
}

void
WorkersReport(const WorkerShared *w, ParallelContext *pcxt, const char *cohort_what,
			  const char *what, Size reserved_each)
{
	long		peak = 0,
				most = 0;
	Size		used = 0;
	int			i;

	for (i = 0; i < pcxt->nworkers_launched; i++)
	{
		long		kb = AT(w, w->peak_kb, const long *)[i];

		peak += kb;
		most = Max(most, kb);
		used = Max(used, AT(w, w->used, const Size *)[i]);
	}
	elog(DEBUG1, "%s: %d parallel workers %s: %ld kB of peak resident memory in all "
		 "(%ld kB the most), %zu bytes charged of the %zu reserved for each",
		 cohort_what, pcxt->nworkers_launched, what, peak, most, used, reserved_each);
}
