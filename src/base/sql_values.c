/*
 * sql_values.c
 *		The helpers of sql_values.h.
 */
#include "postgres.h"

#include <limits.h>
#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/syscache.h"

#include "base/sql_values.h"

Oid
EnumLabelOid(Oid enumtype, const char *label)
{
	return DatumGetObjectId(DirectFunctionCall2(enum_in, CStringGetDatum(label),
												ObjectIdGetDatum(enumtype)));
}

void
ReportBadInput(const InputSource *src, BadInputKind kind, const char *detail)
{
	ReportBadInputHint(src, kind, detail, NULL);
}

void
ReportBadInputHint(const InputSource *src, BadInputKind kind,
				   const char *detail, const char *hint)
{
	int			code;

	if (kind == BAD_SIZE)
		code = ERRCODE_PROGRAM_LIMIT_EXCEEDED;
	else if (src->origin == ORIGIN_TEXT)
		code = ERRCODE_INVALID_TEXT_REPRESENTATION;
	else if (src->origin == ORIGIN_BINARY)
		code = ERRCODE_INVALID_BINARY_REPRESENTATION;
	else
	{
		switch (kind)
		{
			case BAD_RANGE:
				code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
				break;
			case BAD_DUPLICATE:
				code = ERRCODE_INVALID_PARAMETER_VALUE;
				break;
			case BAD_NULL:
				code = ERRCODE_NULL_VALUE_NOT_ALLOWED;
				break;
			case BAD_NONFINITE:
				code = ERRCODE_DATA_EXCEPTION;
				break;
			default:
				code = ERRCODE_INVALID_TEXT_REPRESENTATION;
				break;
		}
	}

	if (kind == BAD_SIZE)
		ereport(ERROR,
				(errcode(code),
				 errmsg("%s value is too large", src->typname),
				 errdetail_internal("%s", detail),
				 hint ? errhint("%s", hint) : 0));
	else if (src->origin == ORIGIN_TEXT)
		ereport(ERROR,
				(errcode(code),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						src->typname, src->text),
				 errdetail_internal("%s", detail),
				 hint ? errhint("%s", hint) : 0));
	else if (src->origin == ORIGIN_BINARY)
		ereport(ERROR,
				(errcode(code),
				 errmsg("invalid external binary data for type %s",
						src->typname),
				 errdetail_internal("%s", detail),
				 hint ? errhint("%s", hint) : 0));
	else
		ereport(ERROR,
				(errcode(code),
				 errmsg("invalid %s value", src->typname),
				 errdetail_internal("%s", detail),
				 hint ? errhint("%s", hint) : 0));
	pg_unreachable();
}

void
CheckItemCount(int64 n, int max, const char *noun, const InputSource *src)
{
	if (n > max)
		ReportBadInput(src, BAD_SIZE,
					   psprintf("A %s holds at most %d %s.", src->typname, max,
								noun));
}

/* That buf holds n more bytes, or the 22P03 error. */
static void
RecvCheck(StringInfo buf, int n, const InputSource *src)
{
	if (n < 0 || buf->len - buf->cursor < n)
		ReportBadInput(src, BAD_SYNTAX,
					   psprintf("The value ends after %d bytes, in the middle of a field.",
								buf->cursor));
}

int32
RecvInt32(StringInfo buf, const InputSource *src)
{
	RecvCheck(buf, 4, src);
	return pq_getmsgint(buf, 4);
}

double
RecvFloat8(StringInfo buf, const InputSource *src)
{
	RecvCheck(buf, 8, src);
	return pq_getmsgfloat8(buf);
}

const char *
RecvBytes(StringInfo buf, int len, const InputSource *src)
{
	RecvCheck(buf, len, src);
	return pq_getmsgbytes(buf, len);
}

/* The words of a name from name up to ":", "=", "," or the end, joined. */
static char *
JoinWords(const char *name, char join)
{
	StringInfoData buf;
	const char *p = name;

	initStringInfo(&buf);
	while (*p != '\0' && *p != ':' && *p != '=' && *p != ',')
	{
		if (IsBlank(*p))
		{
			p = SkipBlanks(p);
			if (*p != '\0' && *p != ':' && *p != '=' && *p != ',')
				appendStringInfoChar(&buf, join);
			continue;
		}
		appendStringInfoChar(&buf, pg_ascii_tolower((unsigned char) *p));
		p++;
	}
	return buf.data;
}

void
ReportSpaceInName(const InputSource *src, const char *name, const char *noun,
				  const char *rule, const char *example, const char *join_alt)
{
	const char *end = name;
	char	   *detail;

	/* the words as written: up to the separator, blanks at the end off */
	while (*end != '\0' && *end != ':' && *end != '=' && *end != ',')
		end++;
	while (end > name && IsBlank(end[-1]))
		end--;
	detail = psprintf("%s \"%.*s\" contains a space; %s.", noun,
					  (int) (end - name), name, rule);
	if (join_alt)
		ReportBadInputHint(src, BAD_SYNTAX, detail,
						   psprintf("Join the words with \"_\" or \"-\" (%s%s), or "
									"write a sub-skill with \"%s\" (%s%s).",
									JoinWords(name, '_'), example, join_alt,
									JoinWords(name, join_alt[0]), example));
	ReportBadInputHint(src, BAD_SYNTAX, detail,
					   psprintf("Join the words with \"_\" (%s%s).",
								JoinWords(name, '_'), example));
}

void
AppendFloat8(StringInfo buf, double v)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v, tmp);
	appendStringInfoString(buf, tmp);
}

Datum
Float8GetNumeric(double v)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	Assert(isfinite(v));
	double_to_shortest_decimal_buf(v, tmp);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(tmp),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

double
NumericGetDouble(Datum num, bool *too_large, bool *whole)
{
	Numeric		n = DatumGetNumeric(num);
	double		d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, num));

	*too_large = false;
	if (whole)
		*whole = false;
	if (numeric_is_nan(n) || numeric_is_inf(n))
		return d;
	if (isinf(d))
	{
		*too_large = true;
		d = d > 0 ? DBL_MAX : -DBL_MAX;
	}
	if (whole)
		*whole = DatumGetInt32(DirectFunctionCall2(numeric_cmp, num,
												   DirectFunctionCall2(numeric_trunc, num,
																	   Int32GetDatum(0)))) == 0;
	return d;
}

Datum
NamesToTextArray(const char *const *names, int n, uint64 mask)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
	int			count = 0;
	int			i;

	for (i = 0; i < n; i++)
		if (mask & (UINT64CONST(1) << i))
			elems[count++] = CStringGetTextDatum(names[i]);
	return PointerGetDatum(construct_array(elems, count, TEXTOID, -1, false,
										   TYPALIGN_INT));
}

Oid
ExtensionTypeOid(FunctionCallInfo fcinfo, const char *name)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	Oid			typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										CStringGetDatum(name),
										ObjectIdGetDatum(nsp));

	if (!OidIsValid(typid))
		elog(ERROR, "type %s not found", name);
	return typid;
}
