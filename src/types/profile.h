/*
 * profile.h
 *		A profile value decoded once into the form scoring works on.
 *
 * The SQL type profile is a composite (see the install script).  Scoring
 * reads each profile into a Person: names interned (base/string_ids.h), sets
 * sorted and without duplicates, so that the factor kernels
 * (scoring/factors.c) and the conflict rules (scoring/conflicts.c) compare
 * integers only.  score() decodes two profiles per call; match() decodes each
 * profile once and scores every pair from the Person form, so both give the
 * same numbers by construction.
 */
#ifndef MENTORMATCH_PROFILE_H
#define MENTORMATCH_PROFILE_H

#include "access/htup.h"
#include "access/tupdesc.h"

#include "base/string_ids.h"
#include "types/skillset.h"
#include "types/workstyle.h"

/* Attribute numbers of the profile composite, 1-based. */
enum
{
	PROFILE_ID = 1,
	PROFILE_SKILLS,
	PROFILE_GOALS,
	PROFILE_STYLE,
	PROFILE_GRADE,
	PROFILE_HOURS,
	PROFILE_UTC_OFFSET,
	PROFILE_LANGUAGES,
	PROFILE_CORE_VALUES,
	PROFILE_SUPPORT,
	PROFILE_MANAGER_CHAIN,
	PROFILE_PROJECTS,
	PROFILE_TRAINED,
	PROFILE_TAGS,
	PROFILE_NATTS = PROFILE_TAGS
};

#define UTC_OFFSET_MIN	(-12 * 60)
#define UTC_OFFSET_MAX	(14 * 60)

/* A set of interned names, sorted, distinct; count < 0 means NULL. */
typedef struct IdSet
{
	int			count;
	int32	   *ids;
} IdSet;

typedef struct Person
{
	bool		has_id;
	int64		id;
	bool		has_skills;
	CompiledSkills skills;
	bool		has_goals;
	CompiledSkills goals;
	bool		has_style;
	CompiledStyle style;
	bool		has_grade;
	int32		grade;
	bool		has_hours;
	double		hours;
	bool		has_utc_offset;
	int32		utc_offset;
	IdSet		languages;
	IdSet		core_values;
	IdSet		support;
	IdSet		projects;
	int			nchain;			/* manager_chain length; < 0: NULL */
	int64	   *chain;			/* manager_chain, sorted, non-NULL ids */
	bool		has_manager;
	int64		manager;		/* direct manager: the chain's last element */
	bool		has_trained;
	bool		trained;
	bool		wants_reverse;	/* 'reverse' is among the support asked for */
	IdSet		tags;			/* "key:value" names */
	int32	   *tag_keys;		/* the interned key of each of tags.ids */
} Person;

/* Number of names two sets share (a merge of the sorted ids). */
static inline int
IdSetShared(const IdSet *a, const IdSet *b)
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

/* Minutes between two UTC offsets, around the clock: 0 .. 720. */
static inline int
OffsetMinutesApart(int32 a, int32 b)
{
	int			diff = abs(a - b) % (24 * 60);

	return Min(diff, 24 * 60 - diff);
}

/*
 * A tag or a rule's tag key as compared: ASCII letters folded to lower
 * case, as skill labels are (palloc'd, NUL-terminated).
 */
extern char *FoldTag(const char *s, int len);

/*
 * Decodes a profile composite into *out, allocating in the current memory
 * context; names go into dict.  Checks what scoring needs (22023): tags
 * key:value, hours zero or more, offsets within bounds.
 */
extern void DecodeProfile(HeapTupleHeader rec, LabelDict *dict, Person *out);

/*
 * The bytes a decoded Person's arrays take, and a copy of it whose arrays
 * all live in one block of that many bytes (8-byte aligned): decode into a
 * scratch context, count, charge, copy.
 */
extern Size PersonArrayBytes(const Person *p);
extern void PersonCopy(Person *dst, const Person *src, void *block);

/*
 * A PersonCopy'd person whose block now lies delta bytes from where it was
 * copied (a shared memory segment mapped elsewhere in another process):
 * moves the pointers of p, a copy of its Person, without writing to the
 * block (the skill entries, which hold pointers, are copied into the
 * current memory context).
 */
extern void PersonRelocate(Person *p, ptrdiff_t delta);

#endif							/* MENTORMATCH_PROFILE_H */
