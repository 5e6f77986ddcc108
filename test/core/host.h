/*
 * host.h
 *		The standalone host's extras (see host.c).
 */
#ifndef MENTORMATCH_HOST_H
#define MENTORMATCH_HOST_H

#include <stddef.h>

extern size_t core_alloc_total;
/* the most bytes held at once since the last reset (scopes give theirs back) */
extern size_t core_alloc_peak;
extern void core_host_reset(void);

#endif							/* MENTORMATCH_HOST_H */
