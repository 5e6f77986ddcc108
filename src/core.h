/*
 * core.h
 *		What the plain-C solver cores need from their host.
 *
 * The solver cores (lap.c, flow.c, stable.c) include no PostgreSQL header,
 * so they can be read, built and checked on their own.  Their host supplies
 * memory and interrupt checks: inside the server that is solver_host.c
 * (palloc in the solver's memory context, CHECK_FOR_INTERRUPTS), in the
 * standalone checks it is test/core_host.c (malloc, nothing).
 *
 * core_alloc never returns NULL: the host reports failure itself (the server
 * raises an error, which unwinds the solver's memory context at once).
 * Memory is never freed piecemeal; the host releases it all at the end.
 */
#ifndef MENTORMATCH_CORE_H
#define MENTORMATCH_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

extern void *core_alloc(size_t size);
extern void core_check_interrupts(void);

#endif							/* MENTORMATCH_CORE_H */
