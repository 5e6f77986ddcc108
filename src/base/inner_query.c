/*
 * inner_query.c
 *		Inner queries of the matching functions (see inner_query.h).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/plancache.h"

#include "base/inner_query.h"
#include "base/sql_values.h"

/* Rows fetched from the cursor at a time. */
#define INNER_BATCH_ROWS	10000

static bool
IsIdType(Oid t)
{
	return t == INT2OID || t == INT4OID || t == INT8OID;
}

static bool
IsNumberType(Oid t)
{
	return t == FLOAT4OID || t == FLOAT8OID || t == NUMERICOID || IsIdType(t);
}

static const char *
KindDescription(ColumnKind kind)
{
	switch (kind)
	{
		case COLUMN_ID:
			return "smallint, integer or bigint";
		case COLUMN_NUMBER:
			return "real, double precision, numeric or an integer type";
		case COLUMN_ID_ARRAY:
			return "an array of smallint, integer or bigint";
		case COLUMN_NUMBER_ARRAY:
			return "an array of real, double precision, numeric or an integer type";
		case COLUMN_TEXT:
			return "text or varchar";
		case COLUMN_BOOLEAN:
			return "boolean";
		default:
			return "profile";
	}
}

static bool
TypeFits(ColumnKind kind, Oid t, Oid expected)
{
	Oid			elem;

	switch (kind)
	{
		case COLUMN_ID:
			return IsIdType(t);
		case COLUMN_NUMBER:
			return IsNumberType(t);
		case COLUMN_ID_ARRAY:
			elem = get_element_type(t);
			return OidIsValid(elem) && IsIdType(elem);
		case COLUMN_NUMBER_ARRAY:
			elem = get_element_type(t);
			return OidIsValid(elem) && IsNumberType(elem);
		case COLUMN_TEXT:
			return t == TEXTOID || t == VARCHAROID;
		case COLUMN_BOOLEAN:
			return t == BOOLOID;
		default:
			return t == expected;
	}
}

/*
 * A plain read: a SELECT that neither locks rows (FOR UPDATE), nor creates
 * a table (SELECT INTO), nor modifies data in a WITH.
 */
static bool
IsPlainRead(CachedPlanSource *source)
{
	ListCell   *lc;

	if (source->commandTag != CMDTAG_SELECT)
		return false;
	foreach(lc, source->query_list)
	{
		Query	   *query = lfirst_node(Query, lc);

		if (query->commandType != CMD_SELECT || query->utilityStmt != NULL ||
			query->rowMarks != NIL || query->hasModifyingCTE)
			return false;
	}
	return true;
}

/* Names the argument and shows the query under errors raised inside it. */
static void
InnerQueryErrorContext(void *arg)
{
	InnerQuery *q = arg;

	errcontext("%s query: %s", q->argname, q->sql);
}

#define PUSH_QUERY_CONTEXT(q, cb) \
	do { \
		(cb).callback = InnerQueryErrorContext; \
		(cb).arg = (q); \
		(cb).previous = error_context_stack; \
		error_context_stack = &(cb); \
	} while (0)
#define POP_QUERY_CONTEXT(cb)	(error_context_stack = (cb).previous)

/*
 * Every column of the query is one the function reads: a column it would
 * ignore (a misspelt capacity, say) is 42703, naming it and the columns the
 * query may have, rather than a silent default.
 */
static void
CheckAllColumnsRead(InnerQuery *q)
{
	int			a,
				i;

	for (a = 0; a < q->desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(q->desc, a);
		StringInfoData names;

		if (att->attisdropped)
			continue;
		for (i = 0; i < q->ncolumns; i++)
			if (strcmp(NameStr(att->attname), q->columns[i].name) == 0)
				break;
		if (i < q->ncolumns)
			continue;
		initStringInfo(&names);
		for (i = 0; i < q->ncolumns; i++)
			appendStringInfo(&names, "%s%s", i == 0 ? "" : ", ", q->columns[i].name);
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("the %s query has a column \"%s\" that is not read",
						q->argname, NameStr(att->attname)),
				 errdetail("The %s query may have the columns %s.", q->argname, names.data),
				 errhint("Rename the column or leave it out of the query."),
				 errcontext("%s query: %s", q->argname, q->sql)));
	}
}

void
InnerQueryOpen(InnerQuery *q, const char *argname, text *sql,
			   const InnerColumn *columns, int ncolumns)
{
	SPIPlanPtr	plan;
	List	   *sources;
	ErrorContextCallback cb;
	int			i;

	q->argname = argname;
	q->sql = text_to_cstring(sql);
	q->columns = columns;
	q->ncolumns = ncolumns;
	q->rowcxt = AllocSetContextCreate(CurrentMemoryContext, "mentormatch row",
									  ALLOCSET_DEFAULT_SIZES);
	q->attno = palloc0(sizeof(int) * ncolumns);
	q->coltype = palloc0(sizeof(Oid) * ncolumns);
	q->batch = NULL;
	q->nbatch = 0;
	q->next = 0;
	q->tuple = NULL;

	PUSH_QUERY_CONTEXT(q, cb);
	plan = SPI_prepare(q->sql, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for the %s query: %s",
			 argname, SPI_result_code_string(SPI_result));
	sources = SPI_plan_get_plan_sources(plan);
	if (list_length(sources) != 1 || !IsPlainRead(linitial(sources)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the %s query must be a single SELECT that only reads", argname)));
	/* read-only, as a STABLE function's queries are */
	q->portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	POP_QUERY_CONTEXT(cb);
	q->desc = q->portal->tupDesc;

	for (i = 0; i < ncolumns; i++)
	{
		const InnerColumn *c = &columns[i];
		int			attno = SPI_fnumber(q->desc, c->name);

		if (attno <= 0)
		{
			if (c->required)
				InnerQueryRequire(q, i);
			continue;
		}
		q->attno[i] = attno;
		q->coltype[i] = SPI_gettypeid(q->desc, attno);
		if (!TypeFits(c->kind, q->coltype[i], c->typid))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of the %s query must be %s, not %s",
							c->name, argname, KindDescription(c->kind),
							format_type_be(q->coltype[i])),
					 errcontext("%s query: %s", argname, q->sql)));
	}	CheckAllColumnsRead(q);
}

bool
InnerQueryNext(InnerQuery *q)
{
	ErrorContextCallback cb;

	CHECK_FOR_INTERRUPTS();
	MemoryContextReset(q->rowcxt);
	if (q->next >= q->nbatch)
	{
		if (q->portal == NULL)
			return false;
		if (q->batch)
			SPI_freetuptable(q->batch);
		q->batch = NULL;
		PUSH_QUERY_CONTEXT(q, cb);
		SPI_cursor_fetch(q->portal, true, INNER_BATCH_ROWS);
		POP_QUERY_CONTEXT(cb);
		q->batch = SPI_tuptable;
		q->nbatch = SPI_processed;
		q->next = 0;
		if (q->nbatch == 0)
		{
			SPI_freetuptable(q->batch);
			q->batch = NULL;
			SPI_cursor_close(q->portal);
			q->portal = NULL;
			return false;
		}
	}
	q->tuple = q->batch->vals[q->next++];
	return true;
}

bool
InnerQueryHas(InnerQuery *q, int column)
{
	return q->attno[column] > 0;
}

void
InnerQueryRequire(InnerQuery *q, int column)
{
	if (q->attno[column] <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("the %s query has no column \"%s\"", q->argname,
						q->columns[column].name),
				 errcontext("%s query: %s", q->argname, q->sql)));
}

void
InnerQueryBadValue(InnerQuery *q, int column, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value in column \"%s\" of the %s query",
					q->columns[column].name, q->argname),
			 errdetail_internal("%s", detail),
			 errcontext("%s query: %s", q->argname, q->sql)));
	pg_unreachable();
}

void
InnerQueryBadPair(InnerQuery *q, int column_a, int column_b,
				  const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid values in columns \"%s\" and \"%s\" of the %s query",
					q->columns[column_a].name, q->columns[column_b].name,
					q->argname),
			 errdetail_internal("%s", detail),
			 errcontext("%s query: %s", q->argname, q->sql)));
	pg_unreachable();
}

void
InnerQueryClose(InnerQuery *q)
{
	if (q->batch)
		SPI_freetuptable(q->batch);
	q->batch = NULL;
	if (q->portal)
		SPI_cursor_close(q->portal);
	q->portal = NULL;
	MemoryContextDelete(q->rowcxt);
	q->rowcxt = NULL;
	q->sql = NULL;
}

bool
InnerQueryIsNull(InnerQuery *q, int column)
{
	bool		isnull;

	(void) SPI_getbinval(q->tuple, q->desc, q->attno[column], &isnull);
	return isnull;
}

Datum
InnerQueryDatum(InnerQuery *q, int column)
{
	bool		isnull;
	Datum		d = SPI_getbinval(q->tuple, q->desc, q->attno[column],
								  &isnull);

	if (isnull)
		InnerQueryBadValue(q, column, "The value is NULL.");
	return d;
}

static int64
IdFromDatum(Datum d, Oid type)
{
	switch (type)
	{
		case INT2OID:
			return DatumGetInt16(d);
		case INT4OID:
			return DatumGetInt32(d);
		default:
			return DatumGetInt64(d);
	}
}

/*
 * A number as float8; what is wrong with it ("is NaN or infinite", "is
 * beyond double precision"), or NULL when nothing is.
 */
static const char *
NumberFromDatum(Datum d, Oid type, double *out)
{
	bool		too_large = false;

	switch (type)
	{
		case FLOAT4OID:
			*out = DatumGetFloat4(d);
			break;
		case FLOAT8OID:
			*out = DatumGetFloat8(d);
			break;
		case NUMERICOID:
			*out = NumericGetDouble(d, &too_large, NULL);
			break;
		default:
			*out = (double) IdFromDatum(d, type);
			break;
	}
	if (isnan(*out) || isinf(*out))
		return "is NaN or infinite";
	return too_large ? "is beyond double precision" : NULL;
}

int64
InnerQueryId(InnerQuery *q, int column)
{
	return IdFromDatum(InnerQueryDatum(q, column), q->coltype[column]);
}

double
InnerQueryNumber(InnerQuery *q, int column)
{
	MemoryContext old = MemoryContextSwitchTo(q->rowcxt);
	double		v;
	const char *bad = NumberFromDatum(InnerQueryDatum(q, column),
									  q->coltype[column], &v);

	if (bad)
		InnerQueryBadValue(q, column, psprintf("The value %s.", bad));
	MemoryContextSwitchTo(old);
	return v;
}

bool
InnerQueryBool(InnerQuery *q, int column)
{
	return DatumGetBool(InnerQueryDatum(q, column));
}

/* varchar is stored as text is: the same bytes, read in place when short */
const char *
InnerQueryText(InnerQuery *q, int column, int *len)
{
	MemoryContext old = MemoryContextSwitchTo(q->rowcxt);
	text	   *t = DatumGetTextPP(InnerQueryDatum(q, column));

	MemoryContextSwitchTo(old);
	*len = VARSIZE_ANY_EXHDR(t);
	return VARDATA_ANY(t);
}

/* Deconstructs the current row's array column; NULL elements are errors. */
static Datum *
ArrayElements(InnerQuery *q, ArrayType *arr, int column, Oid *elemtype, int *n)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			i;

	if (ARR_NDIM(arr) > 1)
		InnerQueryBadValue(q, column, "The array has more than one dimension.");
	*elemtype = ARR_ELEMTYPE(arr);
	get_typlenbyvalalign(*elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(arr, *elemtype, typlen, typbyval, typalign, &elems, &nulls, n);
	for (i = 0; i < *n; i++)
		if (nulls[i])
			InnerQueryBadValue(q, column,
							   psprintf("Element %d of the array is NULL.", i + 1));
	return elems;
}

/*
 * The array columns.  A float8[] or bigint[] without NULLs is read in
 * place, from the (detoasted) array's data; any other element type goes
 * through deconstruct_array.  Either way the result lives in the row
 * context, until the next row.
 */
void
InnerQueryIdArray(InnerQuery *q, int column, int64 **out, int *n)
{
	MemoryContext old = MemoryContextSwitchTo(q->rowcxt);
	ArrayType  *arr = DatumGetArrayTypeP(InnerQueryDatum(q, column));
	Oid			elemtype;
	Datum	   *elems;
	int			i;

	if (ARR_ELEMTYPE(arr) == INT8OID && ARR_NDIM(arr) <= 1 && !ARR_HASNULL(arr))
	{
		/* no NULLs: the data follows the fixed header (ARR_DATA_PTR) */
		*n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
		*out = (int64 *) ((char *) arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(arr)));
	}
	else
	{
		elems = ArrayElements(q, arr, column, &elemtype, n);
		*out = palloc(sizeof(int64) * Max(*n, 1));
		for (i = 0; i < *n; i++)
			(*out)[i] = IdFromDatum(elems[i], elemtype);
	}
	MemoryContextSwitchTo(old);
}

void
InnerQueryNumberArray(InnerQuery *q, int column, double **out, int *n)
{
	MemoryContext old = MemoryContextSwitchTo(q->rowcxt);
	ArrayType  *arr = DatumGetArrayTypeP(InnerQueryDatum(q, column));
	Oid			elemtype;
	Datum	   *elems;
	int			i;

	if (ARR_ELEMTYPE(arr) == FLOAT8OID && ARR_NDIM(arr) <= 1 && !ARR_HASNULL(arr))
	{
		*n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
		*out = (double *) ((char *) arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(arr)));
		for (i = 0; i < *n; i++)
			if (isnan((*out)[i]) || isinf((*out)[i]))
				InnerQueryBadValue(q, column,
								   psprintf("Element %d of the array is NaN or infinite.",
											i + 1));
	}
	else
	{
		elems = ArrayElements(q, arr, column, &elemtype, n);
		*out = palloc(sizeof(double) * Max(*n, 1));
		for (i = 0; i < *n; i++)
		{
			const char *bad = NumberFromDatum(elems[i], elemtype, &(*out)[i]);

			if (bad)
				InnerQueryBadValue(q, column,
								   psprintf("Element %d of the array %s.", i + 1, bad));
		}
	}
	MemoryContextSwitchTo(old);
}

/* Problems named in the detail of an error about several rows. */
#define PROBLEMS_SHOWN	10

void
InnerQueryProblemsInit(InnerQueryProblems *p, InnerQuery *q)
{
	p->q = q;
	p->count = 0;
	p->column_a = p->column_b = -1;
	initStringInfo(&p->detail);
}

void
InnerQueryProblem(InnerQueryProblems *p, int column_a, int column_b,
				  const char *sentence)
{
	if (p->count == 0)
	{
		p->column_a = column_a;
		p->column_b = column_b;
	}
	if (p->count < PROBLEMS_SHOWN)
		appendStringInfo(&p->detail, "%s%s", p->count == 0 ? "" : "\n", sentence);
	p->count++;
}

void
InnerQueryRaiseProblems(InnerQueryProblems *p)
{
	InnerQuery *q = p->q;

	if (p->count == 0)
		return;
	if (p->count == 1 && p->column_b < 0)
		InnerQueryBadValue(q, p->column_a, p->detail.data);
	if (p->count == 1)
		InnerQueryBadPair(q, p->column_a, p->column_b, p->detail.data);
	if (p->count > PROBLEMS_SHOWN)
		appendStringInfo(&p->detail, "\n... and %lld more.",
						 (long long) (p->count - PROBLEMS_SHOWN));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%lld problems in the %s query", (long long) p->count,
					q->argname),
			 errdetail_internal("%s", p->detail.data),
			 errcontext("%s query: %s", q->argname, q->sql)));
}
