/*
 * peer_round.h
 *		The people of a group round (peer_circles): one query of (id,
 *		profile) rows, the pairs that have met (forbid), the rules, and the
 *		peer fit of any two of them, equal to peer_fit() to the bit.
 *
 * A round scores every pair once, so the coverages the parts read come
 * from credit rows: for each distinct skill anyone wants, every person's
 * credit from its skills and from its goals (SkillCredit), a person's
 * coverage of another's goals then the mean of a few entries, summed in
 * the goals' order as SkillCoverage sums them.  Past PEER_CREDIT_BUDGET
 * the rows are not kept and the coverages are computed pair by pair.
 */
#ifndef MENTORMATCH_PEER_ROUND_H
#define MENTORMATCH_PEER_ROUND_H

#include "fmgr.h"

#include "groups/peer_fit.h"
#include "matching/cohort.h"
#include "scoring/pair_rules.h"
#include "types/profile.h"

/* The credit rows may take this much of the round's memory at most. */
#define PEER_CREDIT_BUDGET	((Size) 128 * 1024 * 1024)

typedef struct PeerRound
{
	Cohort	   *cohort;			/* rows: the people, in the query's order */
	LabelDict  *dict;
	Person	   *people;			/* by id: the answer does not depend on the
								 * query's order */
	int64	   *id;				/* of each of people */
	int32		n;
	PeerWeights weights;
	PairRules	rules;

	/* the goals (matching/people.h IndexGoals) and the credit rows */
	int64	   *goal_start;
	int32	   *goal_skill;
	const CompiledSkill **skill;
	int32		nskills;
	double	   *credit;			/* n x nskills x 2, or NULL: person p's
								 * credit for skill s from its skills at
								 * [(p nskills + s) 2], from its goals next */

	/* the pairs that have met: person i's others, sorted, in CSR */
	int64	   *met_start;		/* NULL when none */
	int32	   *met;
} PeerRound;

/*
 * Reads the people query (argument people_argno), the forbid query
 * (forbid_argno; NULL or absent: none) of (person_id, other_id) pairs,
 * ignoring pairs with a NULL id or an id not in the input, and the rules
 * (rules_argno), into a new cohort named what; weights are the peer
 * weights (ParsePeerWeights).
 */
extern void ReadPeerRound(PeerRound *r, FunctionCallInfo fcinfo,
						  const char *what, int people_argno,
						  int forbid_argno, int rules_argno,
						  const PeerWeights *weights);

/*
 * A round over people the caller has read already (circles: the mentees,
 * in cohort c's memory), without forbidden pairs or rules: for the fit.
 */
extern void PeerRoundOver(PeerRound *r, Cohort *c, Person *people, int64 *id,
						  int32 n, const PeerWeights *weights);

/* The peer fit of people a and b; false when it is unknown. */
extern bool PeerRoundFit(const PeerRound *r, int32 a, int32 b, double *fit);

/*
 * Whether a and b may share a circle: they have not met (forbid), and
 * every rule holds between them, a min: rule both ways.
 */
extern bool PeerRoundAllowed(const PeerRound *r, int32 a, int32 b);

/* Whether a and b have met (forbid). */
extern bool PeerRoundMet(const PeerRound *r, int32 a, int32 b);

#endif							/* MENTORMATCH_PEER_ROUND_H */
