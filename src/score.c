/*
 * score.c
 *		The compatibility factors, the weighted score, conflicts of
 *		interest, and the SQL functions factors(), score(), explain(),
 *		conflicts() and default_weights().
 *
 * Each factor is in [0, 1], or unknown (SQL NULL) when an input it needs is
 * missing.  The formulas are documented in the README ("How a pair is
 * scored"); bench/score_plpgsql.sql implements them again in PL/pgSQL, and
 * the test suite checks that the two agree.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "mentormatch.h"
#include "named.h"
#include "score.h"

const char *const factor_names[NUM_FACTORS] = {
	"skills", "style", "stage", "values", "availability", "logistics",
	"expectations"
};

/* Documented in the README; default_weights() returns them. */
const double default_weights[NUM_FACTORS] = {
	0.30, 0.10, 0.15, 0.10, 0.10, 0.10, 0.15
};

const char *const conflict_names[NUM_CONFLICTS] = {
	"self", "reporting_line", "same_team", "shared_project"
};

/* Working hours each side is assumed to keep, from 09:00 local. */
#define WORKDAY_MINUTES		(8 * 60)
#define MINUTES_PER_DAY		(24 * 60)

/* Number of names two sets share (merge of sorted ids). */
static int
SharedNames(const IdSet *a, const IdSet *b)
{
	int			i = 0,
				j = 0,
				shared = 0;

	while (i < a->count && j < b->count)
	{
		if (a->ids[i] == b->ids[j])
		{
			shared++;
			i++;
			j++;
		}
		else if (a->ids[i] < b->ids[j])
			i++;
		else
			j++;
	}
	return shared;
}

/*
 * Career-stage fit of gap = mentor.grade - mentee.grade: best two or three
 * grades above, lower for one or four above, lower for peers, lower again
 * five or more above ("overwhelming advice"), lowest for a mentor below the
 * mentee, unless the mentee asked for reverse mentoring.
 */
static double
StageFit(int64 gap, bool wants_reverse)
{
	if (gap < 0)
		return wants_reverse ? 0.9 : 0.1;
	switch (gap)
	{
		case 0:
			return 0.5;
		case 1:
		case 4:
			return 0.8;
		case 2:
		case 3:
			return 1.0;
		default:
			return 0.4;
	}
}

void
ComputeFactors(const Person *mentor, const Person *mentee, FactorValues *out)
{
	double		v;

	memset(out, 0, sizeof(FactorValues));

	/* skills: coverage of the mentee's goals by the mentor's skills */
	if (mentor->has_skills && mentee->has_goals && mentee->goals.count > 0)
	{
		out->known[FACTOR_SKILLS] = true;
		out->value[FACTOR_SKILLS] = SkillCoverage(&mentor->skills, &mentee->goals);
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
		int			shared = SharedNames(&mentor->core_values, &mentee->core_values);

		out->known[FACTOR_VALUES] = true;
		out->value[FACTOR_VALUES] = (double) shared /
			(mentor->core_values.count + mentee->core_values.count - shared);
	}

	/* availability: the mentor's hours against the hours the mentee wants */
	if (mentor->has_hours && mentee->has_hours)
	{
		out->known[FACTOR_AVAILABILITY] = true;
		out->value[FACTOR_AVAILABILITY] = mentee->hours <= 0.0 ? 1.0 :
			Min(1.0, mentor->hours / mentee->hours);
	}

	/*
	 * logistics: shared working hours (an eight-hour day from 09:00 local,
	 * offsets compared around the clock) times a shared language; either
	 * part alone when the other is unknown.
	 */
	if (mentor->has_utc_offset && mentee->has_utc_offset)
	{
		int			diff = abs(mentor->utc_offset - mentee->utc_offset) % MINUTES_PER_DAY;

		diff = Min(diff, MINUTES_PER_DAY - diff);
		out->overlap_known = true;
		out->overlap = (double) Max(0, WORKDAY_MINUTES - diff) / WORKDAY_MINUTES;
	}
	if (mentor->languages.count > 0 && mentee->languages.count > 0)
	{
		out->language_known = true;
		out->language_shared = SharedNames(&mentor->languages, &mentee->languages) > 0;
	}
	if (out->overlap_known || out->language_known)
	{
		out->known[FACTOR_LOGISTICS] = true;
		out->value[FACTOR_LOGISTICS] =
			(out->overlap_known ? out->overlap : 1.0) *
			(out->language_known ? (out->language_shared ? 1.0 : 0.0) : 1.0);
	}

	/* expectations: share of the support the mentee wants that is offered */
	if (mentee->support.count > 0 && mentor->support.count >= 0)
	{
		out->known[FACTOR_EXPECTATIONS] = true;
		out->value[FACTOR_EXPECTATIONS] =
			(double) SharedNames(&mentee->support, &mentor->support) /
			mentee->support.count;
	}
}

bool
WeightedScore(const FactorValues *f, const double *weights, double *score,
			  double *contribution)
{
	double		total_weight = 0.0;
	double		sum = 0.0;
	int			i;

	for (i = 0; i < NUM_FACTORS; i++)
		if (f->known[i])
			total_weight += weights[i];
	if (total_weight <= 0.0)
		return false;
	for (i = 0; i < NUM_FACTORS; i++)
	{
		double		c = f->known[i] ? weights[i] / total_weight * f->value[i] : 0.0;

		if (contribution)
			contribution[i] = c;
		sum += c;
	}
	*score = Min(sum, 1.0);
	return true;
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
					 "expectations; values finite and not negative; a missing "
					 "key keeps its default.")));
}

void
ParseWeights(Jsonb *jb, double *weights)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			current = -1;
	bool		any_positive = false;
	double		total = 0.0;
	int			i;

	memcpy(weights, default_weights, sizeof(default_weights));
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
			for (i = 0; i < NUM_FACTORS; i++)
				if ((int) strlen(factor_names[i]) == v.val.string.len &&
					memcmp(factor_names[i], v.val.string.val, v.val.string.len) == 0)
					current = i;
			if (current < 0)
				BadWeights(psprintf("\"%.*s\" is not a factor.",
									v.val.string.len, v.val.string.val));
		}
		else if (tok == WJB_VALUE)
		{
			double		w;

			if (v.type != jbvNumeric)
				BadWeights(psprintf("The weight of \"%s\" is not a number.",
									factor_names[current]));
			w = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
												   NumericGetDatum(v.val.numeric)));
			if (isnan(w) || isinf(w))
				BadWeights(psprintf("The weight of \"%s\" is not finite.",
									factor_names[current]));
			if (w < 0.0)
				BadWeights(psprintf("The weight of \"%s\" is negative.",
									factor_names[current]));
			weights[current] = w;
		}
	}
	for (i = 0; i < NUM_FACTORS; i++)
	{
		if (weights[i] > 0.0)
			any_positive = true;
		total += weights[i];
	}
	if (!any_positive)
		BadWeights("Every weight is zero.");
	if (isinf(total))
		BadWeights("The weights add up to more than the largest double.");
}

static bool
ChainHas(const Person *p, int64 id)
{
	int			lo = 0,
				hi = p->nchain - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (p->chain[mid] == id)
			return true;
		if (p->chain[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

int
ComputeConflicts(const Person *mentor, const Person *mentee)
{
	int			mask = 0;

	if (mentor->has_id && mentee->has_id && mentor->id == mentee->id)
		mask |= CONFLICT_SELF;
	if ((mentor->has_id && ChainHas(mentee, mentor->id)) ||
		(mentee->has_id && ChainHas(mentor, mentee->id)))
		mask |= CONFLICT_REPORTING_LINE;
	if (mentor->has_manager && mentee->has_manager &&
		mentor->manager == mentee->manager)
		mask |= CONFLICT_SAME_TEAM;
	if (SharedNames(&mentor->projects, &mentee->projects) > 0)
		mask |= CONFLICT_SHARED_PROJECT;
	return mask;
}

int
ParseConflictMask(ArrayType *names)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				j,
				mask = 0;

	deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		char	   *name;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("exclude must not contain NULL")));
		name = TextDatumGetCString(elems[i]);
		for (j = 0; j < NUM_CONFLICTS; j++)
			if (strcmp(name, conflict_names[j]) == 0)
				break;
		if (j == NUM_CONFLICTS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown conflict \"%s\" in exclude", name),
					 errhint("Conflicts are self, reporting_line, same_team and "
							 "shared_project.")));
		mask |= 1 << j;
	}
	return mask;
}

Datum
NamesToTextArray(const char *const *names, int n, int mask)
{
	Datum	   *elems = palloc(sizeof(Datum) * n);
	int			count = 0;
	int			i;

	for (i = 0; i < n; i++)
		if (mask & (1 << i))
			elems[count++] = CStringGetTextDatum(names[i]);
	return PointerGetDatum(construct_array(elems, count, TEXTOID, -1, false,
										   TYPALIGN_INT));
}

/*
 * Per call site state (fn_extra): the parsed weights, remembered with the
 * jsonb they came from, so a constant weights argument is parsed once per
 * query; and the OIDs of the risk_level labels.
 */
CallCache *
GetCallCache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CallCache));
	return (CallCache *) fcinfo->flinfo->fn_extra;
}

TupleDesc
CachedResultDesc(FunctionCallInfo fcinfo)
{
	CallCache  *cache = GetCallCache(fcinfo);

	if (cache->result_desc == NULL)
	{
		TupleDesc	desc;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "function must return a composite type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		cache->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
	}
	return cache->result_desc;
}

const double *
CachedWeights(FunctionCallInfo fcinfo, int argno)
{
	CallCache  *cache = GetCallCache(fcinfo);
	bool		isnull = PG_ARGISNULL(argno);
	Jsonb	   *jb = isnull ? NULL : PG_GETARG_JSONB_P(argno);
	Size		len = isnull ? 0 : VARSIZE(jb);

	if (cache->weights_valid && cache->weights_isnull == isnull &&
		cache->weights_len == len &&
		(isnull || memcmp(cache->weights_bytes, jb, len) == 0))
		return cache->weights;

	cache->weights_valid = false;
	ParseWeights(jb, cache->weights);
	if (cache->weights_bytes)
		pfree(cache->weights_bytes);
	cache->weights_bytes = isnull ? NULL :
		MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len);
	if (!isnull)
		memcpy(cache->weights_bytes, jb, len);
	cache->weights_len = len;
	cache->weights_isnull = isnull;
	cache->weights_valid = true;
	return cache->weights;
}

/* Past this many interned names the cache starts over (bounds its memory). */
#define PAIR_CACHE_MAX_NAMES	65536

/*
 * Decodes profile arguments 0 (mentor) and 1 (mentee), reusing the last
 * decoded profile of a side when its bytes are the same.  Results do not
 * depend on which ids the dictionary gave (kernels compare ids for equality
 * and sum in name order), so a cached profile scores exactly like a fresh
 * one.
 */
void
DecodePair(FunctionCallInfo fcinfo, Person *mentor, Person *mentee)
{
	CallCache  *cache = GetCallCache(fcinfo);
	MemoryContext old;
	int			side;

	if (cache->pair_cxt == NULL)
		cache->pair_cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt,
												"mentormatch profile cache",
												ALLOCSET_DEFAULT_SIZES);
	if (cache->dict == NULL || LabelDictSize(cache->dict) > PAIR_CACHE_MAX_NAMES)
	{
		/* start over: the dictionary and both sides */
		MemoryContextReset(cache->pair_cxt);
		old = MemoryContextSwitchTo(cache->pair_cxt);
		cache->dict = CreateLabelDict(256);
		MemoryContextSwitchTo(old);
		for (side = 0; side < 2; side++)
		{
			cache->side_cxt[side] = AllocSetContextCreate(cache->pair_cxt,
														  "mentormatch profile",
														  ALLOCSET_SMALL_SIZES);
			cache->side_valid[side] = false;
		}
	}

	for (side = 0; side < 2; side++)
	{
		HeapTupleHeader rec = PG_GETARG_HEAPTUPLEHEADER(side);
		Size		len = HeapTupleHeaderGetDatumLength(rec);

		if (cache->side_valid[side] && cache->side_len[side] == len &&
			memcmp(cache->side_bytes[side], rec, len) == 0)
			continue;
		cache->side_valid[side] = false;
		MemoryContextReset(cache->side_cxt[side]);
		old = MemoryContextSwitchTo(cache->side_cxt[side]);
		DecodeProfile(rec, cache->dict, &cache->side[side]);
		cache->side_bytes[side] = palloc(len);
		memcpy(cache->side_bytes[side], rec, len);
		MemoryContextSwitchTo(old);
		cache->side_len[side] = len;
		cache->side_valid[side] = true;
	}
	*mentor = cache->side[0];
	*mentee = cache->side[1];
}

/* factors(mentor, mentee) -> factor_scores */
PG_FUNCTION_INFO_V1(mentormatch_factors);
Datum
mentormatch_factors(PG_FUNCTION_ARGS)
{
	Person		mentor,
				mentee;
	FactorValues f;
	TupleDesc	desc = CachedResultDesc(fcinfo);
	Datum		values[NUM_FACTORS];
	bool		nulls[NUM_FACTORS];
	int			i;

	DecodePair(fcinfo, &mentor, &mentee);
	ComputeFactors(&mentor, &mentee, &f);
	for (i = 0; i < NUM_FACTORS; i++)
	{
		values[i] = Float8GetDatum(f.value[i]);
		nulls[i] = !f.known[i];
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* score(mentor, mentee, weights DEFAULT NULL) -> float8 */
PG_FUNCTION_INFO_V1(mentormatch_score);
Datum
mentormatch_score(PG_FUNCTION_ARGS)
{
	Person		mentor,
				mentee;
	FactorValues f;
	const double *weights;
	double		score;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	weights = CachedWeights(fcinfo, 2);
	DecodePair(fcinfo, &mentor, &mentee);
	ComputeFactors(&mentor, &mentee, &f);
	if (!WeightedScore(&f, weights, &score, NULL))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(score);
}

/* conflicts(mentor, mentee) -> text[] */
PG_FUNCTION_INFO_V1(mentormatch_conflicts);
Datum
mentormatch_conflicts(PG_FUNCTION_ARGS)
{
	Person		mentor,
				mentee;

	DecodePair(fcinfo, &mentor, &mentee);
	PG_RETURN_DATUM(NamesToTextArray(conflict_names, NUM_CONFLICTS,
									 ComputeConflicts(&mentor, &mentee)));
}

/* default_weights() -> jsonb */
PG_FUNCTION_INFO_V1(mentormatch_default_weights);
Datum
mentormatch_default_weights(PG_FUNCTION_ARGS)
{
	NamedNumber named[NUM_FACTORS];
	int			i;

	for (i = 0; i < NUM_FACTORS; i++)
	{
		named[i].name = factor_names[i];
		named[i].len = strlen(factor_names[i]);
		named[i].value = default_weights[i];
	}
	PG_RETURN_JSONB_P(NamedNumbersToJsonb(named, NUM_FACTORS));
}

/* Small builders for explain's jsonb. */
static void
PushKey(JsonbParseState **state, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	pushJsonbValue(state, WJB_KEY, &k);
}

static void
PushNumber(JsonbParseState **state, const char *key, bool known, double v)
{
	JsonbValue	j;

	PushKey(state, key);
	if (known)
	{
		j.type = jbvNumeric;
		j.val.numeric = DatumGetNumeric(Float8GetNumeric(v));
	}
	else
		j.type = jbvNull;
	pushJsonbValue(state, WJB_VALUE, &j);
}

static void
PushString(JsonbParseState **state, const char *key, const char *s)
{
	JsonbValue	j;

	if (key)
		PushKey(state, key);
	j.type = jbvString;
	j.val.string.val = (char *) s;
	j.val.string.len = strlen(s);
	pushJsonbValue(state, key ? WJB_VALUE : WJB_ELEM, &j);
}

static void
PushNameArray(JsonbParseState **state, const char *key,
			  const char *const *names, int n, int mask)
{
	int			i;

	PushKey(state, key);
	pushJsonbValue(state, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < n; i++)
		if (mask & (1 << i))
			PushString(state, NULL, names[i]);
	pushJsonbValue(state, WJB_END_ARRAY, NULL);
}

/*
 * explain(mentor, mentee, weights DEFAULT NULL) -> jsonb:
 * {"score": s,
 *	"factors": {"skills": {"value": v, "weight": w, "contribution": c,
 *						   "risk": [reasons this factor raises]}, ...},
 *	"conflicts": [...],
 *	"risk": {"level": l, "reasons": [...], "points": p,
 *			 "rules": {"skill_gap": "skills < 0.5", ...}}}
 * weight is the weight after renormalising over the known factors, so
 * contribution = value * weight and the contributions add up to score.
 */
PG_FUNCTION_INFO_V1(mentormatch_explain);
Datum
mentormatch_explain(PG_FUNCTION_ARGS)
{
	Person		mentor,
				mentee;
	FactorValues f;
	const double *weights;
	double		score = 0.0;
	double		contribution[NUM_FACTORS];
	double		total_weight = 0.0;
	bool		score_known;
	int			conflicts;
	RiskResult	risk;
	JsonbParseState *state = NULL;
	JsonbValue *result;
	int			i;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	weights = CachedWeights(fcinfo, 2);
	DecodePair(fcinfo, &mentor, &mentee);
	ComputeFactors(&mentor, &mentee, &f);
	score_known = WeightedScore(&f, weights, &score, contribution);
	conflicts = ComputeConflicts(&mentor, &mentee);
	risk = ComputeRisk(&mentor, &mentee, &f, conflicts, score_known, score);
	for (i = 0; i < NUM_FACTORS; i++)
		if (f.known[i])
			total_weight += weights[i];

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	PushNumber(&state, "score", score_known, score);
	PushKey(&state, "factors");
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < NUM_FACTORS; i++)
	{
		bool		counts = score_known && f.known[i];

		PushKey(&state, factor_names[i]);
		pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
		PushNumber(&state, "value", f.known[i], f.value[i]);
		PushNumber(&state, "weight", true,
				   counts ? weights[i] / total_weight : 0.0);
		PushNumber(&state, "contribution", true, counts ? contribution[i] : 0.0);
		PushNameArray(&state, "risk", risk_reason_names, NUM_RISK_REASONS,
					  risk.reasons & factor_risk_reasons[i]);
		pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	PushNameArray(&state, "conflicts", conflict_names, NUM_CONFLICTS, conflicts);

	PushKey(&state, "risk");
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	PushString(&state, "level", risk_level_names[risk.level]);
	PushNameArray(&state, "reasons", risk_reason_names, NUM_RISK_REASONS,
				  risk.reasons);
	PushNumber(&state, "points", true, risk.points);
	PushKey(&state, "rules");
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < NUM_RISK_REASONS; i++)
		PushString(&state, risk_reason_names[i], risk_reason_rules[i]);
	pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	pushJsonbValue(&state, WJB_END_OBJECT, NULL);

	result = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(result));
}
