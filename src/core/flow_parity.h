/*
 * flow_parity.h
 *		Matching with parity across groups of rows, plain C: the highest
 *		lowest matched rate over the groups, then the most rows matched, then
 *		the highest total, exactly.
 *
 * The rows and candidates are flow.h's (an AssignProblem).  Each row
 * belongs to a group; a group's rate is its rows matched, those matched
 * outside the problem (kept) too, over its size, which counts those too.
 * The lowest rate is one of the fractions j / size; which of them can be
 * reached is a question of flow: every group g having at least L_g =
 * ceil(r size_g) - fixed_g rows matched is a flow from a source through
 * an arc of capacity L_g per group, its rows, their candidates and the
 * columns' seats, that fills those arcs.  A binary search over the
 * fractions, each try starting from the last flow that could, finds the
 * highest, r*.  The most rows matched with each group at L_g or more is
 * then the most rows matched at all (the sets of rows a matching can cover
 * are a matroid's independent sets: the flow of r* grows to a maximum one
 * by augmenting paths, which never unmatch a row), and the highest total
 * among those is a min-cost flow of exactly that many units whose group
 * arcs carry at least L_g (lower bounds moved into the supplies).  Every
 * solve is core/min_cost_flow.h's; rates are compared as integers.
 *
 * The flows run on each row's best few candidates; certificates over all
 * of them (see parity_solve) bring back the rest that matter, so the
 * answer is the optimum over every candidate.
 */
#ifndef MENTORMATCH_FLOW_PARITY_H
#define MENTORMATCH_FLOW_PARITY_H

#include "flow.h"

/* Candidates per row the flows start from, unless told otherwise. */
#define PARITY_KEEP		12

/* A column's best candidates the flows start from too (4 a seat at most). */
#define PARITY_COL_KEEP	32

/* Pairs a row gets back at most per round of the certificate. */
#define PARITY_ROW_ADDS	4

typedef struct ParityProblem
{
	AssignProblem assign;		/* the rows, their candidates, the seats */
	int32_t		ngroups;
	const int32_t *row_group;	/* per row: 0 .. ngroups - 1, or -1 for a
								 * row outside the solve (kept), which must
								 * have no candidates */
	const int64_t *group_size;	/* per group: its rows, kept ones too, >= 1 */
	const int64_t *group_fixed; /* per group: its rows matched outside the
								 * solve (kept) */
	int32_t		keep;			/* each row's best candidates the flows start
								 * from; 0: PARITY_KEEP */

	/*
	 * reserve(memory, bytes) counts what the solve takes beyond
	 * parity_scratch_bytes as candidates come back (and may refuse it);
	 * NULL: nothing is counted
	 */
	void		(*reserve) (void *memory, size_t bytes);
	void	   *memory;
} ParityProblem;

/* The optimum's lowest rate, num / den, and the rows matched in the solve. */
typedef struct ParityResult
{
	int64_t		rate_num;
	int64_t		rate_den;
	int64_t		matched;
	int32_t		tries;			/* flows run */
	int64_t		kept;			/* candidates the flows started from */
	int64_t		added;			/* candidates the certificates brought back */
	int32_t		priced_rounds;	/* min-cost flows run for the total */
} ParityResult;

/*
 * Solves exactly: row_edge[i] receives the edge row i is matched by, or -1.
 * The flows run on each row's best few candidates; certificates over every
 * candidate bring back those that could change the answer until none can:
 * for each of the rate above the one reached and the most rows matched, a
 * cut (the nodes the flow's residual network reaches from the source) that
 * no left-out candidate crosses; for the total, the min-cost flow's
 * potentials, under which no left-out candidate has a negative reduced cost.
 * False only if a flow the search proved possible could not be found (a
 * bug).  Scratch: parity_scratch_bytes(p), and what reserve is told.
 */
extern bool parity_solve(const ParityProblem *p, int64_t *row_edge,
						 ParityResult *result);

extern size_t parity_scratch_bytes(const ParityProblem *p);

/* An upper bound of parity_scratch_bytes from sizes alone. */
extern size_t parity_scratch_bound(int32_t nrows, int32_t ncols,
								   int64_t nedges, int32_t ngroups);

#endif							/* MENTORMATCH_FLOW_PARITY_H */
