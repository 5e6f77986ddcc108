/*
 * aggregate_rows.h
 *		The rows an aggregate collects until its final function: a growable
 *		array of fixed-size rows in the aggregate's memory context, with the
 *		combine, serialise and deserialise steps of a parallel aggregate.
 *
 * health(), learn() and evaluate() keep their input this way: each final
 * function sorts a copy, so the result does not depend on the order rows
 * arrive in or on how a parallel plan splits them.  Serialised states only
 * travel between the processes of one server, so rows are sent as their
 * bytes, with their width.
 *
 * A serialised state is a bytea, so a parallel plan can pass a worker's
 * share of the rows only up to about 1 GB (54000 beyond, never a length
 * that wraps); a serial plan never serialises and keeps its rows in huge
 * allocations.  Reading a state back checks that its bytes add up, and the
 * rows are reached only through accessors that check their width, so bytes
 * that are not such a state give an error, never a read out of bounds.
 *
 * An aggregate whose state is an AggRows alone (learn, evaluate) takes
 * aggrows_combinefn, aggrows_serialfn and aggrows_deserialfn as its
 * combine, serialise and deserialise functions.
 */
#ifndef MENTORMATCH_AGGREGATE_ROWS_H
#define MENTORMATCH_AGGREGATE_ROWS_H

#include "fmgr.h"
#include "lib/stringinfo.h"

typedef struct AggRows
{
	int64		n;				/* rows kept */
	int64		cap;			/* rows there is room for */
	Size		width;			/* bytes per row */
	char	   *data;			/* n rows, in the aggregate context */
} AggRows;

/*
 * The rows as an array of type; an internal error when they are rows of
 * another width (a state read back from bytes another aggregate wrote).
 */
#define AGG_ROWS(type, rows)	((type *) AggRowsData((rows), sizeof(type)))
extern void *AggRowsData(const AggRows *rows, Size width);

/*
 * A copy of the rows as an array of type, in the current memory context,
 * for sorting; checked as AGG_ROWS.
 */
#define AGG_ROWS_COPY(type, rows) ((type *) AggRowsCopy((rows), sizeof(type)))
extern void *AggRowsCopy(const AggRows *rows, Size width);

/*
 * The aggregate's memory context; an error naming aggname when fcinfo is
 * not a call from an aggregate.
 */
extern MemoryContext AggRowsContext(FunctionCallInfo fcinfo, const char *aggname);

/* No rows yet, of width bytes each. */
extern void AggRowsInit(AggRows *rows, Size width);

/* A new AggRows in cxt, with no rows yet. */
extern AggRows *AggRowsNew(MemoryContext cxt, Size width);

/* Room for one more row in cxt, zeroed; the caller fills it. */
extern void *AggRowsPush(AggRows *rows, MemoryContext cxt);

/*
 * The combine step: other's rows after rows'; an internal error when their
 * widths differ.
 */
extern void AggRowsAppend(AggRows *rows, MemoryContext cxt, const AggRows *other);

/*
 * The serialise step: the count and the rows, after what buf holds.  A
 * state that would not fit in a bytea (about 1 GB: a parallel worker's
 * share of the rows) is 54000, naming aggname, with a hint to run the
 * query without parallel aggregation, which has no such limit.
 */
extern void AggRowsSend(StringInfo buf, const AggRows *rows,
						const char *aggname);

/*
 * The deserialise step: reads what AggRowsSend wrote from buf (at its
 * cursor, to its end) into rows; an internal error naming aggname when the
 * bytes do not add up.
 */
extern void AggRowsReceive(StringInfo buf, AggRows *rows, MemoryContext cxt,
						   const char *aggname);

/* A read-only buffer over a serialised state. */
extern void AggStateBuffer(StringInfo buf, bytea *bytes);

#endif							/* MENTORMATCH_AGGREGATE_ROWS_H */
