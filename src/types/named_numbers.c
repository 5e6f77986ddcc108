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
					   const InputSource *src, int *n)
{
	Oid			valuetype = ARR_ELEMTYPE(values);
	Datum	   *nd,
			   *vd;
	bool	   *nn,
			   *vn;
	int			nnames,
				nvalues,
				i;
	NamedNumber *items;

	if (ARR_NDIM(names) > 1 || ARR_NDIM(values) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s arrays must be one-dimensional", src->typname)));
	deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &nd, &nn, &nnames);
	if (valuetype == INT4OID)
		deconstruct_array(values, INT4OID, 4, true, TYPALIGN_INT, &vd, &vn, &nvalues);
	else
		deconstruct_array(values, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &vd, &vn, &nvalues);
	if (nnames != nvalues)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s arrays must have the same length", src->typname),
				 errdetail("There are %d %ss and %d %ss.", nnames, name_noun,
						   nvalues, value_noun)));
	items = palloc(sizeof(NamedNumber) * Max(nnames, 1));
	for (i = 0; i < nnames; i++)
	{
		text	   *name;

		if (nn[i] || vn[i])
			ReportBadInput(src, BAD_NULL,
						   psprintf("Element %d of the %s array is NULL.", i + 1,
									nn[i] ? name_noun : value_noun));
		name = DatumGetTextPP(nd[i]);
		items[i].name = VARDATA_ANY(name);
		items[i].len = VARSIZE_ANY_EXHDR(name);
		items[i].value = valuetype == INT4OID ? DatumGetInt32(vd[i])
			: DatumGetFloat8(vd[i]);
		items[i].whole = items[i].value == floor(items[i].value);
	}
	*n = nnames;
	return items;
}

NamedNumber *
NamedNumbersFromJsonb(Jsonb *jb, const char *shape, const InputSource *src,
					  int *n)
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
	items = palloc(sizeof(NamedNumber) * Max(JB_ROOT_COUNT(jb), 1));
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
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
