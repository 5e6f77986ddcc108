/*
 * profile.c
 *		Decoding profile composites into Persons (see profile.h).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/typcache.h"

#include "base/pg_compat.h"
#include "types/profile.h"

static int
CompareInt32(const void *a, const void *b)
{
	int32		x = *(const int32 *) a;
	int32		y = *(const int32 *) b;

	return (x > y) - (x < y);
}

static int
CompareInt64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/* text[] -> IdSet; NULL elements are skipped, duplicates folded. */
static void
DecodeNameSet(Datum d, bool isnull, LabelDict *dict, IdSet *out)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				count = 0;

	if (isnull)
	{
		out->count = -1;
		out->ids = NULL;
		return;
	}
	arr = DatumGetArrayTypeP(d);
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	out->ids = palloc(sizeof(int32) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		text	   *t;

		if (nulls[i])
			continue;
		t = DatumGetTextPP(elems[i]);
		out->ids[count++] = InternLabel(dict, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	}
	if (count > 1)
	{
		int			kept = 1;

		qsort(out->ids, count, sizeof(int32), CompareInt32);
		for (i = 1; i < count; i++)
			if (out->ids[i] != out->ids[kept - 1])
				out->ids[kept++] = out->ids[i];
		count = kept;
	}
	out->count = count;
}

static bool
IdSetHas(const IdSet *set, int32 id)
{
	int			i;

	for (i = 0; i < set->count; i++)
		if (set->ids[i] == id)
			return true;
	return false;
}

static void
DecodeChain(Datum d, bool isnull, Person *out)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	out->nchain = -1;
	out->chain = NULL;
	out->has_manager = false;
	if (isnull)
		return;
	arr = DatumGetArrayTypeP(d);
	deconstruct_array(arr, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	out->chain = palloc(sizeof(int64) * Max(n, 1));
	out->nchain = 0;
	for (i = 0; i < n; i++)
		if (!nulls[i])
			out->chain[out->nchain++] = DatumGetInt64(elems[i]);
	/* top down: the last element is the direct manager */
	if (n > 0 && !nulls[n - 1])
	{
		out->has_manager = true;
		out->manager = DatumGetInt64(elems[n - 1]);
	}
	qsort(out->chain, out->nchain, sizeof(int64), CompareInt64);
}

static void BadProfile(const Person *p, const char *detail);

char *
FoldTag(const char *s, int len)
{
	char	   *folded = palloc(len + 1);
	int			i;

	for (i = 0; i < len; i++)
		folded[i] = pg_ascii_tolower((unsigned char) s[i]);
	folded[len] = '\0';
	return folded;
}

/* tags text[]: "key:value" names, and the key of each (see profile.h). */
static void
DecodeTags(Datum d, bool isnull, LabelDict *dict, Person *out)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				count = 0;
	int64	   *pairs;			/* id << 32 | key, to sort by id */

	out->tags.count = -1;
	out->tags.ids = NULL;
	out->tag_keys = NULL;
	if (isnull)
		return;
	arr = DatumGetArrayTypeP(d);
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	pairs = palloc(sizeof(int64) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		text	   *t;
		char	   *s;
		int			len;
		const char *colon;

		if (nulls[i])
			continue;
		t = DatumGetTextPP(elems[i]);
		len = VARSIZE_ANY_EXHDR(t);
		s = FoldTag(VARDATA_ANY(t), len);
		colon = memchr(s, ':', len);
		if (colon == NULL || colon == s || colon == s + len - 1)
			BadProfile(out, psprintf("A tag is key:value, such as department:data; \"%.*s\" is not.",
									 len, VARDATA_ANY(t)));
		pairs[count++] = ((int64) InternLabel(dict, s, len) << 32) |
			(uint32) InternLabel(dict, s, colon - s);
		pfree(s);
	}
	qsort(pairs, count, sizeof(int64), CompareInt64);
	out->tags.ids = palloc(sizeof(int32) * Max(count, 1));
	out->tag_keys = palloc(sizeof(int32) * Max(count, 1));
	out->tags.count = 0;
	for (i = 0; i < count; i++)
		if (i == 0 || pairs[i] != pairs[i - 1])
		{
			out->tags.ids[out->tags.count] = (int32) (pairs[i] >> 32);
			out->tag_keys[out->tags.count++] = (int32) (pairs[i] & 0xFFFFFFFF);
		}
	pfree(pairs);
}

static void
BadProfile(const Person *p, const char *detail)
{
	if (p->has_id)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid profile %lld", (long long) p->id),
				 errdetail_internal("%s", detail)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid profile"),
			 errdetail_internal("%s", detail)));
}

void
DecodeProfile(HeapTupleHeader rec, LabelDict *dict, Person *out)
{
	Oid			typid = HeapTupleHeaderGetTypeId(rec);
	int32		typmod = HeapTupleHeaderGetTypMod(rec);
	TupleDesc	desc = lookup_rowtype_tupdesc(typid, typmod);
	HeapTupleData tuple;
	Datum		values[PROFILE_NATTS];
	bool		nulls[PROFILE_NATTS];
	int32		reverse;

	/* a database not yet updated from 0.1.0 has profile without tags */
	if (desc->natts != PROFILE_NATTS && desc->natts != PROFILE_TAGS - 1)
		elog(ERROR, "profile has %d attributes, expected %d",
			 desc->natts, PROFILE_NATTS);
	tuple.t_len = HeapTupleHeaderGetDatumLength(rec);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = rec;
	nulls[PROFILE_TAGS - 1] = true;
	heap_deform_tuple(&tuple, desc, values, nulls);
	ReleaseTupleDesc(desc);

#define FIELD(a)	values[(a) - 1]
#define ISNULL(a)	nulls[(a) - 1]

	out->has_id = !ISNULL(PROFILE_ID);
	out->id = out->has_id ? DatumGetInt64(FIELD(PROFILE_ID)) : 0;

	out->has_skills = !ISNULL(PROFILE_SKILLS);
	if (out->has_skills)
		CompileSkills(dict, DatumGetSkillSetP(FIELD(PROFILE_SKILLS)), &out->skills);
	out->has_goals = !ISNULL(PROFILE_GOALS);
	if (out->has_goals)
		CompileSkills(dict, DatumGetSkillSetP(FIELD(PROFILE_GOALS)), &out->goals);
	out->has_style = !ISNULL(PROFILE_STYLE);
	if (out->has_style)
		CompileStyle(dict, DatumGetWorkStyleP(FIELD(PROFILE_STYLE)), &out->style);

	out->has_grade = !ISNULL(PROFILE_GRADE);
	out->grade = out->has_grade ? DatumGetInt32(FIELD(PROFILE_GRADE)) : 0;

	out->has_hours = !ISNULL(PROFILE_HOURS);
	out->hours = out->has_hours ? DatumGetFloat4(FIELD(PROFILE_HOURS)) : 0.0;
	if (out->has_hours && (isnan(out->hours) || isinf(out->hours) ||
						   out->hours < 0.0))
		BadProfile(out, "hours_per_month must be a finite number, zero or more.");

	out->has_utc_offset = !ISNULL(PROFILE_UTC_OFFSET);
	out->utc_offset = out->has_utc_offset ?
		DatumGetInt32(FIELD(PROFILE_UTC_OFFSET)) : 0;
	if (out->has_utc_offset &&
		(out->utc_offset < UTC_OFFSET_MIN || out->utc_offset > UTC_OFFSET_MAX))
		BadProfile(out, psprintf("utc_offset is in minutes east of UTC, from %d to %d.",
								 UTC_OFFSET_MIN, UTC_OFFSET_MAX));

	DecodeNameSet(FIELD(PROFILE_LANGUAGES), ISNULL(PROFILE_LANGUAGES), dict,
				  &out->languages);
	DecodeNameSet(FIELD(PROFILE_CORE_VALUES), ISNULL(PROFILE_CORE_VALUES), dict,
				  &out->core_values);
	DecodeNameSet(FIELD(PROFILE_SUPPORT), ISNULL(PROFILE_SUPPORT), dict,
				  &out->support);
	DecodeNameSet(FIELD(PROFILE_PROJECTS), ISNULL(PROFILE_PROJECTS), dict,
				  &out->projects);
	DecodeChain(FIELD(PROFILE_MANAGER_CHAIN), ISNULL(PROFILE_MANAGER_CHAIN), out);

	out->has_trained = !ISNULL(PROFILE_TRAINED);
	out->trained = out->has_trained && DatumGetBool(FIELD(PROFILE_TRAINED));

	reverse = InternLabel(dict, "reverse", strlen("reverse"));
	out->wants_reverse = IdSetHas(&out->support, reverse);
	DecodeTags(FIELD(PROFILE_TAGS), ISNULL(PROFILE_TAGS), dict, out);
#undef FIELD
#undef ISNULL
}

/*
 * profile(id, skills, ..., tags): the composite, checked as scoring would
 * check it (DecodeProfile), so that a wrong value fails where it is built
 * rather than inside a later score() or match().
 */
PG_FUNCTION_INFO_V1(mentormatch_profile);
Datum
mentormatch_profile(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[PROFILE_NATTS];
	bool		nulls[PROFILE_NATTS];
	HeapTuple	tuple;
	Person		checked;
	int			i;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE ||
		desc->natts != PROFILE_NATTS || PG_NARGS() != PROFILE_NATTS)
		elog(ERROR, "profile() must return profile, with %d arguments", PROFILE_NATTS);
	for (i = 0; i < PROFILE_NATTS; i++)
	{
		nulls[i] = PG_ARGISNULL(i);
		values[i] = nulls[i] ? (Datum) 0 : PG_GETARG_DATUM(i);
	}
	tuple = heap_form_tuple(BlessTupleDesc(desc), values, nulls);
	DecodeProfile(tuple->t_data, CreateLabelDict(16, NULL, NULL), &checked);
	PG_RETURN_DATUM(HeapTupleGetDatum(tuple));
}

/*
 * The arrays of a Person, each rounded up to MAXALIGN: PersonArrayBytes
 * counts them and PersonCopy lays them out in this order.
 */
static Size
SkillsBytes(const CompiledSkills *s)
{
	Size		labels = 0;
	int			i;

	for (i = 0; i < s->count; i++)
		labels += s->skills[i].depth;
	return MAXALIGN(sizeof(CompiledSkill) * s->count) +
		MAXALIGN(sizeof(int32) * labels);
}

Size
PersonArrayBytes(const Person *p)
{
	Size		bytes = 0;

	if (p->has_skills)
		bytes += SkillsBytes(&p->skills);
	if (p->has_goals)
		bytes += SkillsBytes(&p->goals);
	if (p->has_style)
		bytes += MAXALIGN(sizeof(int32) * p->style.count) +
			MAXALIGN(sizeof(double) * p->style.count);
	bytes += MAXALIGN(sizeof(int32) * Max(p->languages.count, 0));
	bytes += MAXALIGN(sizeof(int32) * Max(p->core_values.count, 0));
	bytes += MAXALIGN(sizeof(int32) * Max(p->support.count, 0));
	bytes += MAXALIGN(sizeof(int32) * Max(p->projects.count, 0));
	bytes += MAXALIGN(sizeof(int64) * Max(p->nchain, 0));
	bytes += 2 * MAXALIGN(sizeof(int32) * Max(p->tags.count, 0));
	return bytes;
}

/* Copies bytes from src to *cursor and moves the cursor past them. */
static void *
Take(char **cursor, const void *src, Size bytes)
{
	void	   *dst = *cursor;

	if (bytes > 0)
		memcpy(dst, src, bytes);
	*cursor += MAXALIGN(bytes);
	return dst;
}

static void
CopySkills(CompiledSkills *dst, char **cursor)
{
	CompiledSkill *skills;
	int32	   *labels;
	Size		total = 0;
	int			i;

	skills = Take(cursor, dst->skills, sizeof(CompiledSkill) * dst->count);
	for (i = 0; i < dst->count; i++)
		total += skills[i].depth;
	labels = (int32 *) *cursor;
	*cursor += MAXALIGN(sizeof(int32) * total);
	for (i = 0; i < dst->count; i++)
	{
		memcpy(labels, skills[i].labels, sizeof(int32) * skills[i].depth);
		skills[i].labels = labels;
		labels += skills[i].depth;
	}
	dst->skills = skills;
}

static void
CopyIdSet(IdSet *set, char **cursor)
{
	if (set->count >= 0)
		set->ids = Take(cursor, set->ids, sizeof(int32) * set->count);
}

void
PersonCopy(Person *dst, const Person *src, void *block)
{
	char	   *cursor = block;

	*dst = *src;
	if (dst->has_skills)
		CopySkills(&dst->skills, &cursor);
	if (dst->has_goals)
		CopySkills(&dst->goals, &cursor);
	if (dst->has_style)
	{
		dst->style.dims = Take(&cursor, src->style.dims,
							   sizeof(int32) * src->style.count);
		dst->style.values = Take(&cursor, src->style.values,
								 sizeof(double) * src->style.count);
	}
	CopyIdSet(&dst->languages, &cursor);
	CopyIdSet(&dst->core_values, &cursor);
	CopyIdSet(&dst->support, &cursor);
	CopyIdSet(&dst->projects, &cursor);
	if (dst->nchain >= 0)
		dst->chain = Take(&cursor, src->chain, sizeof(int64) * src->nchain);
	CopyIdSet(&dst->tags, &cursor);
	if (dst->tags.count >= 0)
		dst->tag_keys = Take(&cursor, src->tag_keys, sizeof(int32) * src->tags.count);
	Assert(cursor - (char *) block == PersonArrayBytes(src));
}

/* Moves the pointers of a PersonCopy'd person by delta bytes. */
#define MOVED(ptr, delta)	((ptr) = (void *) ((char *) (ptr) + (delta)))

/* The skill entries hold pointers themselves: they are copied, not moved. */
static void
RelocateSkills(CompiledSkills *s, ptrdiff_t delta)
{
	CompiledSkill *own = palloc(sizeof(CompiledSkill) * Max(s->count, 1));
	int			i;

	MOVED(s->skills, delta);
	memcpy(own, s->skills, sizeof(CompiledSkill) * s->count);
	for (i = 0; i < s->count; i++)
		MOVED(own[i].labels, delta);
	s->skills = own;
}

void
PersonRelocate(Person *p, ptrdiff_t delta)
{
	if (p->has_skills)
		RelocateSkills(&p->skills, delta);
	if (p->has_goals)
		RelocateSkills(&p->goals, delta);
	if (p->has_style)
	{
		MOVED(p->style.dims, delta);
		MOVED(p->style.values, delta);
	}
	if (p->languages.count >= 0)
		MOVED(p->languages.ids, delta);
	if (p->core_values.count >= 0)
		MOVED(p->core_values.ids, delta);
	if (p->support.count >= 0)
		MOVED(p->support.ids, delta);
	if (p->projects.count >= 0)
		MOVED(p->projects.ids, delta);
	if (p->nchain >= 0)
		MOVED(p->chain, delta);
	if (p->tags.count >= 0)
	{
		MOVED(p->tags.ids, delta);
		MOVED(p->tag_keys, delta);
	}
}
