/*
 * aggregate_rows.c
 *		The rows an aggregate collects (see aggregate_rows.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/memutils.h"

#include "base/aggregate_rows.h"
#include "base/pg_compat.h"

/*
 * The most bytes a serialised state may take, its bytea header included: a
 * StringInfo holds at most MaxAllocSize - 1 bytes besides its terminating
 * zero (enlargeStringInfo), which is also under a varlena's 1 GB.  Only
 * parallel plans serialise a state; a serial plan keeps its rows in huge
 * allocations and has no such limit.
 */
#define AGG_STATE_MAX_BYTES		((Size) MaxAllocSize - 1)

MemoryContext
AggRowsContext(FunctionCallInfo fcinfo, const char *aggname)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", aggname);
	return aggcxt;
}

void
AggRowsInit(AggRows *rows, Size width)
{
	rows->n = 0;
	rows->cap = 0;
	rows->width = width;
	rows->data = NULL;
}

AggRows *
AggRowsNew(MemoryContext cxt, Size width)
{
	AggRows    *rows = MemoryContextAlloc(cxt, sizeof(AggRows));

	AggRowsInit(rows, width);
	return rows;
}

/* Room for more rows after the n there are. */
static void
AggRowsReserve(AggRows *rows, MemoryContext cxt, int64 more)
{
	Size		bytes;

	if (rows->n + more <= rows->cap)
		return;
	rows->cap = Max(Max(16, 2 * rows->cap), rows->n + more);
	bytes = mul_size(rows->width, (Size) rows->cap);
	if (rows->data == NULL)
		rows->data = MemoryContextAllocHuge(cxt, bytes);
	else
		rows->data = repalloc_huge(rows->data, bytes);
}

void *
AggRowsPush(AggRows *rows, MemoryContext cxt)
{
	char	   *row;

	AggRowsReserve(rows, cxt, 1);
	row = rows->data + rows->width * rows->n++;
	memset(row, 0, rows->width);	/* padding too: states are sent as bytes */
	return row;
}

/* That rows are rows of width bytes, or an internal error. */
static void
CheckWidth(const AggRows *rows, Size width)
{
	if (rows->width != width)
		elog(ERROR, "aggregate state has rows of %zu bytes, expected %zu",
			 rows->width, width);
}

void
AggRowsAppend(AggRows *rows, MemoryContext cxt, const AggRows *other)
{
	CheckWidth(other, rows->width);
	if (other->n == 0)
		return;
	AggRowsReserve(rows, cxt, other->n);
	memcpy(rows->data + rows->width * rows->n, other->data, rows->width * other->n);
	rows->n += other->n;
}

void
AggRowsSend(StringInfo buf, const AggRows *rows, const char *aggname)
{
	/* no overflow: these bytes are in memory */
	Size		bytes = rows->width * (Size) rows->n;
	Size		total = (Size) buf->len + 16 + bytes;

	if (total > AGG_STATE_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the partial state of %s is too large to pass between parallel processes",
						aggname),
				 errdetail("It holds %lld rows, %zu bytes; a serialised aggregate state has at most %zu bytes.",
						   (long long) rows->n, total, AGG_STATE_MAX_BYTES),
				 errhint("Run the query without parallel aggregation: SET max_parallel_workers_per_gather = 0.")));
	pq_sendint64(buf, (int64) rows->width);
	pq_sendint64(buf, rows->n);
	if (rows->n > 0)
		pq_sendbytes(buf, rows->data, (int) bytes);
}

void
AggRowsReceive(StringInfo buf, AggRows *rows, MemoryContext cxt,
			   const char *aggname)
{
	int64		width,
				n;
	int64		left = buf->len - buf->cursor;

	if (left < 16)
		elog(ERROR, "%s state has %lld bytes for its rows, expected at least 16",
			 aggname, (long long) left);
	width = pq_getmsgint64(buf);
	n = pq_getmsgint64(buf);
	left -= 16;
	if (width <= 0 || n < 0 || left % width != 0 || left / width != n)
		elog(ERROR, "%s state has %lld bytes for %lld rows of %lld bytes",
			 aggname, (long long) left, (long long) n, (long long) width);
	AggRowsInit(rows, (Size) width);
	AggRowsReserve(rows, cxt, n);
	if (n > 0)
		memcpy(rows->data, pq_getmsgbytes(buf, (int) left), left);
	rows->n = n;
}

void
AggStateBuffer(StringInfo buf, bytea *bytes)
{
	buf->data = VARDATA_ANY(bytes);
	buf->len = VARSIZE_ANY_EXHDR(bytes);
	buf->maxlen = buf->len;
	buf->cursor = 0;
}

void *
AggRowsData(const AggRows *rows, Size width)
{
	CheckWidth(rows, width);
	return rows->data;
}

void *
AggRowsCopy(const AggRows *rows, Size width)
{
	Size		bytes;
	void	   *copy;

	CheckWidth(rows, width);
	bytes = mul_size(rows->width, (Size) Max(rows->n, 1));
	copy = palloc_extended(bytes, MCXT_ALLOC_HUGE);

	if (rows->n > 0)
		memcpy(copy, rows->data, rows->width * rows->n);
	return copy;
}

/* The combine, serialise and deserialise steps of an AggRows state. */
PG_FUNCTION_INFO_V1(aggrows_combinefn);
Datum
aggrows_combinefn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = AggRowsContext(fcinfo, "aggrows_combinefn");
	AggRows    *rows = PG_ARGISNULL(0) ? NULL : (AggRows *) PG_GETARG_POINTER(0);
	AggRows    *other;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(rows);
	other = (AggRows *) PG_GETARG_POINTER(1);
	if (rows == NULL)
		rows = AggRowsNew(aggcxt, other->width);
	AggRowsAppend(rows, aggcxt, other);
	PG_RETURN_POINTER(rows);
}

PG_FUNCTION_INFO_V1(aggrows_serialfn);
Datum
aggrows_serialfn(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	AggRowsSend(&buf, (AggRows *) PG_GETARG_POINTER(0), "learn() or evaluate()");
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(aggrows_deserialfn);
Datum
aggrows_deserialfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = AggRowsContext(fcinfo, "aggrows_deserialfn");
	AggRows    *rows = MemoryContextAlloc(aggcxt, sizeof(AggRows));
	StringInfoData buf;

	AggStateBuffer(&buf, PG_GETARG_BYTEA_PP(0));
	AggRowsReceive(&buf, rows, aggcxt, "aggregate");
	PG_RETURN_POINTER(rows);
}
