/*
 * workstyle.c
 *		The workstyle type: I/O, constructors, operators and style_fit().
 *
 * A workstyle names dimensions ([a-z_][a-z0-9_]*, ASCII letters folded to
 * lower case), each with a value in [0, 1].  Every path that builds a value
 * goes through CheckStyleName, CheckStyleValue, CheckStyleCount and
 * BuildWorkStyle.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/float.h"
#include "utils/numeric.h"

#include "base/sql_values.h"
#include "base/string_ids.h"
#include "types/named_numbers.h"
#include "types/workstyle.h"

typedef struct StyleItem
{
	char	   *name;
	int			namelen;
	double		value;
} StyleItem;

/* Checks a dimension name and copies it, folded, into out (len + 1 bytes). */
static void
CheckStyleName(const char *name, int len, char *out, const InputSource *src)
{
	int			i;

	if (len == 0)
		ReportBadInput(src, BAD_SYNTAX, "A dimension name must not be empty.");
	if (len > WORKSTYLE_MAX_NAME)
		ReportBadInput(src, BAD_SIZE,
					   psprintf("A dimension name has at most %d bytes.",
								WORKSTYLE_MAX_NAME));
	for (i = 0; i < len; i++)
	{
		char		c = name[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c == ':')
			ReportBadInputHint(src, BAD_SYNTAX,
							   psprintf("Dimension \"%.*s\" contains \":\".", len, name),
							   "A workstyle is written name=value, such as social=0.2.");
		if (!((c >= 'a' && c <= 'z') || c == '_' ||
			  (i > 0 && c >= '0' && c <= '9')))
			ReportBadInput(src, BAD_SYNTAX,
						   psprintf("Dimension \"%.*s\" is not a name: it must "
									"match [a-z_][a-z0-9_]*.", len, name));
		out[i] = c;
	}
	out[len] = '\0';
}

/* The cap on the number of dimensions, as they arrive (CheckItemCount). */
static inline void
CheckStyleCount(int64 n, const InputSource *src)
{
	CheckItemCount(n, WORKSTYLE_MAX_DIMS, "dimensions", src);
}

static inline void
CheckStyleValue(double value, const char *name, const InputSource *src)
{
	if (isnan(value) || isinf(value))
		ReportBadInput(src, BAD_NONFINITE,
					   psprintf("Dimension \"%s\" must be a number from 0 to 1, "
								"not %s.", name, isnan(value) ? "NaN" : "infinity"));
	if (value < 0.0 || value > 1.0)
		ReportBadInput(src, BAD_RANGE,
					   psprintf("Dimension \"%s\" must be a number from 0 to 1.",
								name));
}

static void
AddStyleItem(StyleItem **items, int *n, int *cap, const char *name, int len,
			 double value, const InputSource *src)
{
	StyleItem  *item;

	if (*n >= *cap)
	{
		*cap = Max(8, *cap * 2);
		*items = *items ? repalloc(*items, sizeof(StyleItem) * *cap)
			: palloc(sizeof(StyleItem) * *cap);
	}
	item = &(*items)[*n];
	item->name = palloc(len + 1);
	CheckStyleName(name, len, item->name, src);
	item->namelen = len;
	CheckStyleValue(value, item->name, src);
	item->value = value + 0.0;	/* -0 becomes 0: one byte pattern per value */
	(*n)++;
}

static int
CompareStyleItems(const void *a, const void *b)
{
	return strcmp(((const StyleItem *) a)->name, ((const StyleItem *) b)->name);
}

static WorkStyle *
BuildWorkStyle(StyleItem *items, int n, const InputSource *src)
{
	WorkStyle  *result;
	Size		namebytes = 0;
	Size		size;
	char	   *names;
	int			i;

	CheckStyleCount(n, src);
	if (n > 1)
		qsort(items, n, sizeof(StyleItem), CompareStyleItems);
	for (i = 0; i < n; i++)
	{
		if (i > 0 && strcmp(items[i - 1].name, items[i].name) == 0)
			ReportBadInput(src, BAD_DUPLICATE,
						   psprintf("Dimension \"%s\" appears more than once.",
									items[i].name));
		namebytes += items[i].namelen + 1;
	}
	size = add_size(offsetof(WorkStyle, entries),
					add_size(mul_size(sizeof(StyleEntry), n), namebytes));
	result = palloc0(size);
	SET_VARSIZE(result, size);
	result->count = n;
	names = WORKSTYLE_NAMES(result);
	namebytes = 0;
	for (i = 0; i < n; i++)
	{
		StyleEntry *e = &result->entries[i];

		e->value = items[i].value;
		e->offset = namebytes;
		e->namelen = items[i].namelen;
		memcpy(names + namebytes, items[i].name, items[i].namelen + 1);
		namebytes += items[i].namelen + 1;
	}
	return result;
}

/*
 * A decimal number (sign, digits, point, exponent), or NaN/Infinity, which
 * CheckStyleValue then refuses with a clear detail.  strtod alone would
 * also take hexadecimal.
 */
static double
ParseStyleNumber(const char *s, const char *name, const InputSource *src)
{
	const char *p = s;
	bool		digits = false;
	char	   *end;
	double		value;

	if (pg_strcasecmp(s, "nan") == 0)
		return get_float8_nan();
	if (*p == '+' || *p == '-')
		p++;
	if (pg_strcasecmp(p, "inf") == 0 || pg_strcasecmp(p, "infinity") == 0)
		return *s == '-' ? -get_float8_infinity() : get_float8_infinity();
	while (isdigit((unsigned char) *p))
		p++, digits = true;
	if (*p == '.')
		p++;
	while (isdigit((unsigned char) *p))
		p++, digits = true;
	if (digits && (*p == 'e' || *p == 'E'))
	{
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char) *p))
			digits = false;
		while (isdigit((unsigned char) *p))
			p++;
	}
	if (!digits || *p != '\0')
		ReportBadInput(src, BAD_SYNTAX,
					   psprintf("Dimension \"%s\" must be a number from 0 to 1.",
								name));
	/* underflow gives a tiny value or zero, overflow infinity: both fine */
	value = strtod(s, &end);
	return value;
}

/* workstyle_in: 'social=0.2, scope=0.8' */
PG_FUNCTION_INFO_V1(workstyle_in);
Datum
workstyle_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	InputSource src = {ORIGIN_TEXT, "workstyle", str};
	StyleItem  *items = NULL;
	int			n = 0;
	int			cap = 0;
	const char *p = SkipBlanks(str);

	while (*p != '\0')
	{
		const char *name = p;
		int			namelen;
		const char *num;
		char	   *numstr;
		char	   *folded;
		double		value;

		/*
		 * A name one byte over the cap is enough for CheckStyleName's 54000:
		 * a longer one is not read to its end, nor copied.
		 */
		while (*p != '\0' && *p != '=' && *p != ',' && !IsBlank(*p) &&
			   p - name <= WORKSTYLE_MAX_NAME)
			p++;
		namelen = p - name;
		if (namelen == 0)
			ReportBadInput(&src, BAD_SYNTAX,
						   n == 0 ? "Expected a dimension name."
						   : "Expected a dimension name after \",\".");
		folded = palloc(namelen + 1);
		CheckStyleName(name, namelen, folded, &src);

		p = SkipBlanks(p);
		if (p > name + namelen && IsNameChar(*p))
			ReportSpaceInName(&src, name, "Dimension", "dimension names have none",
							  "=0.5", NULL);
		if (*p != '=')
			ReportBadInput(&src, BAD_SYNTAX,
						   psprintf("Dimension \"%s\" has no value; write \"%s=value\".",
									folded, folded));
		p = SkipBlanks(p + 1);
		num = p;
		while (*p != '\0' && *p != ',' && !IsBlank(*p))
			p++;
		numstr = pnstrdup(num, p - num);
		if (strchr(numstr, ';'))
			ReportBadInputHint(&src, BAD_SYNTAX,
							   "Dimensions are separated by \",\", not \";\".",
							   "Write dimensions as social=0.2, scope=0.8.");
		/* "0,5": a decimal comma, not a second dimension named 5 */
		if (*p == ',' && isdigit((unsigned char) p[1]))
		{
			const char *q = p + 1;

			while (isdigit((unsigned char) *q))
				q++;
			if (*q == '\0' || *q == ',' || IsBlank(*q))
				ReportBadInputHint(&src, BAD_SYNTAX,
								   psprintf("The value of \"%s\" is written \"%.*s\", with a decimal comma.",
											folded, (int) (q - num), num),
								   psprintf("Write numbers with a decimal point: %s=%.*s.%.*s.",
											folded, (int) (p - num), num,
											(int) (q - p - 1), p + 1));
		}
		value = ParseStyleNumber(numstr, folded, &src);
		AddStyleItem(&items, &n, &cap, name, namelen, value, &src);
		CheckStyleCount(n, &src);

		p = SkipBlanks(p);
		if (*p == ',')
		{
			p = SkipBlanks(p + 1);
			if (*p == '\0')
				ReportBadInput(&src, BAD_SYNTAX,
							   "Expected a dimension name after \",\".");
		}
		else if (*p != '\0')
			ReportBadInput(&src, BAD_SYNTAX,
						   psprintf("Unexpected \"%s\" after dimension \"%s\"; "
									"separate dimensions with \",\".",
									p, folded));
	}
	PG_RETURN_WORKSTYLE_P(BuildWorkStyle(items, n, &src));
}

PG_FUNCTION_INFO_V1(workstyle_out);
Datum
workstyle_out(PG_FUNCTION_ARGS)
{
	WorkStyle  *w = PG_GETARG_WORKSTYLE_P(0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 0; i < w->count; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfo(&buf, "%s=", StyleName(w, i));
		AppendFloat8(&buf, w->entries[i].value);
	}
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: int32 count, then per dimension int32 name length, the name
 * bytes and a float8.  recv applies every rule of text input.
 */
PG_FUNCTION_INFO_V1(workstyle_recv);
Datum
workstyle_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	InputSource src = {ORIGIN_BINARY, "workstyle", NULL};
	StyleItem  *items = NULL;
	int			n = 0;
	int			cap = 0;
	int32		count = RecvInt32(buf, &src);
	int			i;

	if (count < 0)
		ReportBadInput(&src, BAD_SYNTAX, "The dimension count is negative.");
	CheckStyleCount(count, &src);
	for (i = 0; i < count; i++)
	{
		int32		len = RecvInt32(buf, &src);
		const char *name;

		if (len < 0 || len > WORKSTYLE_MAX_NAME)
			ReportBadInput(&src, len < 0 ? BAD_SYNTAX : BAD_SIZE,
						   psprintf("A dimension name has from 1 to %d bytes.",
									WORKSTYLE_MAX_NAME));
		name = RecvBytes(buf, len, &src);
		AddStyleItem(&items, &n, &cap, name, len, RecvFloat8(buf, &src), &src);
	}
	PG_RETURN_WORKSTYLE_P(BuildWorkStyle(items, n, &src));
}

PG_FUNCTION_INFO_V1(workstyle_send);
Datum
workstyle_send(PG_FUNCTION_ARGS)
{
	WorkStyle  *w = PG_GETARG_WORKSTYLE_P(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, w->count);
	for (i = 0; i < w->count; i++)
	{
		pq_sendint32(&buf, w->entries[i].namelen);
		pq_sendbytes(&buf, StyleName(w, i), w->entries[i].namelen);
		pq_sendfloat8(&buf, w->entries[i].value);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static WorkStyle *
WorkStyleFromNamed(const NamedNumber *named, int count, const InputSource *src)
{
	StyleItem  *items = NULL;
	int			n = 0;
	int			cap = 0;
	int			i;

	for (i = 0; i < count; i++)
	{
		AddStyleItem(&items, &n, &cap, named[i].name, named[i].len,
					 named[i].value, src);
		CheckStyleCount(n, src);
	}
	return BuildWorkStyle(items, n, src);
}

/* workstyle(text[], float8[]): dimensions and values, position by position */
PG_FUNCTION_INFO_V1(workstyle_from_arrays);
Datum
workstyle_from_arrays(PG_FUNCTION_ARGS)
{
	InputSource src = {ORIGIN_VALUE, "workstyle", NULL};
	NamedNumber *named;
	int			n;

	named = NamedNumbersFromArrays(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1),
								   "dimension", "value", WORKSTYLE_MAX_DIMS + 1,
								   &src, &n);
	PG_RETURN_WORKSTYLE_P(WorkStyleFromNamed(named, n, &src));
}

/* jsonb -> workstyle: {"social": 0.2, ...} */
PG_FUNCTION_INFO_V1(workstyle_from_jsonb);
Datum
workstyle_from_jsonb(PG_FUNCTION_ARGS)
{
	InputSource src = {ORIGIN_VALUE, "workstyle", NULL};
	NamedNumber *named;
	int			n;

	named = NamedNumbersFromJsonb(PG_GETARG_JSONB_P(0), "dimension: value",
								  WORKSTYLE_MAX_DIMS + 1, &src, &n);
	PG_RETURN_WORKSTYLE_P(WorkStyleFromNamed(named, n, &src));
}

/* workstyle -> jsonb: {"social": 0.2, ...} */
PG_FUNCTION_INFO_V1(workstyle_to_jsonb);
Datum
workstyle_to_jsonb(PG_FUNCTION_ARGS)
{
	WorkStyle  *w = PG_GETARG_WORKSTYLE_P(0);
	NamedNumber *named = palloc(sizeof(NamedNumber) * Max(w->count, 1));
	int			i;

	for (i = 0; i < w->count; i++)
	{
		named[i].name = StyleName(w, i);
		named[i].len = w->entries[i].namelen;
		named[i].value = w->entries[i].value;
	}
	PG_RETURN_JSONB_P(NamedNumbersToJsonb(named, w->count));
}

static int
CompareWorkStyles(WorkStyle *a, WorkStyle *b)
{
	int			n = Min(a->count, b->count);
	int			i;

	for (i = 0; i < n; i++)
	{
		int			c = strcmp(StyleName(a, i), StyleName(b, i));

		if (c != 0)
			return c < 0 ? -1 : 1;
		if (a->entries[i].value != b->entries[i].value)
			return a->entries[i].value < b->entries[i].value ? -1 : 1;
	}
	if (a->count != b->count)
		return a->count < b->count ? -1 : 1;
	return 0;
}

BTREE_FUNCTIONS(workstyle, WorkStyle, PG_GETARG_WORKSTYLE_P, CompareWorkStyles)

/* Canonical layout (names sorted, -0 stored as 0): equal values, equal bytes. */
HASH_FUNCTIONS(workstyle)

/* Interns the dimension names of w, keeping w's (name) order. */
void
CompileStyle(LabelDict *dict, WorkStyle *w, CompiledStyle *out)
{
	int			i;

	out->count = w->count;
	out->dims = palloc(sizeof(int32) * Max(w->count, 1));
	out->values = palloc(sizeof(double) * Max(w->count, 1));
	for (i = 0; i < w->count; i++)
	{
		out->dims[i] = InternLabel(dict, StyleName(w, i), w->entries[i].namelen);
		out->values[i] = w->entries[i].value;
	}
}

/*
 * style_fit = 1 - mean |a.d - b.d| over the dimensions d both sides have.
 * Returns false (unknown) when they share none.  The sum runs in name
 * order, which both sides share, so the result is bit-for-bit symmetric and
 * independent of how the names were interned.
 */
bool
StyleFit(const CompiledStyle *a, const CompiledStyle *b, double *fit)
{
	double		distance = 0.0;
	int			shared = 0;
	int			i,
				j;

	for (i = 0; i < a->count; i++)
		for (j = 0; j < b->count; j++)
			if (a->dims[i] == b->dims[j])
			{
				distance += fabs(a->values[i] - b->values[j]);
				shared++;
				break;
			}
	if (shared == 0)
		return false;
	*fit = 1.0 - distance / shared;
	return true;
}

/* style_fit(a, b): see StyleFit; NULL when no dimension is shared */
PG_FUNCTION_INFO_V1(workstyle_style_fit);
Datum
workstyle_style_fit(PG_FUNCTION_ARGS)
{
	LabelDict  *dict = CreateLabelDict(16, NULL, NULL);
	CompiledStyle a,
				b;
	double		fit;

	CompileStyle(dict, PG_GETARG_WORKSTYLE_P(0), &a);
	CompileStyle(dict, PG_GETARG_WORKSTYLE_P(1), &b);
	if (!StyleFit(&a, &b, &fit))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(fit);
}
