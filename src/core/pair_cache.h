/*
 * pair_cache.h
 *		Where a cache of pair values (the circles' fits) keeps a pair: one
 *		slot per pair, a power of two of them, so many a person within
 *		limits; a pair that hashes to a taken slot replaces what was there.
 */
#ifndef MENTORMATCH_PAIR_CACHE_H
#define MENTORMATCH_PAIR_CACHE_H

#include <stdint.h>

#define PAIR_CACHE_MIN		(1 << 16)
#define PAIR_CACHE_MAX		(1 << 22)

/* The slots for n people, per_person each (64 in the peer circles). */
static inline uint32_t
pair_cache_entries(int32_t n, int32_t per_person)
{
	uint32_t	entries = PAIR_CACHE_MIN;

	while (entries < PAIR_CACHE_MAX && entries < (uint64_t) n * per_person)
		entries *= 2;
	return entries;
}

/* Orders the pair (*a < *b) and gives its slot under mask (entries - 1). */
static inline uint32_t
pair_cache_slot(int32_t *a, int32_t *b, uint32_t mask)
{
	uint32_t	h;

	if (*a > *b)
	{
		int32_t		t = *a;

		*a = *b;
		*b = t;
	}
	h = ((uint32_t) *a * 0x9E3779B1u) ^ ((uint32_t) *b * 0x85EBCA77u);
	return (h ^ (h >> 15)) & mask;
}

#endif							/* MENTORMATCH_PAIR_CACHE_H */
