/*
 * people.c
 *		Reading the mentees and mentors of match() and recommend() (see
 *		people.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "innerquery.h"
#include "matching.h"
#include "people.h"

/* The OID of type profile, in this function's own schema. */
static Oid
ProfileTypeOid(FunctionCallInfo fcinfo)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	Oid			typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										CStringGetDatum("profile"),
										ObjectIdGetDatum(nsp));

	if (!OidIsValid(typid))
		elog(ERROR, "type profile not found");
	return typid;
}

/* What an error while decoding a profile names: the person and the query. */
typedef struct DecodingPerson
{
	InnerQuery *q;
	const char *role;			/* "mentee", "mentor" */
	int64		id;
} DecodingPerson;

static void
DecodingPersonContext(void *arg)
{
	DecodingPerson *d = arg;

	errcontext("profile of %s %lld in the %s query: %s", d->role,
			   (long long) d->id, d->q->argname, d->q->sql);
}

/*
 * Reads one side: (id, profile) and, for mentors, an optional capacity.
 * A repeated id is an error.  Returns the Persons, indexed like the rows
 * (mentees) or columns (mentors) of the cohort.  Each profile is decoded in
 * the query's row context, then copied into the cohort as one block,
 * charged first.
 */
static Person *
ReadSide(People *people, FunctionCallInfo fcinfo, int argno, bool mentors)
{
	const char *argname = mentors ? "mentors" : "mentees";
	InnerColumn cols[3] = {
		INNER_COLUMN("id", COLUMN_ID, true),
		{"profile", COLUMN_COMPOSITE, true, ProfileTypeOid(fcinfo)},
		INNER_COLUMN("capacity", COLUMN_ID, false),
	};
	Cohort	   *c = people->cohort;
	InnerQuery	q;
	Person	   *persons = NULL;
	int32		cap = 0;
	int32		n = 0;
	DecodingPerson who;
	ErrorContextCallback cb;

	InnerQueryOpen(&q, argname, RequiredText(fcinfo, argno, argname), cols,
				   mentors ? 3 : 2);
	who.q = &q;
	who.role = mentors ? "mentor" : "mentee";
	cb.callback = DecodingPersonContext;
	cb.arg = &who;
	while (InnerQueryNext(&q))
	{
		int64		id = InnerQueryId(&q, 0);
		int32		index = mentors ? CohortCol(c, id) : CohortRow(c, id);
		Person		decoded;
		MemoryContext old;

		if (index < n)
			InnerQueryBadValue(&q, 0, psprintf("%s %lld appears more than once.",
											   mentors ? "Mentor" : "Mentee",
											   (long long) id));
		if (++n > cap)
		{
			int32		newcap = Max(256, cap * 2);

			persons = CohortGrow(c, persons, sizeof(Person), cap, newcap);
			cap = newcap;
		}
		who.id = id;
		cb.previous = error_context_stack;
		error_context_stack = &cb;
		old = MemoryContextSwitchTo(q.rowcxt);
		DecodeProfile(DatumGetHeapTupleHeader(InnerQueryDatum(&q, 1)),
					  people->dict, &decoded);
		MemoryContextSwitchTo(old);
		error_context_stack = cb.previous;
		/* the id column names the person when the profile does not */
		if (!decoded.has_id)
		{
			decoded.has_id = true;
			decoded.id = id;
		}
		else if (decoded.id != id)
			InnerQueryBadValue(&q, 1, psprintf("The profile of %s %lld has id %lld.",
											   mentors ? "mentor" : "mentee",
											   (long long) id, (long long) decoded.id));
		PersonCopy(&persons[index], &decoded,
				   CohortAlloc(c, PersonArrayBytes(&decoded)));
		if (mentors && InnerQueryHas(&q, 2))
			ReadCapacity(&q, 2, c, index, id);
	}
	InnerQueryClose(&q);
	return persons;
}

/* Charges the label dictionary's allocations to the cohort. */
static void
ChargeCohort(void *arg, Size bytes)
{
	CohortCharge((Cohort *) arg, bytes);
}

void
ReadPeople(People *people, FunctionCallInfo fcinfo, const char *what,
		   int keep_argno, int forbid_argno, bool keep_seats_only)
{
	MemoryContext old;

	people->cohort = CohortCreate(what, false);
	old = MemoryContextSwitchTo(people->cohort->cxt);
	people->dict = CreateLabelDict(1024, ChargeCohort, people->cohort);
	MemoryContextSwitchTo(old);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	people->mentees = ReadSide(people, fcinfo, 0, false);
	people->mentors = ReadSide(people, fcinfo, 1, true);
	ReadKeepAndForbid(people->cohort, fcinfo, keep_argno, forbid_argno,
					  keep_seats_only);
	SPI_finish();
}
