/*
 * sql_values.h
 *		The bottom layer of the modules that include postgres.h: how bad
 *		input is reported, float output, opclass boilerplate, and small SQL
 *		value helpers.  It depends on nothing else of mentormatch's.
 */
#ifndef MENTORMATCH_SQL_VALUES_H
#define MENTORMATCH_SQL_VALUES_H

#include "fmgr.h"
#include "lib/stringinfo.h"

#include "base/pg_compat.h"

/*
 * Where a value being built came from.  The same checkers serve every
 * path; what differs is how a broken rule is reported:
 *	 text literal	22P02, "invalid input syntax for type T: "...""
 *	 binary (recv)	22P03, "invalid external binary data for type T"
 *	 SQL value		by meaning: bad name 22P02, out of range 22003,
 *					duplicate 22023, NULL 22004, NaN/infinity 22000
 * Size caps are 54000 on every path.
 */
typedef enum InputOrigin
{
	ORIGIN_TEXT,
	ORIGIN_BINARY,
	ORIGIN_VALUE
} InputOrigin;

typedef struct InputSource
{
	InputOrigin origin;
	const char *typname;		/* "skillset", "workstyle" */
	const char *text;			/* the literal, for ORIGIN_TEXT */
} InputSource;

/* Kinds of broken rule, mapped to SQLSTATEs by ReportBadInput. */
typedef enum BadInputKind
{
	BAD_SYNTAX,					/* malformed name or token */
	BAD_RANGE,					/* number outside its range */
	BAD_DUPLICATE,				/* key given twice */
	BAD_NULL,					/* NULL where a value is needed */
	BAD_NONFINITE,				/* NaN or infinity */
	BAD_SIZE					/* a size cap */
} BadInputKind;

pg_noreturn extern void ReportBadInput(const InputSource *src,
									   BadInputKind kind, const char *detail);

/* The same, with a hint of the right form (hint may be NULL). */
pg_noreturn extern void ReportBadInputHint(const InputSource *src,
										   BadInputKind kind,
										   const char *detail,
										   const char *hint);

/*
 * The size cap on the items of a value: 54000 "A <typname> holds at most
 * <max> <noun>." once n, the count so far, is over max.  Every path that
 * builds a value checks it as the items arrive, so one far over the cap
 * fails at its first item too many, before the rest is read, copied or
 * sorted.
 */
extern void CheckItemCount(int64 n, int max, const char *noun,
						   const InputSource *src);

/* Blank characters between tokens of a literal. */
static inline bool
IsBlank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		c == '\v';
}

static inline const char *
SkipBlanks(const char *p)
{
	while (IsBlank(*p))
		p++;
	return p;
}

/*
 * Reading a binary value (recv): the next int32, float8 or len bytes of
 * buf, or a 22P03 error (via src) when the value ends before them, as the
 * other binary rules report.
 */
extern int32 RecvInt32(StringInfo buf, const InputSource *src);
extern double RecvFloat8(StringInfo buf, const InputSource *src);
extern const char *RecvBytes(StringInfo buf, int len, const InputSource *src);

/* A character of a skill or dimension name (before checking its rules). */
static inline bool
IsNameChar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/*
 * The error for a name with a space in it ("Machine Learning" at name):
 * what a name is (noun, rule), and a hint that joins the words with "_" and
 * appends example (":4"), and also with join_alt (".", may be NULL).
 */
pg_noreturn extern void ReportSpaceInName(const InputSource *src,
										  const char *name, const char *noun,
										  const char *rule,
										  const char *example,
										  const char *join_alt);

/* Appends the shortest text that reads back as exactly v (no GUCs). */
extern void AppendFloat8(StringInfo buf, double v);

/* The same number as a jsonb-ready numeric Datum. */
extern Datum Float8GetNumeric(double v);

/*
 * The SQL functions of a btree opclass (prefix_cmp, _lt, _le, _eq, _ne,
 * _ge, _gt) from a three-way comparison of two detoasted values.  Copies
 * made by detoasting are freed at once: sorts and index scans call these
 * millions of times in one memory context.
 */
#define BTREE_FUNCTIONS(prefix, type, getarg, compare) \
	static int \
	prefix##_compare_args(FunctionCallInfo fcinfo) \
	{ \
		type	   *a = getarg(0); \
		type	   *b = getarg(1); \
		int			c = compare(a, b); \
		PG_FREE_IF_COPY(a, 0); \
		PG_FREE_IF_COPY(b, 1); \
		return c; \
	} \
	PG_FUNCTION_INFO_V1(prefix##_cmp); \
	Datum prefix##_cmp(PG_FUNCTION_ARGS) \
	{ PG_RETURN_INT32(prefix##_compare_args(fcinfo)); } \
	PG_FUNCTION_INFO_V1(prefix##_lt); \
	Datum prefix##_lt(PG_FUNCTION_ARGS) \
	{ PG_RETURN_BOOL(prefix##_compare_args(fcinfo) < 0); } \
	PG_FUNCTION_INFO_V1(prefix##_le); \
	Datum prefix##_le(PG_FUNCTION_ARGS) \
	{ PG_RETURN_BOOL(prefix##_compare_args(fcinfo) <= 0); } \
	PG_FUNCTION_INFO_V1(prefix##_eq); \
	Datum prefix##_eq(PG_FUNCTION_ARGS) \
	{ PG_RETURN_BOOL(prefix##_compare_args(fcinfo) == 0); } \
	PG_FUNCTION_INFO_V1(prefix##_ne); \
	Datum prefix##_ne(PG_FUNCTION_ARGS) \
	{ PG_RETURN_BOOL(prefix##_compare_args(fcinfo) != 0); } \
	PG_FUNCTION_INFO_V1(prefix##_ge); \
	Datum prefix##_ge(PG_FUNCTION_ARGS) \
	{ PG_RETURN_BOOL(prefix##_compare_args(fcinfo) >= 0); } \
	PG_FUNCTION_INFO_V1(prefix##_gt); \
	Datum prefix##_gt(PG_FUNCTION_ARGS) \
	{ PG_RETURN_BOOL(prefix##_compare_args(fcinfo) > 0); }

/*
 * The hash opclass functions (prefix_hash, prefix_hash_extended) of a
 * varlena type whose layout is canonical: equal values, equal bytes.
 */
#define HASH_FUNCTIONS(prefix) \
	PG_FUNCTION_INFO_V1(prefix##_hash); \
	Datum prefix##_hash(PG_FUNCTION_ARGS) \
	{ \
		struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0)); \
		Datum		h = hash_any((unsigned char *) VARDATA(v), \
								 VARSIZE(v) - VARHDRSZ); \
		PG_FREE_IF_COPY(v, 0); \
		return h; \
	} \
	PG_FUNCTION_INFO_V1(prefix##_hash_extended); \
	Datum prefix##_hash_extended(PG_FUNCTION_ARGS) \
	{ \
		struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0)); \
		Datum		h = hash_any_extended((unsigned char *) VARDATA(v), \
										  VARSIZE(v) - VARHDRSZ, \
										  PG_GETARG_INT64(1)); \
		PG_FREE_IF_COPY(v, 0); \
		return h; \
	}

/*
 * A numeric as float8, judged exactly: *too_large when it is finite but
 * beyond float8's range (the result is then +-DBL_MAX, so range checks
 * still refuse it), *whole (may be NULL) when it is exactly a whole
 * number.  NaN and infinity come back as themselves.
 */
extern double NumericGetDouble(Datum num, bool *too_large, bool *whole);

/* The OID of the extension's type name, in the schema of fcinfo's function. */
extern Oid	ExtensionTypeOid(FunctionCallInfo fcinfo, const char *name);

/* The OID of an enum label (enum types are the extension's own). */
extern Oid	EnumLabelOid(Oid enumtype, const char *label);

/* A text[] of the names whose bits are set in mask, in bit order. */
extern Datum NamesToTextArray(const char *const *names, int n, uint64 mask);

/*
 * Whether argument argno is NULL or not passed at all: an argument a later
 * release added, which the SQL function of a database not yet updated does
 * not have (the library serves both until ALTER EXTENSION UPDATE).
 */
static inline bool
ArgIsNullOrAbsent(FunctionCallInfo fcinfo, int argno)
{
	return argno >= PG_NARGS() || PG_ARGISNULL(argno);
}

#endif							/* MENTORMATCH_SQL_VALUES_H */
