/*
 * inner_query.h
 *		Reading the SQL text arguments of the matching functions.
 *
 * pgRouting's convention: a set-returning function takes SQL text whose
 * result columns are found by name; types are checked once, when the query
 * is opened; rows are read in batches through an SPI cursor, with the
 * caller's rights.  Every error names the argument, the column and the
 * query.
 *
 * The query's text and columns live in SPI procedure memory, which
 * SPI_finish frees: every error about a query is raised between
 * InnerQueryOpen and InnerQueryClose, and nothing keeps a pointer into the
 * InnerQuery past its close.
 */
#ifndef MENTORMATCH_INNER_QUERY_H
#define MENTORMATCH_INNER_QUERY_H

#include "executor/spi.h"

#include "base/pg_compat.h"

typedef enum ColumnKind
{
	COLUMN_ID,					/* smallint, integer or bigint */
	COLUMN_NUMBER,				/* real, double precision, numeric or integer */
	COLUMN_ID_ARRAY,			/* an array of ids */
	COLUMN_NUMBER_ARRAY,		/* an array of numbers */
	COLUMN_TEXT,				/* text or varchar */
	COLUMN_BOOLEAN,				/* boolean */
	COLUMN_COMPOSITE			/* a value of type typid (set by the caller) */
} ColumnKind;

/* What the caller asks of a column. */
typedef struct InnerColumn
{
	const char *name;
	ColumnKind	kind;
	bool		required;
	Oid			typid;			/* COLUMN_COMPOSITE: the type expected */
} InnerColumn;

#define INNER_COLUMN(name, kind, required)	{name, kind, required, InvalidOid}

typedef struct InnerQuery
{
	const char *argname;		/* "candidates", "mentees", ... */
	char	   *sql;
	Portal		portal;
	const InnerColumn *columns;
	int			ncolumns;
	int		   *attno;			/* per column, 1-based; 0 when absent */
	Oid		   *coltype;		/* per column, its type in the query */
	SPITupleTable *batch;
	uint64		nbatch;
	uint64		next;			/* index of the next row in batch */
	HeapTuple	tuple;			/* the current row */
	TupleDesc	desc;
	MemoryContext rowcxt;		/* what reading a row allocates; reset per row */
} InnerQuery;

/*
 * Opens sql (which must be one SELECT) as a read-only cursor and finds the
 * columns.  A missing required column is 42703, a column of the wrong type
 * 42804, a column not among columns 42703.  SPI must be connected.
 */
extern void InnerQueryOpen(InnerQuery *q, const char *argname, text *sql,
						   const InnerColumn *columns, int ncolumns);

/* Advances to the next row; false at the end. */
extern bool InnerQueryNext(InnerQuery *q);

/* Closes the cursor and frees what the query holds. */
extern void InnerQueryClose(InnerQuery *q);

extern bool InnerQueryHas(InnerQuery *q, int column);

/* An optional column the query turned out to need: 42703 if absent. */
extern void InnerQueryRequire(InnerQuery *q, int column);

/* Whether the current row's value is NULL. */
extern bool InnerQueryIsNull(InnerQuery *q, int column);

/* The current row's value; NULL, NaN and infinity are errors (22023). */
extern int64 InnerQueryId(InnerQuery *q, int column);
extern double InnerQueryNumber(InnerQuery *q, int column);
extern Datum InnerQueryDatum(InnerQuery *q, int column);
extern bool InnerQueryBool(InnerQuery *q, int column);

/*
 * A text column's bytes (not terminated) and their length, valid until
 * the next InnerQueryNext; NULL is an error (22023).
 */
extern const char *InnerQueryText(InnerQuery *q, int column, int *len);

/*
 * Arrays: *n elements into *out, valid until the next InnerQueryNext;
 * NULL elements are errors.
 */
extern void InnerQueryIdArray(InnerQuery *q, int column, int64 **out, int *n);
extern void InnerQueryNumberArray(InnerQuery *q, int column, double **out,
								  int *n);

/* An error about the current row's value of a column (SQLSTATE 22023). */
pg_noreturn extern void InnerQueryBadValue(InnerQuery *q, int column,
										   const char *detail);

/* An error about the values of two columns together (SQLSTATE 22023). */
pg_noreturn extern void InnerQueryBadPair(InnerQuery *q, int column_a,
										  int column_b, const char *detail);

/*
 * Wrong rows gathered, to be named in one error: every offending row of a
 * query, not only the first.  InnerQueryProblem adds one (column_b -1 when
 * it is about one column); InnerQueryRaiseProblems raises them, if any: one
 * as InnerQueryBadValue or InnerQueryBadPair would, several as one error
 * naming the first ten and the count (22023).
 */
typedef struct InnerQueryProblems
{
	InnerQuery *q;
	int64		count;
	int			column_a;		/* the first problem's columns */
	int			column_b;
	StringInfoData detail;		/* the first ten, one a line */
} InnerQueryProblems;

extern void InnerQueryProblemsInit(InnerQueryProblems *p, InnerQuery *q);
extern void InnerQueryProblem(InnerQueryProblems *p, int column_a, int column_b,
							  const char *sentence);
extern void InnerQueryRaiseProblems(InnerQueryProblems *p);

#endif							/* MENTORMATCH_INNER_QUERY_H */
