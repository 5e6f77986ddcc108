/*
 * skillset.h
 *		The skillset type: a sparse set of hierarchical skills, each with a
 *		level from 1 to 5.
 */
#ifndef MENTORMATCH_SKILLSET_H
#define MENTORMATCH_SKILLSET_H

#include "fmgr.h"

#define SKILLSET_MAX_SKILLS		1024	/* skills in one value */
#define SKILLSET_MAX_DEPTH		16		/* labels in one skill path */
#define SKILLSET_MAX_LABEL		63		/* bytes in one label */
#define SKILLSET_MAX_KEY		255		/* bytes in one skill path */
#define SKILL_LEVEL_MIN			1
#define SKILL_LEVEL_MAX			5

/* One skill; its key is keylen bytes (plus a NUL) at SkillKey(s, entry). */
typedef struct SkillEntry
{
	uint32		offset;			/* of the key, from the start of the keys */
	uint16		keylen;			/* bytes, without the NUL */
	uint8		level;			/* 1 .. 5 */
	uint8		depth;			/* labels in the path */
} SkillEntry;

/*
 * Varlena layout: header, entries sorted by key (bytewise, so each subtree
 * is contiguous), then the NUL-terminated keys in entry order.  The layout
 * is canonical, so equal sets are equal bytes.
 */
typedef struct SkillSet
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint16		count;			/* number of skills */
	uint16		reserved;		/* always zero */
	SkillEntry	entries[FLEXIBLE_ARRAY_MEMBER];
} SkillSet;

#define SKILLSET_KEYS(s)		((char *) &(s)->entries[(s)->count])
#define SkillKey(s, i)			(SKILLSET_KEYS(s) + (s)->entries[i].offset)

#define DatumGetSkillSetP(x)	((SkillSet *) PG_DETOAST_DATUM(x))
#define PG_GETARG_SKILLSET_P(n) DatumGetSkillSetP(PG_GETARG_DATUM(n))
#define PG_RETURN_SKILLSET_P(x) PG_RETURN_POINTER(x)

/*
 * Skills with their labels interned (base/string_ids.h), ready for coverage().
 * Kept in key order, so a subtree stays contiguous.
 */
typedef struct CompiledSkill
{
	const int32 *labels;		/* depth label ids, root first */
	int16		depth;
	int16		level;
} CompiledSkill;

typedef struct CompiledSkills
{
	int			count;
	CompiledSkill *skills;
	uint64		roots;			/* bit (root label id % 64) of each skill */
} CompiledSkills;

/* How much of a sibling's credit survives per shared label; see coverage. */
#define SKILL_PARTIAL_CREDIT	0.8

struct LabelDict;
extern void CompileSkills(struct LabelDict *dict, SkillSet *s,
						  CompiledSkills *out);
extern double SkillCoverage(const CompiledSkills *offered,
							const CompiledSkills *wanted);

/*
 * The best credit of the offered skills for one wanted skill: SkillCoverage
 * is the mean of these over the wanted skills, summed in their order.
 */
extern double SkillCredit(const CompiledSkills *offered,
						  const CompiledSkill *wanted);

#endif							/* MENTORMATCH_SKILLSET_H */
