/*
 * batch_handover.c
 *		Handing batches of rows to a team (see batch_handover.h).
 *
 * Three atomic words, in the memory the team shares:
 *
 *	limit	generation << 32 | the batch's rows, stored by the leader only;
 *	take	generation << 32 | the next row to take: reset by the leader
 *			(exchange) for each batch, then only incremented by takers;
 *	done	rows of the current batch done, reset by the leader.
 *
 * The leader publishes batch g (rows n_g) in this order, and only once
 * done has reached n_{g-1}:
 *
 *	P1	the batch's data (the caller, before handover_publish)
 *	P2	done = 0
 *	P3	limit = g << 32 | n_g
 *	P4	take = g << 32 | 0
 *
 * A participant's take: T1 loads limit and take, and stops unless both say
 * the same generation with a row left (so that it increments no word of a
 * batch that is over or not yet handed over); T2 fetch_add(take, 1) gives
 * (g, x); T3 loads limit once more, (g', n); the row x is its own iff g'
 * == g and x < n.  It writes the row's results, then done += 1.  Every
 * access is sequentially consistent (C11's default).
 *
 * Why no row is taken twice, none of the wrong batch, and the leader
 * never reads results before they are written, whatever the delays:
 *
 * 1.  Between P4 of batch g and P4 of g + 1, take holds generation g and
 *	   only grows, so each (g, x) is returned by one fetch_add at most; before
 *	   P4 of g no fetch_add returns generation g (the low half never carries
 *	   into it: see 5).
 *
 * 2.  A participant whose T2 gives (g, x) with x < n_g holds row x of batch
 *	   g, and batch g stays the current one until it calls done: the leader
 *	   moves on only when done reaches n_g, which takes the done of every
 *	   row x < n_g, its own included.  So the batch's data it reads and the
 *	   results it writes are batch g's, and the leader reads them after the
 *	   done that follows them (release, then acquire on done; done's
 *	   increments are read-modify-writes, so the leader's load of n_g
 *	   follows every one).
 *
 * 3.  The race the single limit word rules out: a participant late from
 *	   batch g (g's rows all taken) whose T2 lands after the leader began
 *	   batch g + 1 but before its P4 gets (g, x), x >= n_g, since every row
 *	   x < n_g was taken before done could reach n_g.  Its T3 reads limit
 *	   either before P3, (g, n_g): x >= n_g, no row; or after, (g + 1 or
 *	   later, n): another generation, no row.  Generation and count come
 *	   from one load, so it can never weigh g's take against g + 1's count.
 *	   (Read from two words, the generation before P3 and the count after
 *	   it, x < n_{g+1} would hand it row x of the new batch under the old
 *	   name; that row is taken again after P4, done reaches n_{g+1} early
 *	   and the leader reads a result not yet written.)
 *
 * 4.  A take that gives (g, x) read take from P4 of g or an increment after
 *	   it; P1 to P3 of g come before P4, so T3 sees limit (g, n_g) or later
 *	   (never an earlier batch's) and the batch's data is g's.  T3 cannot see
 *	   an earlier generation than T2's: case 3 and this exhaust what a
 *	   participant can see.
 *
 * 5.  The low half of take stays below 2^32: a participant increments a
 *	   word only after T1 saw it current with a row left, so it increments
 *	   a word whose batch is over at most once per generation (then T3 sends
 *	   it to wait for a later generation, and a later T1 loads a limit at
 *	   least that new).  So take's low half stays under n_g plus the team's
 *	   size (batches of fewer than 2^32 - 2^16 rows, teams of fewer than
 *	   2^16).  Generations are 32 bits:
 *	   a solve hands over far fewer than 2^32 batches.
 *
 * A participant that fails the check of T1 or T3 learns the generation its
 * take was of: when the current one is later (the next batch is being
 * handed over between P3 and P4), it takes again; when it is the same (the
 * batch's rows are all taken), it waits for the next.
 */
#include <stdatomic.h>

#include "batch_handover.h"

struct BatchHandover
{
	_Atomic uint64_t limit;
	_Atomic uint64_t take;
	_Atomic uint32_t done;
};

_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2 && ATOMIC_INT_LOCK_FREE == 2,
			   "the team shares these words across processes: they must be lock-free");

void		(*handover_pause) (int point) = NULL;

#define GEN(v)		((uint32_t) ((v) >> 32))
#define LOW(v)		((uint32_t) (v))

static inline void
Pause(int point)
{
	if (handover_pause != NULL)
		handover_pause(point);
}

size_t
handover_size(void)
{
	return (sizeof(BatchHandover) + 7) & ~(size_t) 7;
}

BatchHandover *
handover_init(void *memory)
{
	BatchHandover *h = memory;

	atomic_init(&h->limit, 0);
	atomic_init(&h->take, 0);
	atomic_init(&h->done, 0);
	return h;
}

uint32_t
handover_publish(BatchHandover *h, uint32_t n)
{
	uint32_t	gen = GEN(atomic_load(&h->limit)) + 1;

	atomic_store(&h->done, 0);	/* P2 */
	Pause(3);
	atomic_store(&h->limit, (uint64_t) gen << 32 | n);	/* P3 */
	Pause(4);
	(void) atomic_exchange(&h->take, (uint64_t) gen << 32);	/* P4 */
	return gen;
}

bool
handover_take(BatchHandover *h, uint32_t *row, uint32_t *n, uint32_t *gen)
{
	uint64_t	limit = atomic_load(&h->limit),
				take = atomic_load(&h->take);

	/* T1: a word of the current batch, with a row left */
	if (GEN(take) != GEN(limit) || LOW(take) >= LOW(limit))
	{
		*gen = GEN(take) < GEN(limit) ? GEN(take) : GEN(limit);
		return false;
	}
	Pause(0);
	take = atomic_fetch_add(&h->take, 1);	/* T2 */
	Pause(1);
	limit = atomic_load(&h->limit); /* T3 */
	Pause(2);
	if (GEN(take) != GEN(limit) || LOW(take) >= LOW(limit))
	{
		*gen = GEN(take);
		return false;
	}
	*row = LOW(take);
	*n = LOW(limit);
	*gen = GEN(take);
	return true;
}

bool
handover_done(BatchHandover *h, uint32_t n)
{
	Pause(5);
	return atomic_fetch_add(&h->done, 1) + 1 == n;
}

bool
handover_finished(BatchHandover *h)
{
	return atomic_load(&h->done) == LOW(atomic_load(&h->limit));
}

uint32_t
handover_generation(BatchHandover *h)
{
	return GEN(atomic_load(&h->limit));
}
