/*
 * jsonb_writer.c
 *		The jsonb writers of jsonb_writer.h.
 */
#include "postgres.h"

#include <math.h>

#include "utils/numeric.h"

#include "base/jsonb_writer.h"
#include "base/sql_values.h"

void
JsonbPushKey(JsonbParseState **state, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	pushJsonbValue(state, WJB_KEY, &k);
}

/* Pushes v under key, or as an array element when key is NULL. */
static void
PushValue(JsonbParseState **state, const char *key, JsonbValue *v)
{
	if (key)
		JsonbPushKey(state, key);
	pushJsonbValue(state, key ? WJB_VALUE : WJB_ELEM, v);
}

void
JsonbPushNumber(JsonbParseState **state, const char *key, double v)
{
	JsonbValue	j;

	j.type = jbvNumeric;
	j.val.numeric = DatumGetNumeric(Float8GetNumeric(v));
	PushValue(state, key, &j);
}

void
JsonbPushNull(JsonbParseState **state, const char *key)
{
	JsonbValue	j;

	j.type = jbvNull;
	PushValue(state, key, &j);
}

void
JsonbPushBool(JsonbParseState **state, const char *key, bool b)
{
	JsonbValue	j;

	j.type = jbvBool;
	j.val.boolean = b;
	PushValue(state, key, &j);
}

void
JsonbPushString(JsonbParseState **state, const char *key, const char *s)
{
	JsonbValue	j;

	j.type = jbvString;
	j.val.string.val = (char *) s;
	j.val.string.len = strlen(s);
	PushValue(state, key, &j);
}

void
JsonbPushNames(JsonbParseState **state, const char *key,
			   const char *const *names, int n, int mask)
{
	int			i;

	if (key)
		JsonbPushKey(state, key);
	pushJsonbValue(state, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < n; i++)
		if (mask & (1 << i))
			JsonbPushString(state, NULL, names[i]);
	pushJsonbValue(state, WJB_END_ARRAY, NULL);
}
