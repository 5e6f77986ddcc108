/*
 * min_cost_flow.h
 *		Minimum-cost flow on a general network, plain C: successive shortest
 *		paths with potentials (Dijkstra on a binary heap).
 *
 * Nodes 0 .. nnodes - 1, each with a supply (> 0: it sends that much, < 0:
 * it takes that much; the supplies sum to 0).  Arcs a = 0 .. narcs - 1 from
 * tail[a] to head[a], each carrying 0 .. capacity[a] units at cost[a] per
 * unit (any finite cost, negative too).  A flow meets every supply and
 * costs as little as possible; capacities and supplies are whole numbers,
 * and so is the flow.
 *
 * Potentials.  With a potential pi per node, an arc's reduced cost is
 * cost[a] + pi[tail[a]] - pi[head[a]].  A feasible flow is optimal if and
 * only if some potentials make every arc with room (flow < capacity) of
 * reduced cost >= 0 and every arc carrying flow of reduced cost <= 0; the
 * solve returns such potentials (to within the rounding of the costs), which
 * also judge arcs outside the network: an arc of reduced cost >= 0 under
 * them can be added, empty, without changing the optimum.
 *
 * A solve starts from flow 0 and potentials 0, or, warm, from any flow
 * within the capacities and any finite potentials the caller gives (those
 * of an earlier solve of the same network with arcs added, say): arcs whose
 * reduced cost says they should be full are filled (from a cold start,
 * those of negative cost) and those that should be empty emptied, and the
 * supplies this upsets are sent again.
 * Each search runs Dijkstra on reduced costs from a node with flow to send
 * to the nearest node short of flow and stops there, so a solve costs what
 * its searches explore.
 */
#ifndef MENTORMATCH_MIN_COST_FLOW_H
#define MENTORMATCH_MIN_COST_FLOW_H

#include "core.h"

typedef struct McfProblem
{
	int32_t		nnodes;
	int64_t		narcs;
	const int32_t *tail;		/* per arc: 0 .. nnodes - 1 */
	const int32_t *head;		/* per arc: 0 .. nnodes - 1 */
	const int32_t *capacity;	/* per arc: >= 0 */
	const double *cost;			/* per arc: finite */
	const int64_t *supply;		/* per node; they sum to 0 */
} McfProblem;

/*
 * Solves p: flow[a] receives each arc's flow and potential[v] each node's
 * potential.  warm: flow and potential hold a start as told above (flow
 * within the capacities), else they are only written.  False when the
 * supplies do not sum to 0 or some cannot reach the nodes that take them
 * (no flow meets them all): flow and potential are then left as the solve
 * had them.  Scratch: mcf_scratch_bytes(p->nnodes, p->narcs).
 */
extern bool mcf_solve(const McfProblem *p, bool warm, int32_t *flow,
					  double *potential);

/* Scratch bytes mcf_solve asks core_alloc for, at most. */
extern size_t mcf_scratch_bytes(int32_t nnodes, int64_t narcs);

#endif							/* MENTORMATCH_MIN_COST_FLOW_H */
