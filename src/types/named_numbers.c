/*
 * named_numbers.c
 *		Names with numbers, from arrays and jsonb and back (see
 *		named_numbers.h).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "base/jsonb_writer.h"
#include "base/pg_compat.h"
#include "types/named_numbers.h"

NamedNumber *
NamedNumbersFromArrays(ArrayType *names, ArrayType *values,
					   const char *name_noun, const char *value_noun,
					   int limit, const InputSource *src, int *n)
{
	Oid			valuetype = ARR_ELEMTYPE(values);
	ArrayIterator name_it,
				value_it;
	int			nnames,
				nvalues,
				count,
				i;
	NamedNumber *items;

	if (ARR_NDIM(names) > 1 || ARR_NDIM(values) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s arrays must be one-dimensional", src->typname)));
	Assert(ARR_ELEMTYPE(names) == TEXTOID);
	Assert(valuetype == INT4OID || valuetype == FLOAT8OID);
	nnames = ArrayGetNItems(ARR_NDIM(names), ARR_DIMS(names));
	nvalues = ArrayGetNItems(ARR_NDIM(values), ARR_DIMS(values));
	if (nnames != nvalues)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s arrays must have the same length", src->typname),
				 errdetail("There are %d %ss and %d %ss.", nnames, name_noun,
						   nvalues, value_noun)));
	count = Min(nnames, limit);
	items = palloc(sizeof(NamedNumber) * Max(count, 1));
	name_it = array_create_iterator(names, 0, NULL);
	value_it = array_create_iterator(values, 0, NULL);
	for (i = 0; i < count; i++)
	{
		Datum		nd,
					vd;
		bool		nn,
					vn;
		text	   *name;

		if (!array_iterate(name_it, &nd, &nn) ||
			!array_iterate(value_it, &vd, &vn))
			elog(ERROR, "%s arrays end before element %d", src->typname, i + 1);
		if (nn || vn)
			ReportBadInput(src, BAD_NULL,
						   psprintf("Element %d of the %s array is NULL.", i + 1,
									nn ? name_noun : value_noun));
		name = DatumGetTextPP(nd);
		items[i].name = VARDATA_ANY(name);
		items[i].len = VARSIZE_ANY_EXHDR(name);
		items[i].value = valuetype == INT4OID ? DatumGetInt32(vd)
			: DatumGetFloat8(vd);
		items[i].whole = items[i].value == floor(items[i].value);
	}
	array_free_iterator(name_it);
	array_free_iterator(value_it);
	*n = count;
	return items;
}

NamedNumber *
NamedNumbersFromJsonb(Jsonb *jb, const char *shape, int limit,
					  const InputSource *src, int *n)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	NamedNumber *items;
	int			count = 0;

	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s value", src->typname),
				 errdetail("A %s is read from a jsonb object of %s.", src->typname,
						   shape)));
	items = palloc(sizeof(NamedNumber) * Max(Min((int) JB_ROOT_COUNT(jb), limit), 1));
	it = JsonbIteratorInit(&jb->root);
	while (count < limit && (tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			items[count].name = pnstrdup(v.val.string.val, v.val.string.len);
			items[count].len = v.val.string.len;
		}
		else if (tok == WJB_VALUE)
		{
			if (v.type != jbvNumeric)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid %s value", src->typname),
						 errdetail("The value of \"%s\" must be a number.",
								   items[count].name)));
			{
				bool		too_large;

				/* a number too large for float8 stays out of every range */
				items[count].value = NumericGetDouble(NumericGetDatum(v.val.numeric),
													  &too_large, &items[count].whole);
				count++;
			}
		}
	}
	*n = count;
	return items;
}

Jsonb *
NamedNumbersToJsonb(const NamedNumber *items, int n)
{
	JsonbParseState *state = NULL;
	JsonbValue *result;
	int			i;

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < n; i++)
	{
		JsonbPushNumber(&state, pnstrdup(items[i].name, items[i].len),
						items[i].value);
	}
	result = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	return JsonbValueToJsonb(result);
}
