/*
 * pair_rules.c
 *		Hard rules on pairs (see pair_rules.h).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"

#include "scoring/factors.h"
#include "scoring/pair_rules.h"

static void
BadRule(const char *rule, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid rule \"%s\"", rule),
			 errdetail_internal("%s", detail),
			 errhint("Rules are shared_language, max_hours_apart=N, same:<key>, "
					 "different:<key> and min:<factor>=x, where key names tags "
					 "key:value.")));
}

/*
 * The key of same:<key> or different:<key>: a tag key, no ':' in it, folded
 * as tags are.
 */
static int32
RuleKey(const char *rule, const char *key, LabelDict *dict)
{
	char	   *folded;
	int32		id;

	if (*key == '\0' || strchr(key, ':') != NULL)
		BadRule(rule, "The key is the part of a tag before its ':', such as department.");
	folded = FoldTag(key, strlen(key));
	id = InternLabel(dict, folded, strlen(folded));
	pfree(folded);
	return id;
}

/* min:<factor>=x: the factor by name and x in [0, 1]. */
static void
MinFactorRule(PairRule *r, const char *rule)
{
	const char *name = rule + 4;
	const char *eq = strchr(name, '=');
	char	   *end;
	int			f;

	r->kind = RULE_MIN_FACTOR;
	r->factor = -1;
	for (f = 0; eq != NULL && f < NUM_FACTORS; f++)
		if (strlen(factor_names[f]) == (size_t) (eq - name) &&
			strncmp(factor_names[f], name, eq - name) == 0)
			r->factor = f;
	if (r->factor < 0)
		BadRule(rule, "The factor is one of skills, style, stage, values, availability, "
				"logistics and expectations, such as min:skills=0.5.");
	errno = 0;
	r->min_value = strtod(eq + 1, &end);
	if (end == eq + 1 || *end != '\0' || errno != 0 ||
		isnan(r->min_value) || r->min_value < 0.0 || r->min_value > 1.0)
		BadRule(rule, "x is a number from 0 to 1, such as min:skills=0.5.");
}

/* Whether anyone of people has a tag of key. */
static bool
AnyoneHasKey(const Person *people, int32 n, int32 key)
{
	int32		i;
	int			t;

	for (i = 0; i < n; i++)
		for (t = 0; t < people[i].tags.count; t++)
			if (people[i].tag_keys[t] == key)
				return true;
	return false;
}

void
ParseRules(ArrayType *rules, LabelDict *dict, const Person *rows, int32 nrows,
		   const Person *cols, int32 ncols, PairRules *out)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	out->count = 0;
	out->reads_factors = false;
	if (rules == NULL)
		return;
	deconstruct_array(rules, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n > MAX_PAIR_RULES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at most %d rules, not %d", MAX_PAIR_RULES, n)));
	for (i = 0; i < n; i++)
	{
		PairRule   *r = &out->rule[out->count++];
		char	   *written;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rules must not contain NULL")));
		written = TextDatumGetCString(elems[i]);
		r->text = written;
		r->key = -1;
		r->max_minutes = 0;
		if (strcmp(written, "shared_language") == 0)
			r->kind = RULE_SHARED_LANGUAGE;
		else if (strncmp(written, "max_hours_apart=", 16) == 0)
		{
			char	   *end;
			double		hours;

			errno = 0;
			hours = strtod(written + 16, &end);
			if (end == written + 16 || *end != '\0' || errno != 0 ||
				isnan(hours) || hours < 0.0 || hours > 24.0)
				BadRule(written, "N is a number of hours from 0 to 24, such as max_hours_apart=3.");
			r->kind = RULE_MAX_HOURS_APART;
			/* 2.05 hours is 123 minutes, though 2.05 * 60 is 122.99... */
			r->max_minutes = (int32) floor(hours * 60.0 + 1e-9);
		}
		else if (strncmp(written, "same:", 5) == 0)
		{
			r->kind = RULE_SAME;
			r->key = RuleKey(written, written + 5, dict);
		}
		else if (strncmp(written, "different:", 10) == 0)
		{
			r->kind = RULE_DIFFERENT;
			r->key = RuleKey(written, written + 10, dict);
		}
		else if (strncmp(written, "min:", 4) == 0)
		{
			MinFactorRule(r, written);
			out->reads_factors = true;
		}
		else
			BadRule(written, "It is none of the rules there are.");
		if (r->key >= 0 && nrows + ncols > 0 &&
			!AnyoneHasKey(rows, nrows, r->key) && !AnyoneHasKey(cols, ncols, r->key))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rule \"%s\" names a tag key that no one in the round has",
							written),
					 errdetail("No mentor or mentee has a tag %s:<value>.",
							   strchr(written, ':') + 1),
					 errhint("Tag keys are compared in lower case; check the key's spelling.")));
	}
}

/* Whether the two have a tag key:v in common. */
static bool
ShareTagOfKey(const Person *a, const Person *b, int32 key)
{
	int			i = 0,
				j = 0;

	while (i < a->tags.count && j < b->tags.count)
	{
		if (a->tags.ids[i] == b->tags.ids[j])
		{
			if (a->tag_keys[i] == key)
				return true;
			i++;
			j++;
		}
		else if (a->tags.ids[i] < b->tags.ids[j])
			i++;
		else
			j++;
	}
	return false;
}

static bool
RuleHolds(const PairRule *r, const Person *mentor, const Person *mentee,
		  const FactorValues *f)
{
	switch (r->kind)
	{
		case RULE_SHARED_LANGUAGE:
			return IdSetShared(&mentor->languages, &mentee->languages) > 0;
		case RULE_MAX_HOURS_APART:
			return mentor->has_utc_offset && mentee->has_utc_offset &&
				OffsetMinutesApart(mentor->utc_offset, mentee->utc_offset) <= r->max_minutes;
		case RULE_SAME:
			return ShareTagOfKey(mentor, mentee, r->key);
		case RULE_DIFFERENT:
			return !ShareTagOfKey(mentor, mentee, r->key);
		case RULE_MIN_FACTOR:
			return f->known[r->factor] && f->value[r->factor] >= r->min_value;
	}
	pg_unreachable();
}

uint32
BrokenRules(const PairRules *rules, const Person *mentor, const Person *mentee)
{
	uint32		broken = 0;
	FactorValues f;
	int			i;

	if (rules->reads_factors)
		ComputeFactors(mentor, mentee, &f);
	for (i = 0; i < rules->count; i++)
		if (!RuleHolds(&rules->rule[i], mentor, mentee, &f))
			broken |= (uint32) 1 << i;
	return broken;
}
