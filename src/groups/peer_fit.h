/*
 * peer_fit.h
 *		How well two people learn together as peers: peer_fit(), the formula
 *		of every group function (peer_circles, circles' cohesion).
 *
 * Four parts, each in [0, 1] or unknown, built from the kernels of the
 * factors (scoring/factors.h, types/skillset.h, types/workstyle.h):
 *
 *	 goals		goals in common: the mean of coverage(a.goals, b.goals) and
 *				coverage(b.goals, a.goals); known when both have goals
 *	 exchange	one's skills meeting the other's goals, both ways: the mean
 *				of the directions known, coverage(a.skills, b.goals) (known
 *				as the skills factor of mentor a, mentee b) and
 *				coverage(b.skills, a.goals)
 *	 logistics	the logistics factor: working hours shared times a shared
 *				language, either alone when the other is unknown
 *	 style		style_fit(a.style, b.style)
 *
 * peer_fit is the weighted mean of the known parts, the weights
 * renormalised over them; unknown when no known part has weight.  Every
 * part is symmetric to the bit (a mean of two directions adds them in one
 * order), so peer_fit(a, b) = peer_fit(b, a) exactly.  docs/reference.md
 * ("Group mentoring") documents it; test/fixtures/peer_oracle.sql computes
 * it again in PL/pgSQL.
 */
#ifndef MENTORMATCH_PEER_FIT_H
#define MENTORMATCH_PEER_FIT_H

#include "utils/jsonb.h"

#include "types/profile.h"

typedef enum PeerPart
{
	PEER_GOALS,
	PEER_EXCHANGE,
	PEER_LOGISTICS,
	PEER_STYLE,
	NUM_PEER_PARTS
} PeerPart;

extern const char *const peer_part_names[NUM_PEER_PARTS];
extern const double default_peer_weights[NUM_PEER_PARTS];

/* The weight of each part; at least one above zero. */
typedef struct PeerWeights
{
	double		w[NUM_PEER_PARTS];
} PeerWeights;

/*
 * Weights from jsonb, an object of part names to numbers (NULL: the
 * defaults; a missing key keeps its default).  Unknown keys, numbers
 * negative or not finite, and every weight zero are 22023.
 */
extern void ParsePeerWeights(Jsonb *jb, PeerWeights *out);

/*
 * The four coverages the parts read, when the caller has them already
 * (a round's credit rows): NaN for one not given, computed then; one that
 * is not known is never read.
 */
typedef struct PeerCoverages
{
	double		goals_ab;		/* coverage(a.goals, b.goals) */
	double		goals_ba;		/* coverage(b.goals, a.goals) */
	double		skills_ab;		/* coverage(a.skills, b.goals) */
	double		skills_ba;		/* coverage(b.skills, a.goals) */
} PeerCoverages;

/*
 * The peer fit of a and b; false when it is unknown.  given may be NULL
 * (every coverage computed here).
 */
extern bool PeerFit(const Person *a, const Person *b,
					const PeerCoverages *given, const PeerWeights *weights,
					double *fit);

/* Whether a person's goals count (not NULL, not empty). */
static inline bool
PersonHasGoals(const Person *p)
{
	return p->has_goals && p->goals.count > 0;
}

#endif							/* MENTORMATCH_PEER_FIT_H */
