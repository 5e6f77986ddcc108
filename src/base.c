/*
 * base.c
 *		The helpers of base.h.
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "base.h"

Oid
EnumLabelOid(Oid enumtype, const char *label)
{
	return DatumGetObjectId(DirectFunctionCall2(enum_in, CStringGetDatum(label),
												ObjectIdGetDatum(enumtype)));
}

void
ReportBadInput(const InputSource *src, BadInputKind kind, const char *detail)
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
				 errdetail_internal("%s", detail)));
	else if (src->origin == ORIGIN_TEXT)
		ereport(ERROR,
				(errcode(code),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						src->typname, src->text),
				 errdetail_internal("%s", detail)));
	else if (src->origin == ORIGIN_BINARY)
		ereport(ERROR,
				(errcode(code),
				 errmsg("invalid external binary data for type %s",
						src->typname),
				 errdetail_internal("%s", detail)));
	else
		ereport(ERROR,
				(errcode(code),
				 errmsg("invalid %s value", src->typname),
				 errdetail_internal("%s", detail)));
	pg_unreachable();
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

Datum
NamesToTextArray(const char *const *names, int n, int mask)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
	int			count = 0;
	int			i;

	for (i = 0; i < n; i++)
		if (mask & (1 << i))
			elems[count++] = CStringGetTextDatum(names[i]);
	return PointerGetDatum(construct_array(elems, count, TEXTOID, -1, false,
										   TYPALIGN_INT));
}
