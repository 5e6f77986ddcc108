/*
 * mentor_circles.h
 *		Circles led by mentors: each mentor leads at most one circle of
 *		min_size .. its cap mentees, the total of the mentor-mentee scores
 *		plus cohesion times each member's mean fit with the rest of its
 *		circle highest.  The search behind circles().
 *
 * A circle of mentor j with members M (s of them) is worth
 *
 *		sum over M of score(i, j)  +  cohesion * 2 F / (s - 1)
 *
 * F being the fit summed over the pairs of M (a circle of one: the scores
 * alone), which is the sum over its members of score plus cohesion times
 * the member's mean fit with its mates.  A mentee joins only a mentor it
 * has as a candidate (the caller's lists: conflicts, forbidden pairs and
 * rules already applied), two members must be allowed together, and every
 * circle has 0 or min_size .. cap[j] members.
 *
 * Mentees without a mentor that may lead are in no circle; when no circle
 * can form (no such mentee, or fewer mentees than min_size), nothing is
 * solved.  Small problems (at most MC_EXACT_MENTEES mentees with
 * candidates, every assignment of them at most MC_EXACT_LEAVES) are solved
 * exactly by enumeration with a bound.  Larger ones: the start is the
 * caller's pairs first (an assignment of mentees to mentors within the
 * caps), grouped: members that may not be together leave, circles under
 * min_size are filled from the unmatched or dissolved (the baseline); then
 * a local search (move a mentee, swap two, leave a circle, join one),
 * opening circles (a mentor without one takes the best mentees it can get)
 * and closing them (members go to the best other circles), until a whole
 * round improves nothing; then kicks (a circle dissolved, a mentor made to
 * open one, two mentees swapped), each followed by the local search and
 * kept only when the total gains.  Deterministic: the kicks come from a
 * fixed sequence of pseudo-random numbers, their number from n, never the
 * clock: the same input gives the same circles.
 *
 * The bound: a member's mean fit is at most the mean of its best
 * min_size - 1 fits (its best fit when min_size is 1), so mentee i with
 * mentor j adds at most score + cohesion times that; with each mentor
 * taking at most its cap, the dual of that transport relaxation, by steps
 * of prices on the mentors' seats, bounds every assignment.  The files:
 * mentor_circles_internal.h.
 */
#ifndef MENTORMATCH_MENTOR_CIRCLES_H
#define MENTORMATCH_MENTOR_CIRCLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The exact solve: at most this many complete assignments, of at most this
 * many mentees with candidates (one level of recursion each).
 */
#define MC_EXACT_LEAVES		(1 << 20)
#define MC_EXACT_MENTEES	40

typedef struct MentorCircleProblem
{
	int32_t		nmentees;
	int32_t		nmentors;
	const int64_t *row_start;	/* mentee i's candidates: row_start[i] .. */
	const int32_t *col;			/* their mentors, ascending in a row */
	const double *score;		/* their scores: finite, >= 0 */
	const int32_t *cap;			/* per mentor: the largest circle it leads;
								 * below min_size, none */
	int32_t		min_size;		/* >= 1 */
	double		cohesion;		/* >= 0 */

	/* fit: symmetric, finite, >= 0; together: NULL when any two may */
	double		(*fit) (void *arg, int32_t a, int32_t b);
	bool		(*together) (void *arg, int32_t a, int32_t b);
	void	   *arg;

	/* per mentee: its mentor when pairs come first, or -1; NULL: none */
	const int32_t *pairs_first;
} MentorCircleProblem;

typedef struct MentorCircleSolution
{
	int32_t    *mentor;			/* per mentee, -1 when in no circle */
	double		total;
	double		bound;			/* no assignment is worth more */
	double		baseline;		/* pairs first, grouped afterwards */
	double		start;			/* what the search started from */
	bool		exact;
	int64_t		moves;
	int32_t		rounds;
	int32_t		kicks;			/* kicks tried after the search */
	int32_t		kicks_kept;		/* of which gained */
} MentorCircleSolution;

/* What mentor_circles_solve allocates at most (widest: the largest cap). */
extern size_t mentor_circles_scratch_bytes(int32_t nmentees, int32_t nmentors,
										   int64_t nedges, int32_t widest,
										   int32_t min_size);

extern void mentor_circles_solve(const MentorCircleProblem *p,
								 MentorCircleSolution *out);

/* The search alone, however small p is (for the checks). */
extern void mentor_circles_search(const MentorCircleProblem *p,
								  MentorCircleSolution *out);

#endif							/* MENTORMATCH_MENTOR_CIRCLES_H */
