/*
 * people.c
 *		Reading the mentees and mentors of match() and recommend() (see
 *		people.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
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

/* The class rows may take this much of the cohort's memory at most. */
#define COVERAGE_BUDGET		((Size) 128 * 1024 * 1024)

static uint64
GoalsHash(const CompiledSkills *g)
{
	uint64		h = (uint64) g->count * UINT64CONST(0x9E3779B97F4A7C15);
	int			i,
				d;

	for (i = 0; i < g->count; i++)
	{
		const CompiledSkill *s = &g->skills[i];

		h = (h ^ (uint64) (s->depth * 131 + s->level)) * UINT64CONST(0x100000001B3);
		for (d = 0; d < s->depth; d++)
			h = (h ^ (uint32) s->labels[d]) * UINT64CONST(0x100000001B3);
	}
	return h ^ (h >> 29);
}

static bool
GoalsEqual(const CompiledSkills *a, const CompiledSkills *b)
{
	int			i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++)
	{
		const CompiledSkill *x = &a->skills[i],
				   *y = &b->skills[i];

		if (x->depth != y->depth || x->level != y->level ||
			memcmp(x->labels, y->labels, sizeof(int32) * x->depth) != 0)
			return false;
	}
	return true;
}

/*
 * Classes of mentees with equal goals (compiled alike: same labels, depths
 * and levels in the same order), through an open-addressing table of the
 * first mentee of each; a class of one is no class.
 */
static void
ClassifyGoals(People *people)
{
	Cohort	   *c = people->cohort;
	int32		n = c->nrows,
				i,
				nclasses = 0;
	int64		size = 2;
	int32	   *slot,
			   *first,
			   *members;

	while (size < (int64) n * 2)
		size *= 2;
	people->goal_class = CohortAlloc(c, sizeof(int32) * Max(n, 1));
	slot = CohortAlloc(c, sizeof(int32) * size);
	first = CohortAlloc(c, sizeof(int32) * Max(n, 1));
	members = CohortAlloc(c, sizeof(int32) * Max(n, 1));
	memset(slot, 0xFF, sizeof(int32) * size);
	for (i = 0; i < n; i++)
	{
		const Person *p = &people->mentees[i];
		int64		h;

		people->goal_class[i] = -1;
		if (!p->has_goals || p->goals.count == 0)
			continue;
		for (h = (int64) (GoalsHash(&p->goals) & (size - 1));; h = (h + 1) & (size - 1))
		{
			if (slot[h] < 0)
			{
				slot[h] = nclasses;
				first[nclasses] = i;
				members[nclasses++] = 0;
			}
			if (GoalsEqual(&people->mentees[first[slot[h]]].goals, &p->goals))
				break;
		}
		people->goal_class[i] = slot[h];
		members[slot[h]]++;
	}
	for (i = 0; i < n; i++)
		if (people->goal_class[i] >= 0 && members[people->goal_class[i]] < 2)
			people->goal_class[i] = -1;
	people->coverage = CohortAlloc(c, sizeof(double *) * Max(nclasses, 1));
	for (i = 0; i < nclasses; i++)
		people->coverage[i] = NULL;
	people->coverage_budget = COVERAGE_BUDGET;
}

void
PeopleCoverRow(People *people, int32 i)
{
	Cohort	   *c = people->cohort;
	int32		g = people->goal_class[i],
				j;
	Size		bytes = sizeof(double) * Max(c->ncols, 1);
	double	   *row;

	if (g < 0 || people->coverage[g] != NULL || bytes > people->coverage_budget)
		return;
	people->coverage_budget -= bytes;
	row = CohortAlloc(c, bytes);
	for (j = 0; j < c->ncols; j++)
	{
		const Person *mentor = &people->mentors[j];

		if ((j & 1023) == 1023)
			CHECK_FOR_INTERRUPTS();
		row[j] = mentor->has_skills ?
			SkillCoverage(&mentor->skills, &people->mentees[i].goals) : 0.0;
	}
	people->coverage[g] = row;
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
	ClassifyGoals(people);
	ScoreKernelInit(&people->kernel, people->mentees, people->cohort->nrows,
					people->mentors, people->cohort->ncols,
					CohortAlloc(people->cohort,
								ScoreKernelBytes(people->cohort->nrows,
												 people->cohort->ncols)));
}

void
PairScorerInit(PairScorer *scorer, const Weights *weights, const Model *model)
{
	scorer->weights = weights;
	scorer->model = model;
	WeightTableInit(&scorer->table, weights);
}
