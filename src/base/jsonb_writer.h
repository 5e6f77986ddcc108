/*
 * jsonb_writer.h
 *		Appending keys and values to a jsonb being built with
 *		pushJsonbValue: the writers behind explain() and the jsonb casts.
 *
 * key NULL appends an array element instead of an object member.  Numbers
 * go out in their shortest round-trip digits (Float8GetNumeric).
 */
#ifndef MENTORMATCH_JSONB_WRITER_H
#define MENTORMATCH_JSONB_WRITER_H

#include "utils/jsonb.h"

extern void JsonbPushKey(JsonbParseState **state, const char *key);
extern void JsonbPushNumber(JsonbParseState **state, const char *key,
							double v);
extern void JsonbPushNull(JsonbParseState **state, const char *key);
extern void JsonbPushBool(JsonbParseState **state, const char *key, bool b);
extern void JsonbPushString(JsonbParseState **state, const char *key,
							const char *s);

/* An array of the names whose bits are set in mask, in bit order. */
extern void JsonbPushNames(JsonbParseState **state, const char *key,
						   const char *const *names, int n, int mask);

#endif							/* MENTORMATCH_JSONB_WRITER_H */
