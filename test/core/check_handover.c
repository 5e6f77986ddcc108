/*
 * check_handover.c
 *		The batch hand-over (batch_handover.h) driven by threads: a leader
 *		hands over many small batches to a team, every step delayed at
 *		random (handover_pause, and between a row's steps), and checks that
 *		every row of every batch is done exactly once, by a participant
 *		that took it under its own batch's generation, and that the leader
 *		never sees a batch finished before each of its rows is written.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "batch_handover.h"

#define MOST_ROWS	6

/* What the team shares: the hand-over and the batch's data and results. */
typedef struct Team
{
	BatchHandover *h;
	uint32_t	data[MOST_ROWS];	/* the batch's data: its generation */
	uint32_t	result[MOST_ROWS];	/* a row's result: the data it read */
	_Atomic uint32_t times[MOST_ROWS];	/* participants that did the row */
	_Atomic bool quit;
	_Atomic long wrong_batch;	/* a row done under another generation */
	uint64_t	seed;
	/* sleeping and waking, as the server's condition variables do */
	pthread_mutex_t lock;
	pthread_cond_t work;		/* a batch was published, or quit */
	pthread_cond_t finished;	/* a batch's last row is done */
} Team;

static Team team = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.work = PTHREAD_COND_INITIALIZER,
	.finished = PTHREAD_COND_INITIALIZER,
};

/* Wakes the threads waiting on cv (after the state they wait for changed). */
static void
Wake(pthread_cond_t *cv)
{
	pthread_mutex_lock(&team.lock);
	pthread_cond_broadcast(cv);
	pthread_mutex_unlock(&team.lock);
}

/* Each thread's own random numbers (splitmix64). */
static _Thread_local uint64_t thread_rng;

static uint32_t
ThreadRand(void)
{
	uint64_t	z = (thread_rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t) ((z ^ (z >> 31)) >> 32);
}

/* Nothing, a yield, or a short spin, at random. */
static void
Delay(int point)
{
	uint32_t	r = ThreadRand();
	volatile uint32_t spin;

	(void) point;
	switch (r % 4)
	{
		case 0:
			break;
		case 1:
			sched_yield();
			break;
		default:
			for (spin = 0; spin < (r >> 20) % 400; spin++)
				;
	}
}

/* Takes and does rows until it takes none; the generation of its last take. */
static uint32_t
DoRows(void)
{
	uint32_t	row,
				n,
				gen;

	while (handover_take(team.h, &row, &n, &gen))
	{
		uint32_t	seen = team.data[row];

		if (seen != gen)
			atomic_fetch_add(&team.wrong_batch, 1);
		Delay(10);
		atomic_fetch_add(&team.times[row], 1);
		team.result[row] = seen;
		Delay(11);
		if (handover_done(team.h, n))
			Wake(&team.finished);
	}
	return gen;
}

/* The leader: until the batch is finished; false after 10 s without. */
static bool
AwaitFinished(void)
{
	struct timespec deadline;
	bool		finished;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 10;
	pthread_mutex_lock(&team.lock);
	while (!(finished = handover_finished(team.h)) &&
		   pthread_cond_timedwait(&team.finished, &team.lock, &deadline) == 0)
		;
	pthread_mutex_unlock(&team.lock);
	return finished;
}

static void *
Worker(void *arg)
{
	uint32_t	seen = 0;

	thread_rng = team.seed + (uint64_t) (intptr_t) arg * 7919;
	for (;;)
	{
		pthread_mutex_lock(&team.lock);
		while (!atomic_load(&team.quit) && handover_generation(team.h) == seen)
			pthread_cond_wait(&team.work, &team.lock);
		pthread_mutex_unlock(&team.lock);
		if (atomic_load(&team.quit))
			break;
		seen = DoRows();
	}
	return NULL;
}

/*
 * batches batches of 1 to MOST_ROWS rows handed to workers threads and
 * the leader (which sometimes leaves its batch to the team).
 */
static void
CheckTeam(int workers, int batches)
{
	pthread_t	threads[8];
	void	   *memory = Xalloc(handover_size());
	long		twice = 0,
				missing = 0,
				early = 0;
	bool		stuck = false;
	int			b,
				w;

	team.h = handover_init(memory);
	atomic_store(&team.quit, false);
	atomic_store(&team.wrong_batch, 0);
	team.seed = Rand64();
	thread_rng = team.seed;
	handover_pause = Delay;
	for (w = 0; w < workers; w++)
		if (pthread_create(&threads[w], NULL, Worker, (void *) (intptr_t) (w + 1)) != 0)
		{
			Check(false, "handover: pthread_create failed");
			exit(1);
		}
	for (b = 0; b < batches; b++)
	{
		uint32_t	n = 1 + ThreadRand() % (ThreadRand() % 2 ? 2 : MOST_ROWS),
					gen = handover_generation(team.h) + 1,
					x;

		for (x = 0; x < n; x++)
		{
			team.data[x] = gen;
			team.result[x] = 0;
			atomic_store(&team.times[x], 0);
		}
		if (handover_publish(team.h, n) != gen)
			missing++;
		Wake(&team.work);
		if (ThreadRand() % 4 != 0)
			while (DoRows() != gen)
				;				/* a take of the last batch: again */
		if (!AwaitFinished())
		{
			stuck = true;
			break;
		}
		/* finished: every row written, each by one participant */
		for (x = 0; x < n; x++)
		{
			if (team.result[x] != gen)
				early++;
			if (atomic_load(&team.times[x]) != 1)
				twice++;
		}
		Delay(12);
	}
	atomic_store(&team.quit, true);
	Wake(&team.work);
	for (w = 0; w < workers; w++)
		pthread_join(threads[w], NULL);
	/* a row done twice may land after its batch was checked */
	for (b = 0; b < MOST_ROWS; b++)
		if (atomic_load(&team.times[b]) > 1)
			twice++;
	handover_pause = NULL;
	free(memory);

	Check(atomic_load(&team.wrong_batch) == 0,
		  "handover, %d workers: %ld rows done under another batch's generation",
		  workers, atomic_load(&team.wrong_batch));
	Check(twice == 0, "handover, %d workers: %ld rows done other than once", workers, twice);
	Check(early == 0, "handover, %d workers: the leader saw %ld batches finished "
		  "before a row was written", workers, early);
	Check(!stuck, "handover, %d workers: a batch never finished (10 s)", workers);
	Check(missing == 0, "handover, %d workers: %ld generations out of turn", workers, missing);
}

void
CheckHandover(int batches)
{
	CheckTeam(1, batches);
	CheckTeam(3, batches);
	CheckTeam(5, batches);
}
