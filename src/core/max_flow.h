/*
 * max_flow.h
 *		Maximum flow by Dinic's blocking flows, plain C.
 *
 * The network is min_cost_flow.h's (nodes, arcs from tail to head with a
 * capacity; costs and supplies are not read).  A solve starts from the
 * flow it is given (any flow within the capacities that conserves at every
 * node but s and t) and augments it to a maximum one from s to t; the
 * residual network of the answer reaches t from s by no path, so the nodes
 * it reaches from s are a minimum cut.  Each phase is a breadth-first
 * search for the levels and a depth-first walk that keeps each node's next
 * arc: O(arcs x sqrt(nodes)) on networks of unit capacities.
 */
#ifndef MENTORMATCH_MAX_FLOW_H
#define MENTORMATCH_MAX_FLOW_H

#include "min_cost_flow.h"

/*
 * Augments flow (per arc) to a maximum flow from s to t; returns what it
 * added.  Scratch: max_flow_scratch_bytes(p->nnodes, p->narcs).
 */
extern int64_t max_flow(const McfProblem *p, int32_t s, int32_t t,
						int32_t *flow);

extern size_t max_flow_scratch_bytes(int32_t nnodes, int64_t narcs);

#endif							/* MENTORMATCH_MAX_FLOW_H */
