/*
 * skillset.c
 *		The skillset type: I/O, constructors, operators, the skillset_agg
 *		aggregate and coverage().
 *
 * A skill is a path of labels joined by '.', such as data.ml.nlp; labels
 * are ASCII letters, digits, '_' and '-', folded to lower case.  Every path
 * by which a value is built (text, binary, arrays, jsonb, the aggregate)
 * goes through the same checkers, CheckSkillName, CheckSkillLevel and
 * CheckSkillCount, and the same builder, BuildSkillSet.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

#include "base/sql_values.h"
#include "base/string_ids.h"
#include "types/named_numbers.h"
#include "types/skillset.h"

/* A skill on its way into a SkillSet; key is folded, NUL-terminated. */
typedef struct SkillItem
{
	char	   *key;
	int			keylen;
	int			level;
	int			depth;
} SkillItem;

/*
 * Checks a skill path and copies it, folded to lower case, into out (at
 * least len + 1 bytes).  Returns the number of labels.
 */
static int
CheckSkillName(const char *name, int len, char *out, const InputSource *src)
{
	int			depth = 1;
	int			labellen = 0;
	int			i;

	if (len == 0)
		ReportBadInput(src, BAD_SYNTAX, "A skill name must not be empty.");
	if (len > SKILLSET_MAX_KEY)
		ReportBadInput(src, BAD_SIZE,
					   psprintf("A skill name has at most %d bytes.",
								SKILLSET_MAX_KEY));

	for (i = 0; i < len; i++)
	{
		char		c = name[i];

		if (c == '.')
		{
			if (labellen == 0)
				ReportBadInput(src, BAD_SYNTAX,
							   psprintf("Skill \"%.*s\" has an empty label.",
										len, name));
			if (++depth > SKILLSET_MAX_DEPTH)
				ReportBadInput(src, BAD_SIZE,
							   psprintf("A skill path has at most %d labels.",
										SKILLSET_MAX_DEPTH));
			labellen = 0;
		}
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
				 c == '_' || c == '-')
			labellen++;
		else if (c >= 'A' && c <= 'Z')
		{
			c += 'a' - 'A';
			labellen++;
		}
		else if (c == '\0')
			ReportBadInput(src, BAD_SYNTAX,
						   "A skill name must not contain a zero byte.");
		else if (c == '=')
			ReportBadInputHint(src, BAD_SYNTAX,
							   psprintf("Skill \"%.*s\" contains \"=\".", len, name),
							   "A skillset is written skill:level, such as data.ml:4.");
		else
			ReportBadInput(src, BAD_SYNTAX,
						   psprintf("Skill \"%.*s\" contains \"%.*s\"; labels are ASCII "
									"letters, digits, \"_\" and \"-\", joined by \".\".",
									len, name, Min(pg_mblen(name + i), len - i),
									name + i));
		if (labellen > SKILLSET_MAX_LABEL)
			ReportBadInput(src, BAD_SIZE,
						   psprintf("A skill label has at most %d bytes.",
									SKILLSET_MAX_LABEL));
		out[i] = c;
	}
	if (labellen == 0)
		ReportBadInput(src, BAD_SYNTAX,
					   psprintf("Skill \"%.*s\" has an empty label.", len, name));
	out[len] = '\0';
	return depth;
}

/* The cap on the number of skills, as they arrive (CheckItemCount). */
static inline void
CheckSkillCount(int64 n, const InputSource *src)
{
	CheckItemCount(n, SKILLSET_MAX_SKILLS, "skills", src);
}

static inline void
CheckSkillLevel(int64 level, const char *key, const InputSource *src)
{
	if (level < SKILL_LEVEL_MIN || level > SKILL_LEVEL_MAX)
		ReportBadInput(src, BAD_RANGE,
					   psprintf("Level of \"%s\" must be an integer from %d to %d.",
								key, SKILL_LEVEL_MIN, SKILL_LEVEL_MAX));
}

/* Checks and appends one skill to a growing item array. */
static void
AddSkillItem(SkillItem **items, int *n, int *cap, const char *name, int len,
			 int64 level, const InputSource *src)
{
	SkillItem  *item;

	if (*n >= *cap)
	{
		*cap = Max(16, *cap * 2);
		*items = *items ? repalloc(*items, sizeof(SkillItem) * *cap)
			: palloc(sizeof(SkillItem) * *cap);
	}
	item = &(*items)[*n];
	item->key = palloc(len + 1);
	item->depth = CheckSkillName(name, len, item->key, src);
	item->keylen = len;
	CheckSkillLevel(level, item->key, src);
	item->level = (int) level;
	(*n)++;
}

static int
CompareSkillItems(const void *a, const void *b)
{
	const SkillItem *x = a;
	const SkillItem *y = b;

	return strcmp(x->key, y->key);
}

/*
 * Sorts the items and lays them out as a SkillSet.  A repeated key is an
 * error (skillset_agg folds repeats before it gets here).
 */
static SkillSet *
BuildSkillSet(SkillItem *items, int n, const InputSource *src)
{
	SkillSet   *result;
	Size		keybytes = 0;
	Size		size;
	int			i;
	char	   *keys;

	if (n > 1)
		qsort(items, n, sizeof(SkillItem), CompareSkillItems);
	for (i = 1; i < n; i++)
		if (strcmp(items[i - 1].key, items[i].key) == 0)
			ReportBadInput(src, BAD_DUPLICATE,
						   psprintf("Skill \"%s\" appears more than once.",
									items[i].key));
	CheckSkillCount(n, src);

	for (i = 0; i < n; i++)
		keybytes += items[i].keylen + 1;
	size = add_size(offsetof(SkillSet, entries),
					add_size(mul_size(sizeof(SkillEntry), n), keybytes));
	result = palloc0(size);
	SET_VARSIZE(result, size);
	result->count = n;
	keys = SKILLSET_KEYS(result);
	keybytes = 0;
	for (i = 0; i < n; i++)
	{
		SkillEntry *e = &result->entries[i];

		e->offset = keybytes;
		e->keylen = items[i].keylen;
		e->level = items[i].level;
		e->depth = items[i].depth;
		memcpy(keys + keybytes, items[i].key, items[i].keylen + 1);
		keybytes += items[i].keylen + 1;
	}
	return result;
}

/* skillset_in: 'data.ml:4, backend.java:5' */
PG_FUNCTION_INFO_V1(skillset_in);
Datum
skillset_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	InputSource src = {ORIGIN_TEXT, "skillset", str};
	SkillItem  *items = NULL;
	int			n = 0;
	int			cap = 0;
	const char *p = SkipBlanks(str);

	while (*p != '\0')
	{
		const char *name = p;
		int			namelen;
		int64		level = 0;
		char	   *folded;

		/*
		 * A name one byte over the cap is enough for CheckSkillName's 54000:
		 * a longer one is not read to its end, nor copied.
		 */
		while (*p != '\0' && *p != ':' && *p != ',' && !IsBlank(*p) &&
			   p - name <= SKILLSET_MAX_KEY)
			p++;
		namelen = p - name;
		if (namelen == 0)
			ReportBadInput(&src, BAD_SYNTAX,
						   n == 0 ? "Expected a skill name."
						   : "Expected a skill name after \",\".");
		folded = palloc(namelen + 1);
		CheckSkillName(name, namelen, folded, &src);

		p = SkipBlanks(p);
		if (p > name + namelen && IsNameChar(*p))
			ReportSpaceInName(&src, name, "Skill", "skill names have none",
							  ":4", ".");
		if (*p != ':')
			ReportBadInput(&src, BAD_SYNTAX,
						   psprintf("Skill \"%s\" has no level; write \"%s:level\".",
									folded, folded));
		p = SkipBlanks(p + 1);
		if (*p < '0' || *p > '9')
			ReportBadInput(&src, BAD_SYNTAX,
						   psprintf("Level of \"%s\" must be an integer from %d to %d.",
									folded, SKILL_LEVEL_MIN, SKILL_LEVEL_MAX));
		while (*p >= '0' && *p <= '9')
		{
			if (level < 1000)
				level = level * 10 + (*p - '0');
			p++;
		}
		if (isalnum((unsigned char) *p) || *p == '.' || *p == '_')
			ReportBadInput(&src, BAD_SYNTAX,
						   psprintf("Level of \"%s\" must be an integer from %d to %d.",
									folded, SKILL_LEVEL_MIN, SKILL_LEVEL_MAX));
		AddSkillItem(&items, &n, &cap, name, namelen, level, &src);
		CheckSkillCount(n, &src);

		p = SkipBlanks(p);
		if (*p == ',')
		{
			p = SkipBlanks(p + 1);
			if (*p == '\0')
				ReportBadInput(&src, BAD_SYNTAX,
							   "Expected a skill name after \",\".");
		}
		else if (*p == ';')
			ReportBadInputHint(&src, BAD_SYNTAX,
							   "Skills are separated by \",\", not \";\".",
							   "Write skills as data.ml:4, backend.java:5.");
		else if (*p != '\0')
			ReportBadInput(&src, BAD_SYNTAX,
						   psprintf("Unexpected \"%s\" after skill \"%s\"; "
									"separate skills with \",\".",
									p, folded));
	}
	PG_RETURN_SKILLSET_P(BuildSkillSet(items, n, &src));
}

static char *
SkillSetToCString(SkillSet *s)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 0; i < s->count; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfo(&buf, "%s:%d", SkillKey(s, i), s->entries[i].level);
	}
	return buf.data;
}

PG_FUNCTION_INFO_V1(skillset_out);
Datum
skillset_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(SkillSetToCString(PG_GETARG_SKILLSET_P(0)));
}

/*
 * Binary form: int32 count, then per skill int32 key length, the key bytes
 * and int32 level.  recv applies every rule of text input.
 */
PG_FUNCTION_INFO_V1(skillset_recv);
Datum
skillset_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	InputSource src = {ORIGIN_BINARY, "skillset", NULL};
	SkillItem  *items = NULL;
	int			n = 0;
	int			cap = 0;
	int32		count = RecvInt32(buf, &src);
	int			i;

	if (count < 0)
		ReportBadInput(&src, BAD_SYNTAX, "The skill count is negative.");
	CheckSkillCount(count, &src);
	for (i = 0; i < count; i++)
	{
		int32		len = RecvInt32(buf, &src);
		const char *name;
		int32		level;

		if (len < 0 || len > SKILLSET_MAX_KEY)
			ReportBadInput(&src, len < 0 ? BAD_SYNTAX : BAD_SIZE,
						   psprintf("A skill name has from 1 to %d bytes.",
									SKILLSET_MAX_KEY));
		name = RecvBytes(buf, len, &src);
		level = RecvInt32(buf, &src);
		AddSkillItem(&items, &n, &cap, name, len, level, &src);
	}
	PG_RETURN_SKILLSET_P(BuildSkillSet(items, n, &src));
}

static void
SendSkillSet(StringInfo buf, SkillSet *s)
{
	int			i;

	pq_sendint32(buf, s->count);
	for (i = 0; i < s->count; i++)
	{
		pq_sendint32(buf, s->entries[i].keylen);
		pq_sendbytes(buf, SkillKey(s, i), s->entries[i].keylen);
		pq_sendint32(buf, s->entries[i].level);
	}
}

PG_FUNCTION_INFO_V1(skillset_send);
Datum
skillset_send(PG_FUNCTION_ARGS)
{
	SkillSet   *s = PG_GETARG_SKILLSET_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	SendSkillSet(&buf, s);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Adds named levels (from arrays or jsonb); a level must be a whole number. */
static SkillSet *
SkillSetFromNamed(const NamedNumber *named, int count, const InputSource *src)
{
	SkillItem  *items = NULL;
	int			n = 0;
	int			cap = 0;
	int			i;

	for (i = 0; i < count; i++)
	{
		double		d = named[i].value;

		if (!named[i].whole || d < SKILL_LEVEL_MIN || d > SKILL_LEVEL_MAX)
			CheckSkillLevel(-1, pnstrdup(named[i].name, named[i].len), src);
		AddSkillItem(&items, &n, &cap, named[i].name, named[i].len, (int64) d, src);
		CheckSkillCount(n, src);
	}
	return BuildSkillSet(items, n, src);
}

/* skillset(text[], int[]): skills and their levels, position by position */
PG_FUNCTION_INFO_V1(skillset_from_arrays);
Datum
skillset_from_arrays(PG_FUNCTION_ARGS)
{
	InputSource src = {ORIGIN_VALUE, "skillset", NULL};
	NamedNumber *named;
	int			n;

	named = NamedNumbersFromArrays(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1),
								   "skill", "level", SKILLSET_MAX_SKILLS + 1,
								   &src, &n);
	PG_RETURN_SKILLSET_P(SkillSetFromNamed(named, n, &src));
}

/* jsonb -> skillset: {"data.ml": 4, ...} */
PG_FUNCTION_INFO_V1(skillset_from_jsonb);
Datum
skillset_from_jsonb(PG_FUNCTION_ARGS)
{
	InputSource src = {ORIGIN_VALUE, "skillset", NULL};
	NamedNumber *named;
	int			n;

	named = NamedNumbersFromJsonb(PG_GETARG_JSONB_P(0), "skill: level",
								  SKILLSET_MAX_SKILLS + 1, &src, &n);
	PG_RETURN_SKILLSET_P(SkillSetFromNamed(named, n, &src));
}

/* skillset -> jsonb: {"data.ml": 4, ...} */
PG_FUNCTION_INFO_V1(skillset_to_jsonb);
Datum
skillset_to_jsonb(PG_FUNCTION_ARGS)
{
	SkillSet   *s = PG_GETARG_SKILLSET_P(0);
	NamedNumber *named = palloc(sizeof(NamedNumber) * Max(s->count, 1));
	int			i;

	for (i = 0; i < s->count; i++)
	{
		named[i].name = SkillKey(s, i);
		named[i].len = s->entries[i].keylen;
		named[i].value = s->entries[i].level;
	}
	PG_RETURN_JSONB_P(NamedNumbersToJsonb(named, s->count));
}

/* skills(skillset): one row per skill, (skill, level), in key order */
PG_FUNCTION_INFO_V1(skillset_skills);
Datum
skillset_skills(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SkillSet   *s = PG_GETARG_SKILLSET_P(0);
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < s->count; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = PointerGetDatum(cstring_to_text_with_len(SkillKey(s, i),
															 s->entries[i].keylen));
		values[1] = Int32GetDatum(s->entries[i].level);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * Total order for btree: skill by skill, key then level; a set that is a
 * prefix of another sorts first.
 */
static int
CompareSkillSets(SkillSet *a, SkillSet *b)
{
	int			n = Min(a->count, b->count);
	int			i;

	for (i = 0; i < n; i++)
	{
		int			c = strcmp(SkillKey(a, i), SkillKey(b, i));

		if (c != 0)
			return c < 0 ? -1 : 1;
		if (a->entries[i].level != b->entries[i].level)
			return a->entries[i].level < b->entries[i].level ? -1 : 1;
	}
	if (a->count != b->count)
		return a->count < b->count ? -1 : 1;
	return 0;
}

/* = <> < <= > >= and the btree comparison, on that order */
BTREE_FUNCTIONS(skillset, SkillSet, PG_GETARG_SKILLSET_P, CompareSkillSets)

/* The layout is canonical (sorted, folded, reserved zero): equal bytes. */
HASH_FUNCTIONS(skillset)

/*
 * Number of keys of b found in a (levels ignored), by a merge of the two
 * sorted key lists.
 */
static int
SharedKeys(SkillSet *a, SkillSet *b)
{
	int			i = 0,
				j = 0,
				shared = 0;

	while (i < a->count && j < b->count)
	{
		int			c = strcmp(SkillKey(a, i), SkillKey(b, j));

		if (c == 0)
		{
			shared++;
			i++;
			j++;
		}
		else if (c < 0)
			i++;
		else
			j++;
	}
	return shared;
}

/* a && b: the sets share a skill */
PG_FUNCTION_INFO_V1(skillset_overlaps);
Datum
skillset_overlaps(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SharedKeys(PG_GETARG_SKILLSET_P(0),
							  PG_GETARG_SKILLSET_P(1)) > 0);
}

/* a @> b: every skill of b is in a, whatever the levels */
PG_FUNCTION_INFO_V1(skillset_contains);
Datum
skillset_contains(PG_FUNCTION_ARGS)
{
	SkillSet   *a = PG_GETARG_SKILLSET_P(0);
	SkillSet   *b = PG_GETARG_SKILLSET_P(1);

	PG_RETURN_BOOL(SharedKeys(a, b) == b->count);
}

/* a <@ b: every skill of a is in b */
PG_FUNCTION_INFO_V1(skillset_contained);
Datum
skillset_contained(PG_FUNCTION_ARGS)
{
	SkillSet   *a = PG_GETARG_SKILLSET_P(0);
	SkillSet   *b = PG_GETARG_SKILLSET_P(1);

	PG_RETURN_BOOL(SharedKeys(b, a) == a->count);
}

/*
 * Interns the labels of every skill of s; out->skills live in the current
 * memory context.
 */
void
CompileSkills(LabelDict *dict, SkillSet *s, CompiledSkills *out)
{
	int			total = 0;
	int32	   *labels;
	int			i;

	for (i = 0; i < s->count; i++)
		total += s->entries[i].depth;
	labels = palloc(sizeof(int32) * Max(total, 1));
	out->count = s->count;
	out->skills = palloc(sizeof(CompiledSkill) * Max(s->count, 1));
	out->roots = 0;
	for (i = 0; i < s->count; i++)
	{
		const char *key = SkillKey(s, i);
		CompiledSkill *c = &out->skills[i];
		int			d = 0;

		c->labels = labels;
		c->depth = s->entries[i].depth;
		c->level = s->entries[i].level;
		for (;;)
		{
			const char *dot = strchr(key, '.');
			int			len = dot ? (int) (dot - key) : (int) strlen(key);

			labels[d++] = InternLabel(dict, key, len);
			if (!dot)
				break;
			key = dot + 1;
		}
		Assert(d == c->depth);
		out->roots |= UINT64CONST(1) << (c->labels[0] & 63);
		labels += d;
	}
}

/*
 * How well the offered skills meet the wanted ones, in [0, 1]:
 *
 *	credit(o, w) = similarity(o, w) * min(1, o.level / w.level)
 *	similarity	 = 1 for the same skill; otherwise
 *				   0.8 * shared / max(depth(o), depth(w)), where shared is the
 *				   number of leading labels they have in common (0: no credit)
 *	coverage	 = mean over wanted skills w of the best credit(o, w)
 *
 * So the exact skill at or above the target level earns 1, a sibling under a
 * shared parent earns part, a skill under another root earns nothing, and a
 * lower level earns proportionally less.  Taking the best offered skill
 * means more offered skills never lower coverage.  The caller handles an
 * empty wanted set (NULL).  Sets that share no root (by their root masks)
 * cover nothing, which is the 0 the loops would reach.
 */
double
SkillCoverage(const CompiledSkills *offered, const CompiledSkills *wanted)
{
	double		total = 0.0;
	int			i;

	if ((offered->roots & wanted->roots) == 0)
		return 0.0;

	for (i = 0; i < wanted->count; i++)
		total += SkillCredit(offered, &wanted->skills[i]);
	return total / wanted->count;
}

double
SkillCredit(const CompiledSkills *offered, const CompiledSkill *w)
{
	double		best = 0.0;
	int			j;

	for (j = 0; j < offered->count && best < 1.0; j++)
	{
		const CompiledSkill *o = &offered->skills[j];
		int			maxdepth = Max(o->depth, w->depth);
		int			shared = 0;
		double		credit;

		while (shared < o->depth && shared < w->depth &&
			   o->labels[shared] == w->labels[shared])
			shared++;
		if (shared == 0)
			continue;
		if (shared == o->depth && shared == w->depth)
			credit = 1.0;
		else
			credit = SKILL_PARTIAL_CREDIT * shared / maxdepth;
		if (o->level < w->level)
			credit *= (double) o->level / w->level;
		best = Max(best, credit);
	}
	return best;
}

/* coverage(offered, wanted): see SkillCoverage; NULL when nothing is wanted */
PG_FUNCTION_INFO_V1(skillset_coverage);
Datum
skillset_coverage(PG_FUNCTION_ARGS)
{
	SkillSet   *offered = PG_GETARG_SKILLSET_P(0);
	SkillSet   *wanted = PG_GETARG_SKILLSET_P(1);
	LabelDict  *dict;
	CompiledSkills o,
				w;

	if (wanted->count == 0)
		PG_RETURN_NULL();
	dict = CreateLabelDict(64, NULL, NULL);
	CompileSkills(dict, offered, &o);
	CompileSkills(dict, wanted, &w);
	PG_RETURN_FLOAT8(SkillCoverage(&o, &w));
}

/*
 * skillset_agg(skill text, level int): the skills of a group as one value.
 * NULL skills (and NULL levels) are ignored; a repeated skill keeps its
 * highest level; no rows give the empty set.  The state holds each distinct
 * skill once (interned, base/string_ids.h), so it stays small however many
 * rows repeat; past the size cap it fails at once.  It is serialised in the
 * binary send format and read back through recv's checks, so a parallel plan
 * gives the same value.
 */
typedef struct SkillAggState
{
	LabelDict  *dict;			/* skill path -> index into items */
	SkillItem  *items;			/* distinct skills, highest level so far */
	int			n;
	int			cap;
} SkillAggState;

static SkillAggState *
NewSkillAggState(MemoryContext aggcxt)
{
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	SkillAggState *state = palloc0(sizeof(SkillAggState));

	state->dict = CreateLabelDict(16, NULL, NULL);
	MemoryContextSwitchTo(old);
	return state;
}

/* The state in argument argno, or a new one. */
static SkillAggState *
SkillAggStateGet(FunctionCallInfo fcinfo, int argno, MemoryContext *aggcxt)
{
	if (!AggCheckCallContext(fcinfo, aggcxt))
		elog(ERROR, "skillset_agg called in non-aggregate context");
	if (PG_ARGISNULL(argno))
		return NewSkillAggState(*aggcxt);
	return (SkillAggState *) PG_GETARG_POINTER(argno);
}

/* Adds one skill to the state (in the aggregate's context), checked. */
static void
SkillAggAdd(SkillAggState *state, MemoryContext aggcxt, const char *name,
			int len, int64 level, const InputSource *src)
{
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	int			n = state->n;
	int32		id;

	/* check and fold into a fresh item, then keep it only if it is new */
	AddSkillItem(&state->items, &state->n, &state->cap, name, len, level, src);
	id = InternLabel(state->dict, state->items[n].key, state->items[n].keylen);
	if (id < n)
	{
		state->items[id].level = Max(state->items[id].level, state->items[n].level);
		pfree(state->items[n].key);
		state->n = n;
	}
	else
		CheckSkillCount(state->n, src);
	MemoryContextSwitchTo(old);
}

PG_FUNCTION_INFO_V1(skillset_agg_transfn);
Datum
skillset_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	SkillAggState *state = SkillAggStateGet(fcinfo, 0, &aggcxt);
	InputSource src = {ORIGIN_VALUE, "skillset", NULL};

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		text	   *name = PG_GETARG_TEXT_PP(1);

		SkillAggAdd(state, aggcxt, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name),
					PG_GETARG_INT32(2), &src);
	}
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(skillset_agg_combinefn);
Datum
skillset_agg_combinefn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	SkillAggState *state;
	SkillAggState *other;
	InputSource src = {ORIGIN_VALUE, "skillset", NULL};
	int			i;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	state = SkillAggStateGet(fcinfo, 0, &aggcxt);
	other = (SkillAggState *) PG_GETARG_POINTER(1);
	for (i = 0; i < other->n; i++)
		SkillAggAdd(state, aggcxt, other->items[i].key, other->items[i].keylen,
					other->items[i].level, &src);
	PG_RETURN_POINTER(state);
}

static SkillSet *
SkillAggResult(SkillAggState *state)
{
	InputSource src = {ORIGIN_VALUE, "skillset", NULL};
	SkillItem  *copy;

	if (state == NULL || state->n == 0)
		return BuildSkillSet(NULL, 0, &src);
	/* BuildSkillSet sorts in place; the state may be finalised again */
	copy = palloc(sizeof(SkillItem) * state->n);
	memcpy(copy, state->items, sizeof(SkillItem) * state->n);
	return BuildSkillSet(copy, state->n, &src);
}

PG_FUNCTION_INFO_V1(skillset_agg_finalfn);
Datum
skillset_agg_finalfn(PG_FUNCTION_ARGS)
{
	PG_RETURN_SKILLSET_P(SkillAggResult(PG_ARGISNULL(0) ? NULL :
										(SkillAggState *) PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(skillset_agg_serialfn);
Datum
skillset_agg_serialfn(PG_FUNCTION_ARGS)
{
	SkillAggState *state = (SkillAggState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	SendSkillSet(&buf, SkillAggResult(state));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(skillset_agg_deserialfn);
Datum
skillset_agg_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt;
	SkillAggState *state;
	StringInfoData buf;
	SkillSet   *s;
	InputSource src = {ORIGIN_BINARY, "skillset", NULL};
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "skillset_agg called in non-aggregate context");
	state = NewSkillAggState(aggcxt);
	buf.data = VARDATA_ANY(bytes);
	buf.len = VARSIZE_ANY_EXHDR(bytes);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	s = DatumGetSkillSetP(DirectFunctionCall1(skillset_recv,
											  PointerGetDatum(&buf)));
	if (buf.cursor != buf.len)
		elog(ERROR, "skillset_agg state has trailing bytes");
	for (i = 0; i < s->count; i++)
		SkillAggAdd(state, aggcxt, SkillKey(s, i), s->entries[i].keylen,
					s->entries[i].level, &src);
	PG_RETURN_POINTER(state);
}
