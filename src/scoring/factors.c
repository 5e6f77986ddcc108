/*
 * factors.c
 *		The compatibility factors and the weighted score (see factors.h).
 *
 * Each factor is in [0, 1], or unknown (SQL NULL) when an input it needs is
 * missing.  test/fixtures/score_oracle.sql implements the formulas again in
 * PL/pgSQL from docs/reference.md alone, and the differential test checks that
 * the two agree.
 */
#include "postgres.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/numeric.h"

#include "base/sql_values.h"
#include "scoring/factors.h"

const char *const factor_names[NUM_FACTORS] = {
	"skills", "style", "stage", "values", "availability", "logistics",
	"expectations"
};

/* Documented in docs/reference.md; default_weights() returns them. */
const double default_weights[NUM_FACTORS] = {
	0.30, 0.10, 0.15, 0.10, 0.10, 0.10, 0.15
};

void
ComputeFactors(const Person *mentor, const Person *mentee, FactorValues *out)
{
	ComputeFactorsCovered(mentor, mentee, NULL, out);
}

void
ComputeFactorsCovered(const Person *mentor, const Person *mentee,
					  const double *coverage, FactorValues *out)
{
	double		v;

	memset(out, 0, sizeof(FactorValues));

	/* skills: coverage of the mentee's goals by the mentor's skills */
	if (mentor->has_skills && mentee->has_goals && mentee->goals.count > 0)
	{
		out->known[FACTOR_SKILLS] = true;
		out->value[FACTOR_SKILLS] = coverage ? *coverage :
			SkillCoverage(&mentor->skills, &mentee->goals);
	}

	/* style: style_fit over the shared dimensions */
	if (mentor->has_style && mentee->has_style &&
		StyleFit(&mentor->style, &mentee->style, &v))
	{
		out->known[FACTOR_STYLE] = true;
		out->value[FACTOR_STYLE] = v;
	}

	/* stage */
	if (mentor->has_grade && mentee->has_grade)
	{
		out->grade_known = true;
		out->grade_gap = (int64) mentor->grade - mentee->grade;	/* no overflow */
		out->known[FACTOR_STAGE] = true;
		out->value[FACTOR_STAGE] = StageFit(out->grade_gap, mentee->wants_reverse);
	}

	/* values: Jaccard overlap of core values */
	if (mentor->core_values.count > 0 && mentee->core_values.count > 0)
	{
		int			shared = IdSetShared(&mentor->core_values, &mentee->core_values);

		out->known[FACTOR_VALUES] = true;
		out->value[FACTOR_VALUES] = ValuesFit(shared, mentor->core_values.count,
											  mentee->core_values.count);
	}

	/* availability: the mentor's hours against the hours the mentee wants */
	if (mentor->has_hours && mentee->has_hours)
	{
		out->known[FACTOR_AVAILABILITY] = true;
		out->value[FACTOR_AVAILABILITY] = AvailabilityFit(mentor->hours, mentee->hours);
	}

	/*
	 * logistics: shared working hours (an eight-hour day from 09:00 local,
	 * offsets compared around the clock) times a shared language; either
	 * part alone when the other is unknown.
	 */
	if (mentor->has_utc_offset && mentee->has_utc_offset)
	{
		out->overlap_known = true;
		out->overlap = OverlapFit(OffsetMinutesApart(mentor->utc_offset,
													 mentee->utc_offset));
	}
	if (mentor->languages.count > 0 && mentee->languages.count > 0)
	{
		out->language_known = true;
		out->language_shared = IdSetShared(&mentor->languages, &mentee->languages) > 0;
	}
	if (out->overlap_known || out->language_known)
	{
		out->known[FACTOR_LOGISTICS] = true;
		out->value[FACTOR_LOGISTICS] =
			LogisticsFit(out->overlap_known, out->overlap,
						 out->language_known, out->language_shared);
	}

	/* expectations: share of the support the mentee wants that is offered */
	if (mentee->support.count > 0 && mentor->support.count >= 0)
	{
		out->known[FACTOR_EXPECTATIONS] = true;
		out->value[FACTOR_EXPECTATIONS] =
			ExpectationsFit(IdSetShared(&mentee->support, &mentor->support),
							mentee->support.count);
	}
}

double
KnownWeight(const FactorValues *f, const Weights *weights)
{
	double		known = 0.0,
				total = 0.0;
	int			i;

	for (i = 0; i < NUM_FACTORS; i++)
	{
		total += weights->w[i];
		if (f->known[i])
			known += weights->w[i];
	}
	return total > 0.0 ? known / total : 0.0;
}

bool
WeightedScore(const FactorValues *f, const Weights *weights, double *score,
			  ScoreDetail *detail)
{
	double		known_weight = 0.0,
				total_weight = 0.0,
				sum = 0.0;
	int			i;

	for (i = 0; i < NUM_FACTORS; i++)
	{
		if (f->known[i])
			known_weight += weights->w[i];
		total_weight += weights->w[i];
	}
	if (known_weight <= 0.0)
		return false;
	if (weights->renormalise)
		total_weight = known_weight;
	for (i = 0; i < NUM_FACTORS; i++)
	{
		bool		counts = f->known[i] || !weights->renormalise;
		double		used = f->known[i] ? f->value[i] : weights->unknown[i];
		double		share = counts ? weights->w[i] / total_weight : 0.0;
		double		c = counts ? share * used : 0.0;

		if (detail)
		{
			detail->counts[i] = counts;
			detail->used[i] = used;
			detail->weight[i] = share;
			detail->contribution[i] = c;
		}
		sum += c;
	}
	if (detail)
		detail->known_weight = KnownWeight(f, weights);
	*score = Min(sum, 1.0);
	return true;
}

void
WeightTableInit(WeightTable *t, const Weights *weights)
{
	unsigned	known;
	int			i;

	memcpy(t->unknown, weights->unknown, sizeof(t->unknown));
	for (known = 0; known < (1 << NUM_FACTORS); known++)
	{
		FactorValues f;
		ScoreDetail detail;
		double		score;

		memset(&f, 0, sizeof(f));
		for (i = 0; i < NUM_FACTORS; i++)
			f.known[i] = (known >> i) & 1;
		t->scored[known] = WeightedScore(&f, weights, &score, &detail);
		for (i = 0; i < NUM_FACTORS; i++)
			t->share[known][i] = t->scored[known] ? detail.weight[i] : 0.0;
	}
}

static void
BadWeights(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid weights"),
			 errdetail_internal("%s", detail),
			 errhint("Weights are a jsonb object such as {\"skills\": 0.4}: keys "
					 "skills, style, stage, values, availability, logistics, "
					 "expectations, with values finite and not negative, and "
					 "unknown, a number from 0 to 1, \"mean\" or null; a missing key "
					 "keeps its default.")));
}

int
NameIndex(const char *const *names, int n, const char *key, int len)
{
	int			i;

	for (i = 0; i < n; i++)
		if ((int) strlen(names[i]) == len && memcmp(names[i], key, len) == 0)
			return i;
	return -1;
}

double
JsonbWeight(const JsonbValue *v, const char *name, void (*bad) (const char *detail))
{
	double		w;
	bool		too_large;

	if (v->type != jbvNumeric)
		bad(psprintf("The weight of \"%s\" is not a number.", name));
	w = NumericGetDouble(NumericGetDatum(v->val.numeric), &too_large, NULL);
	if (isnan(w) || isinf(w))
		bad(psprintf("The weight of \"%s\" is not finite.", name));
	if (too_large)
		bad(psprintf("The weight of \"%s\" is beyond double precision.", name));
	if (w < 0.0)
		bad(psprintf("The weight of \"%s\" is negative.", name));
	return w;
}

void
WeightsRequireValue(const Weights *weights, const char *fn)
{
	if (weights->unknown_mean)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid weights"),
				 errdetail("\"unknown\": \"mean\" is the mean of a factor over the pairs of a round, and %s has no round.", fn),
				 errhint("Use it in match(), recommend() or circles(), or give \"unknown\" a number.")));
}

void
ParseWeights(Jsonb *jb, Weights *weights)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			current = -1;
	bool		any_positive = false;
	double		total = 0.0;
	int			i;

	memcpy(weights->w, default_weights, sizeof(default_weights));
	weights->renormalise = false;
	weights->unknown_mean = false;
	for (i = 0; i < NUM_FACTORS; i++)
		weights->unknown[i] = DEFAULT_UNKNOWN;
	if (jb == NULL)
		return;
	if (!JB_ROOT_IS_OBJECT(jb))
		BadWeights("The weights are not a jsonb object.");

	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			current = -1;
			if (v.val.string.len == 7 && memcmp(v.val.string.val, "unknown", 7) == 0)
			{
				current = NUM_FACTORS;	/* the value of an unknown factor */
				continue;
			}
			current = NameIndex(factor_names, NUM_FACTORS, v.val.string.val,
								v.val.string.len);
			if (current < 0)
				BadWeights(psprintf("\"%.*s\" is not a factor.",
									v.val.string.len, v.val.string.val));
		}
		else if (tok == WJB_VALUE && current == NUM_FACTORS)
		{
			double		u;
			bool		too_large;

			if (v.type == jbvNull)
			{
				weights->renormalise = true;
				continue;
			}
			if (v.type == jbvString && v.val.string.len == 4 &&
				memcmp(v.val.string.val, "mean", 4) == 0)
			{
				weights->unknown_mean = true;
				continue;
			}
			if (v.type != jbvNumeric)
				BadWeights("The value of an unknown factor (\"unknown\") is not a number, \"mean\" or null.");
			u = NumericGetDouble(NumericGetDatum(v.val.numeric), &too_large, NULL);
			if (!(u >= 0.0 && u <= 1.0))
				BadWeights("The value of an unknown factor (\"unknown\") must be from 0 to 1.");
			for (i = 0; i < NUM_FACTORS; i++)
				weights->unknown[i] = u;
		}
		else if (tok == WJB_VALUE)
			weights->w[current] = JsonbWeight(&v, factor_names[current], BadWeights);
	}
	for (i = 0; i < NUM_FACTORS; i++)
	{
		if (weights->w[i] > 0.0)
			any_positive = true;
		total += weights->w[i];
	}
	if (!any_positive)
		BadWeights("Every weight is zero.");
	if (isinf(total))
		BadWeights("The weights add up to more than the largest double.");
}
