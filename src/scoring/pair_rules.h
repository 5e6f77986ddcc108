/*
 * pair_rules.h
 *		Hard rules on pairs that a matching round asks for (the rules
 *		argument of match() and recommend()), checked in C like conflicts
 *		of interest.
 *
 *	 shared_language	both list languages and share one
 *	 max_hours_apart=N	UTC offsets known and at most N hours apart, around
 *						the clock
 *	 same:<key>			a tag key:v that both have (a person without a
 *						key: tag fails)
 *	 different:<key>	no tag key:v that both have (a person without a
 *						key: tag passes)
 *	 min:<factor>=x		the factor (factors.h's names) known and at least x
 *
 * A rule that cannot be checked (languages, an offset or the factor
 * unknown) is broken: a rule is a guarantee about every pair proposed.
 * Tag keys fold to lower case (FoldTag); a key no one in the round has is
 * an error, so that a misspelt key does not silently turn a rule off.
 */
#ifndef MENTORMATCH_PAIR_RULES_H
#define MENTORMATCH_PAIR_RULES_H

#include "utils/array.h"

#include "base/string_ids.h"
#include "types/profile.h"

#define MAX_PAIR_RULES	24

typedef enum PairRuleKind
{
	RULE_SHARED_LANGUAGE,
	RULE_MAX_HOURS_APART,
	RULE_SAME,
	RULE_DIFFERENT,
	RULE_MIN_FACTOR
} PairRuleKind;

typedef struct PairRule
{
	PairRuleKind kind;
	int32		max_minutes;	/* max_hours_apart, in minutes (rounded down) */
	int32		key;			/* same, different: the interned key */
	int			factor;			/* min: the Factor */
	double		min_value;		/* min: x */
	char	   *text;			/* the rule as written, for reasons */
} PairRule;

typedef struct PairRules
{
	int			count;
	bool		reads_factors;	/* a min: rule among them */
	PairRule	rule[MAX_PAIR_RULES];
} PairRules;

/*
 * Parses a rules argument (NULL: no rule); keys are interned into dict, the
 * dictionary of the profiles they will be checked on: the round's people,
 * rows and cols of them.  Unknown or malformed rules, NULL elements, more
 * than MAX_PAIR_RULES rules and a same: or different: key that none of the
 * people has (when there are any) are 22023.
 */
extern void ParseRules(ArrayType *rules, LabelDict *dict,
					   const Person *rows, int32 nrows,
					   const Person *cols, int32 ncols, PairRules *out);

/* The rules a pair breaks: bit i for rule i. */
extern uint32 BrokenRules(const PairRules *rules, const Person *mentor,
						  const Person *mentee);

#endif							/* MENTORMATCH_PAIR_RULES_H */
