/*
 * circles.h
 *		Partitioning people into circles of nearly equal size so that the
 *		fit within circles is highest: the search behind peer_circles().
 *
 * n people, a symmetric fit of every pair (at least 0) and a rule saying
 * which pairs may share a circle.  The circles' sizes follow from n and
 * the size wanted (circle_sizes): k circles, each of q or q + 1 people.
 * The objective is the total fit of the pairs that share a circle, among
 * the partitions where every such pair is allowed.
 *
 * Small problems (CIRCLES_EXACT_MAX people or fewer, or one circle) are
 * solved exactly, by enumerating every partition into those sizes with a
 * bound that prunes (circles.c).  Larger ones (circles_search.c):
 *
 *	 lists		every pair's fit once, each person keeping its best allowed
 *				partners (CIRCLES_LIST of them, more for large circles);
 *				the search looks at these only
 *	 start		a greedy construction (the hardest person to place opens a
 *				circle, which takes the candidate adding the most fit), and
 *				"pairs first, grouped afterwards" (greedy pairs by fit, then
 *				circles built from whole pairs), the better of the two
 *	 search		local search over moving one person to a circle one smaller
 *				and swapping two people of different circles, toward the
 *				circles of each one's list partners, then rounds of variable
 *				neighbourhood search: a shake of k guided random swaps, the
 *				local search again, kept if better, else undone and k grows
 *
 * Every comparison is first by the pairs sharing a circle that are not
 * allowed (fewer is better), then by the total fit, so the search repairs
 * a start that breaks a rule before it improves the fit.
 *
 * The bound (circles_bound.c): no partition keeping every rule has a total
 * above it.  Each circle of s people has each member with s - 1 partners,
 * so the total is at most half the sum over people of their best s - 1
 * fits (the halved bound); the bound of a linear relaxation (each person
 * in at most q of the pairs taken, as many pairs taken as the circles
 * hold, each pair at most once), its dual improved by subgradient steps
 * from the halved bound's point, is lower still.  Pairs outside both
 * people's lists fit no better than the lists' last entries, which the
 * dual's prices cover, so the lists suffice.
 *
 * Deterministic: the same problem gives the same circles (the random
 * numbers are a fixed sequence, the effort a count of rounds, never time).
 */
#ifndef MENTORMATCH_CIRCLES_H
#define MENTORMATCH_CIRCLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At most this many people are solved exactly (by enumeration). */
#define CIRCLES_EXACT_MAX	14

/* Each person's list keeps its best partners: this many, or 3 (q) if more. */
#define CIRCLES_LIST		16

/* The circles n people form. */
typedef struct CircleSizes
{
	int32_t		ncircles;		/* k */
	int32_t		small;			/* q: every circle has q or q + 1 people */
	int32_t		nlarge;			/* how many have q + 1 */
} CircleSizes;

/*
 * The circles of n people (n >= 2) for a wanted size (size >= 2): k is the
 * number of circles whose mean size n / k is nearest to size, between
 * floor(n / size) and ceil(n / size), the fewer circles on a tie, and at
 * least 1 and at most n / 2 (so no circle has fewer than 2); then the
 * sizes are floor(n / k) and, for n mod k of them, one more.
 */
extern void circle_sizes(int32_t n, int32_t size, CircleSizes *out);

typedef struct CircleProblem
{
	int32_t		n;
	int32_t		size;			/* wanted, >= 2 */

	/*
	 * The fit of two people (a != b), symmetric, finite and at least 0;
	 * whether they may share a circle (NULL: every pair may).
	 */
	double		(*fit) (void *arg, int32_t a, int32_t b);
	bool		(*allowed) (void *arg, int32_t a, int32_t b);
	void	   *arg;
} CircleProblem;

typedef struct CircleSolution
{
	CircleSizes sizes;
	int32_t    *circle;			/* per person, 0 .. ncircles - 1 */
	double		total;			/* the fit of the pairs sharing a circle */
	int64_t		broken;			/* pairs sharing a circle that are not
								 * allowed: 0 when every rule holds */
	bool		exact;			/* the optimum; with broken > 0: no
								 * partition keeps every rule */
	double		bound;			/* no partition keeping every rule has a
								 * total above (the total when exact) */
	double		halved_bound;	/* the simpler bound, for the record */
	double		baseline;		/* pairs first, grouped afterwards */
	int64_t		baseline_broken;
	double		start;			/* the start the search improved */
	int32_t		lonely;			/* a person allowed with fewer others than
								 * the smaller circles need (-1: none), */
	int32_t		lonely_partners;	/* and how many */
	int64_t		moves;			/* moves the search made and kept */
	int32_t		rounds;			/* rounds of the variable neighbourhood
								 * search */
} CircleSolution;

/* What circles_solve allocates at most, from the sizes alone. */
extern size_t circles_scratch_bytes(int32_t n, int32_t size);

/* Solves p (n >= 2) into out, whose arrays are allocated here. */
extern void circles_solve(const CircleProblem *p, CircleSolution *out);

/* circles_search.c: the search of problems too large to enumerate */
extern size_t circles_search_bytes(int32_t n, const CircleSizes *sizes);
extern void circles_search(const CircleProblem *p, CircleSolution *out);

/* circles_bound.c: the bound from the lists (see circles_internal.h) */

#endif							/* MENTORMATCH_CIRCLES_H */
