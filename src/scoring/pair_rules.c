/*
 * pair_rules.c
 *		Hard rules on pairs (see pair_rules.h).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"

#include "scoring/pair_rules.h"

static void
BadRule(const char *rule, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid rule \"%s\"", rule),
			 errdetail_internal("%s", detail),
			 errhint("Rules are shared_language, max_hours_apart=N, same:<key> and "
					 "different:<key>, where key names tags key:value.")));
}

/* The key of same:<key> or different:<key>: a tag key, no ':' in it. */
static int32
RuleKey(const char *rule, const char *key, LabelDict *dict)
{
	if (*key == '\0' || strchr(key, ':') != NULL)
		BadRule(rule, "The key is the part of a tag before its ':', such as department.");
	return InternLabel(dict, key, strlen(key));
}

void
ParseRules(ArrayType *rules, LabelDict *dict, PairRules *out)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	out->count = 0;
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
		else
			BadRule(written, "It is none of the rules there are.");
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
RuleHolds(const PairRule *r, const Person *mentor, const Person *mentee)
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
	}
	pg_unreachable();
}

uint32
BrokenRules(const PairRules *rules, const Person *mentor, const Person *mentee)
{
	uint32		broken = 0;
	int			i;

	for (i = 0; i < rules->count; i++)
		if (!RuleHolds(&rules->rule[i], mentor, mentee))
			broken |= (uint32) 1 << i;
	return broken;
}
