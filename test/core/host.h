/*
 * host.h
 *		The standalone host's extras (see host.c).
 */
#ifndef MENTORMATCH_HOST_H
#define MENTORMATCH_HOST_H

#include <stddef.h>

extern size_t core_alloc_total;
extern void core_host_reset(void);

#endif							/* MENTORMATCH_HOST_H */
