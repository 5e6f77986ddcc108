/*
 * batch_handover.h
 *		Handing a batch of rows to a team, one after another: a leader
 *		publishes a batch, every participant (the leader too) takes rows
 *		until none is left, and the leader learns when each row taken is
 *		done; plain C (C11 atomics) on three lock-free words, so the team
 *		may be threads or processes sharing memory (the server's parallel
 *		workers: matching/rescoring_team.c).
 *
 * The hand-over is race-free by construction: a participant late from
 * one batch (it took nothing, and its last take lands while the next
 * batch is handed over) never takes a row of the next batch under the
 * last one's name, whatever the order of the steps; see
 * batch_handover.c for the argument.  The batch's own data (which rows,
 * where their results go) is the caller's: written by the leader before
 * handover_publish, read by a participant only for a row it took, and
 * read back by the leader once handover_finished says so.
 *
 * The caller does the waiting (sleeping, waking) around these steps:
 * participants wait for handover_generation to pass the one their last
 * take was of; the leader for handover_finished.
 */
#ifndef MENTORMATCH_BATCH_HANDOVER_H
#define MENTORMATCH_BATCH_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BatchHandover BatchHandover;

/* The bytes a BatchHandover takes (aligned to 8), for shared memory. */
extern size_t handover_size(void);

/* Sets one up at memory (handover_size bytes, 8-aligned): no batch yet. */
extern BatchHandover *handover_init(void *memory);

/*
 * The leader: hands over the next batch, of n rows (n > 0, fewer than
 * 2^32 - 2^16; a team of fewer than 2^16), once the last one is finished
 * (or at first); the batch's data must be written before.  Returns the batch's generation
 * (1, 2, ...).
 */
extern uint32_t handover_publish(BatchHandover *h, uint32_t n);

/*
 * A participant: takes the next row of the current batch, true with *row
 * (0 .. *n - 1) and *n the batch's rows; false when it takes none, *gen
 * the generation its take was of: wait for a later one (which may be
 * there already; take again then).
 */
extern bool handover_take(BatchHandover *h, uint32_t *row, uint32_t *n,
						  uint32_t *gen);

/*
 * A participant: the row it took is done (its results written before);
 * true when it was the batch's last (wake the leader).
 */
extern bool handover_done(BatchHandover *h, uint32_t n);

/* The leader: whether every row of the batch published last is done. */
extern bool handover_finished(BatchHandover *h);

/* The generation published last (0: none yet). */
extern uint32_t handover_generation(BatchHandover *h);

/*
 * The standalone checks (test/core/check_handover.c) delay the steps at
 * random through this; NULL, as in the server, costs one test a step.
 * point: 0 .. HANDOVER_PAUSE_POINTS - 1.
 */
#define HANDOVER_PAUSE_POINTS 6
extern void (*handover_pause) (int point);

#endif							/* MENTORMATCH_BATCH_HANDOVER_H */
