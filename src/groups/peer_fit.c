/*
 * peer_fit.c
 *		peer_fit(): how well two people learn together (see peer_fit.h).
 */
#include "postgres.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/numeric.h"

#include "base/sql_values.h"
#include "groups/peer_fit.h"
#include "scoring/call_cache.h"
#include "scoring/factors.h"

const char *const peer_part_names[NUM_PEER_PARTS] = {
	"goals", "exchange", "logistics", "style"
};

/* Documented in docs/reference.md ("Group mentoring"). */
const double default_peer_weights[NUM_PEER_PARTS] = {
	0.30, 0.30, 0.25, 0.15
};

static void
BadPeerWeights(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid peer weights"),
			 errdetail_internal("%s", detail),
			 errhint("Peer weights are a jsonb object such as {\"goals\": 0.5}: keys "
					 "goals, exchange, logistics and style, with values finite and "
					 "not negative; a missing key keeps its default.")));
}

void
ParsePeerWeights(Jsonb *jb, PeerWeights *out)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			current = -1;
	double		total = 0.0;
	int			i;

	memcpy(out->w, default_peer_weights, sizeof(out->w));
	if (jb == NULL)
		return;
	if (!JB_ROOT_IS_OBJECT(jb))
		BadPeerWeights("The weights are not a jsonb object.");
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			current = NameIndex(peer_part_names, NUM_PEER_PARTS, v.val.string.val,
								v.val.string.len);
			if (current < 0)
				BadPeerWeights(psprintf("\"%.*s\" is not a part of peer_fit.",
										v.val.string.len, v.val.string.val));
		}
		else if (tok == WJB_VALUE)
			out->w[current] = JsonbWeight(&v, peer_part_names[current], BadPeerWeights);
	}
	for (i = 0; i < NUM_PEER_PARTS; i++)
		total += out->w[i];
	if (!(total > 0.0))
		BadPeerWeights("Every weight is zero.");
	if (isinf(total))
		BadPeerWeights("The weights add up to more than the largest double.");
}

/* given's value, or the coverage computed when it is NaN */
static inline double
Coverage(double given, const CompiledSkills *offered, const CompiledSkills *wanted)
{
	return isnan(given) ? SkillCoverage(offered, wanted) : given;
}

bool
PeerFit(const Person *a, const Person *b, const PeerCoverages *given,
		const PeerWeights *weights, double *fit)
{
	static const PeerCoverages none = {NAN, NAN, NAN, NAN};
	bool		known[NUM_PEER_PARTS] = {false, false, false, false};
	double		value[NUM_PEER_PARTS];
	bool		ab = a->has_skills && PersonHasGoals(b);
	bool		ba = b->has_skills && PersonHasGoals(a);
	bool		overlap_known = a->has_utc_offset && b->has_utc_offset;
	bool		language_known = a->languages.count > 0 && b->languages.count > 0;
	double		sum = 0.0,
				weight = 0.0;
	int			i;

	if (given == NULL)
		given = &none;

	/* goals in common: both ways, added in one order */
	if (PersonHasGoals(a) && PersonHasGoals(b))
	{
		known[PEER_GOALS] = true;
		value[PEER_GOALS] = (Coverage(given->goals_ab, &a->goals, &b->goals) +
							 Coverage(given->goals_ba, &b->goals, &a->goals)) / 2.0;
	}

	/* each one's skills for the other's goals: the directions known */
	if (ab && ba)
	{
		known[PEER_EXCHANGE] = true;
		value[PEER_EXCHANGE] = (Coverage(given->skills_ab, &a->skills, &b->goals) +
								Coverage(given->skills_ba, &b->skills, &a->goals)) / 2.0;
	}
	else if (ab || ba)
	{
		known[PEER_EXCHANGE] = true;
		value[PEER_EXCHANGE] = ab ?
			Coverage(given->skills_ab, &a->skills, &b->goals) :
			Coverage(given->skills_ba, &b->skills, &a->goals);
	}

	/* the logistics factor, symmetric */
	if (overlap_known || language_known)
	{
		known[PEER_LOGISTICS] = true;
		value[PEER_LOGISTICS] =
			LogisticsFit(overlap_known,
						 overlap_known ?
						 OverlapFit(OffsetMinutesApart(a->utc_offset, b->utc_offset)) : 0.0,
						 language_known,
						 language_known && IdSetShared(&a->languages, &b->languages) > 0);
	}

	/* style_fit sums the shared dimensions in name order either way */
	if (a->has_style && b->has_style &&
		StyleFit(&a->style, &b->style, &value[PEER_STYLE]))
		known[PEER_STYLE] = true;

	for (i = 0; i < NUM_PEER_PARTS; i++)
		if (known[i] && weights->w[i] > 0.0)
		{
			sum += weights->w[i] * value[i];
			weight += weights->w[i];
		}
	if (weight <= 0.0)
		return false;
	*fit = Min(sum / weight, 1.0);
	return true;
}

/*
 * peer_fit(a, b[, weights]) -> float8 in [0, 1]: NULL when a profile is
 * NULL or nothing is known of the pair; NULL weights are the defaults.
 */
PG_FUNCTION_INFO_V1(mentormatch_peer_fit);
Datum
mentormatch_peer_fit(PG_FUNCTION_ARGS)
{
	PeerWeights weights;
	Person		a,
				b;
	double		fit;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	ParsePeerWeights(PG_NARGS() > 2 && !PG_ARGISNULL(2) ? PG_GETARG_JSONB_P(2) : NULL,
					 &weights);
	DecodePair(fcinfo, &a, &b);
	if (!PeerFit(&a, &b, NULL, &weights, &fit))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(fit);
}
