/*
 * core.h
 *		What the plain-C solver cores need from their host, and the one
 *		allocation helper they share.
 *
 * The solver cores (everything in src/core/) include no PostgreSQL header,
 * so they can be read, built and checked on their own.  Their host supplies
 * memory and interrupt checks: inside the server that is src/solver_host.c
 * (palloc in the solver's memory context, CHECK_FOR_INTERRUPTS), in the
 * standalone checks it is test/core/host.c (malloc, nothing).
 *
 * core_alloc never returns NULL: the host reports failure itself (the server
 * raises an error, which unwinds the solver's memory context at once).
 * Memory is not freed piecemeal, but for core_free of a large array; the
 * host releases it all at the end, or what was allocated since
 * core_scope_begin at the matching core_scope_end (scopes nest).
 */
#ifndef MENTORMATCH_CORE_H
#define MENTORMATCH_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

extern void *core_alloc(size_t size);
extern void core_check_interrupts(void);
extern void core_free(void *p);
extern void *core_scope_begin(void);
extern void core_scope_end(void *scope);

/*
 * An array of n elements of elem bytes (room for one when n is 0, so that
 * every array has an address).  Each core's *_scratch_bytes promise counts
 * these arrays at this size.
 */
static inline void *
core_alloc_array(size_t n, size_t elem)
{
	return core_alloc((n > 0 ? n : 1) * elem);
}

/*
 * The next index of a loop over edges (over rows whose work scans their
 * edges), checking for interrupts every 2^20 edges (2^10 rows): written
 * "for (e = 0; e < nedges; e = core_next_edge(e))", so that no pass over a
 * large problem delays a cancel.
 */
static inline int64_t
core_next_edge(int64_t e)
{
	if (((e + 1) & 0xFFFFF) == 0)
		core_check_interrupts();
	return e + 1;
}

static inline int32_t
core_next_row(int32_t i)
{
	if (((i + 1) & 0x3FF) == 0)
		core_check_interrupts();
	return i + 1;
}

/*
 * Counts work done (references or edges a search looked at) into *work and
 * checks for interrupts each time another 2^18 units (a millisecond or so)
 * have passed, so that a cancel acts at once however long one search runs.
 */
static inline void
core_add_work(int64_t *work, int64_t n)
{
	int64_t		before = *work;

	*work += n;
	if ((before ^ *work) >> 18)
		core_check_interrupts();
}

#endif							/* MENTORMATCH_CORE_H */
