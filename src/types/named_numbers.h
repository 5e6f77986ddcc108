/*
 * named_numbers.h
 *		Values made of names with numbers (skill: level, dimension: value),
 *		read from and written to parallel arrays and jsonb objects.
 *
 * skillset and workstyle share these paths; each type then applies its own
 * rules to every name and number (CheckSkillName, CheckStyleValue, ...).
 */
#ifndef MENTORMATCH_NAMED_NUMBERS_H
#define MENTORMATCH_NAMED_NUMBERS_H

#include "utils/array.h"
#include "utils/jsonb.h"

#include "base/sql_values.h"

typedef struct NamedNumber
{
	const char *name;			/* not NUL-terminated */
	int			len;
	double		value;
	bool		whole;			/* the value given is exactly a whole number */
} NamedNumber;

/*
 * Parallel arrays (names text[], values of valuetype: int4 or float8) as
 * NamedNumbers; *n receives the count.  Arrays of more than one dimension
 * or different lengths are 2202E, NULL elements 22004 (via src).
 *
 * Both readers stop after limit pairs: a type passes its size cap plus one,
 * so that its count check refuses the first pair too many without the rest
 * of a huge array or object being read.
 */
extern NamedNumber *NamedNumbersFromArrays(ArrayType *names, ArrayType *values,
										   const char *name_noun,
										   const char *value_noun, int limit,
										   const InputSource *src, int *n);

/* A jsonb object of names to numbers; any other shape is 22023. */
extern NamedNumber *NamedNumbersFromJsonb(Jsonb *jb, const char *shape,
										  int limit, const InputSource *src,
										  int *n);

/* A jsonb object of names to numbers (shortest round-trip digits). */
extern Jsonb *NamedNumbersToJsonb(const NamedNumber *items, int n);

#endif							/* MENTORMATCH_NAMED_NUMBERS_H */
