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

#include "base/inner_query.h"
#include "base/sql_values.h"
#include "matching/parity.h"
#include "matching/people.h"
#include "matching/solve.h"

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
 * Reads one side: (id, profile) and, for mentors, an optional capacity;
 * for mentees, with groups, an optional group (matching/parity.h).
 * A repeated id is an error.  Returns the Persons, indexed like the rows
 * (mentees) or columns (mentors) of the cohort.  Each profile is decoded in
 * the query's row context, then copied into the cohort as one block,
 * charged first.
 */
static Person *
ReadSide(People *people, FunctionCallInfo fcinfo, int argno, bool mentors,
		 bool groups)
{
	const char *argname = mentors ? "mentors" : "mentees";
	InnerColumn cols[3] = {
		INNER_COLUMN("id", COLUMN_ID, true),
		{"profile", COLUMN_COMPOSITE, true, ExtensionTypeOid(fcinfo, "profile")},
		{mentors ? "capacity" : "group", mentors ? COLUMN_ID : COLUMN_TEXT, false,
		InvalidOid},
	};
	Cohort	   *c = people->cohort;
	InnerQuery	q;
	Person	   *persons = NULL;
	int32		cap = 0;
	int32		n = 0;
	DecodingPerson who;
	ErrorContextCallback cb;

	InnerQueryOpen(&q, argname, RequiredText(fcinfo, argno, argname), cols,
				   mentors || groups ? 3 : 2);
	if (!mentors && groups && InnerQueryHas(&q, 2))
		CohortGroupsBegin(c);
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
		else if (!mentors && groups && InnerQueryHas(&q, 2))
			CohortSetGroup(c, index, &q, 2);
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

/* The skill rows may take this much of the cohort's memory at most. */
#define COVERAGE_BUDGET		((Size) 128 * 1024 * 1024)

static uint64
SkillHash(const CompiledSkill *s)
{
	uint64		h = (uint64) (s->depth * 131 + s->level);
	int			d;

	h *= UINT64CONST(0x9E3779B97F4A7C15);
	for (d = 0; d < s->depth; d++)
		h = (h ^ (uint32) s->labels[d]) * UINT64CONST(0x100000001B3);
	return h ^ (h >> 29);
}

static bool
SkillEqual(const CompiledSkill *a, const CompiledSkill *b)
{
	return a->depth == b->depth && a->level == b->level &&
		memcmp(a->labels, b->labels, sizeof(int32) * a->depth) == 0;
}

/* Indexes the skills the mentees want (People.goal_start and so on). */
static void
IndexGoalSkills(People *people)
{
	Cohort	   *c = people->cohort;
	int32		n = c->nrows,
				i,
				g,
				nskills = 0;
	int64		total = 0,
				size = 2,
				at = 0;
	int32	   *slot;

	for (i = 0; i < n; i++)
		if (people->mentees[i].has_goals)
			total += people->mentees[i].goals.count;
	while (size < total * 2)
		size *= 2;
	people->goal_start = CohortAlloc(c, sizeof(int64) * (n + 1));
	people->goal_skill = CohortAlloc(c, sizeof(int32) * Max(total, 1));
	people->skill = CohortAlloc(c, sizeof(CompiledSkill *) * Max(total, 1));
	slot = palloc(sizeof(int32) * size);
	memset(slot, 0xFF, sizeof(int32) * size);
	for (i = 0; i < n; i++)
	{
		const Person *p = &people->mentees[i];

		people->goal_start[i] = at;
		for (g = 0; p->has_goals && g < p->goals.count; g++)
		{
			const CompiledSkill *s = &p->goals.skills[g];
			int64		h;

			for (h = (int64) (SkillHash(s) & (size - 1));; h = (h + 1) & (size - 1))
			{
				if (slot[h] < 0)
				{
					slot[h] = nskills;
					people->skill[nskills++] = s;
				}
				if (SkillEqual(people->skill[slot[h]], s))
					break;
			}
			people->goal_skill[at++] = slot[h];
		}
	}
	people->goal_start[n] = at;
	pfree(slot);
	people->skill_best = CohortAlloc(c, sizeof(double *) * Max(nskills, 1));
	people->skill_block = CohortAlloc(c, sizeof(double *) * Max(nskills, 1));
	for (g = 0; g < nskills; g++)
		people->skill_best[g] = people->skill_block[g] = NULL;
	people->covered = CohortAlloc(c, sizeof(bool) * Max(n, 1));
	memset(people->covered, 0, sizeof(bool) * Max(n, 1));
	people->coverage_budget = COVERAGE_BUDGET;
}

void
PeopleCoverRow(People *people, int32 i)
{
	Cohort	   *c = people->cohort;
	int64		x;
	int32		j;
	const ColumnBlocks *b = &people->blocks;
	Size		bytes = sizeof(double) * (Max(c->ncols, 1) + b->nblocks);

	if (people->covered[i] || people->goal_start[i + 1] == people->goal_start[i])
		return;
	for (x = people->goal_start[i]; x < people->goal_start[i + 1]; x++)
	{
		int32		s = people->goal_skill[x];
		double	   *row;

		if (people->skill_best[s] != NULL)
			continue;
		if (bytes > people->coverage_budget)
			return;
		people->coverage_budget -= bytes;
		row = CohortAlloc(c, bytes);
		for (j = 0; j < c->ncols; j++)
		{
			const Person *mentor = &people->mentors[j];

			if ((j & 1023) == 1023)
				CHECK_FOR_INTERRUPTS();
			row[j] = mentor->has_skills ?
				SkillCredit(&mentor->skills, people->skill[s]) : 0.0;
		}
		people->skill_best[s] = row;
		if (b->nblocks > 0)
		{
			double	   *best = row + Max(c->ncols, 1);
			int32		k,
						y;

			for (k = 0; k < b->nblocks; k++)
			{
				best[k] = 0.0;
				for (y = b->block[k].start; y < b->block[k].end; y++)
					best[k] = Max(best[k], row[b->cols[y]]);
			}
			people->skill_block[s] = best;
		}
	}
	people->covered[i] = true;
}

void
ReadPeople(People *people, FunctionCallInfo fcinfo, const char *what,
		   int mentees_argno, int keep_argno, int forbid_argno,
		   bool keep_seats_only)
{
	ReadPeopleGrouped(people, fcinfo, what, mentees_argno, keep_argno,
					  forbid_argno, keep_seats_only, false);
}

void
ReadPeopleGrouped(People *people, FunctionCallInfo fcinfo, const char *what,
				  int mentees_argno, int keep_argno, int forbid_argno,
				  bool keep_seats_only, bool groups)
{
	MemoryContext old;

	people->cohort = CohortCreate(what, false);
	old = MemoryContextSwitchTo(people->cohort->cxt);
	people->dict = CreateLabelDict(1024, ChargeCohort, people->cohort);
	MemoryContextSwitchTo(old);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	people->mentees = ReadSide(people, fcinfo, mentees_argno, false, groups);
	people->mentors = ReadSide(people, fcinfo, mentees_argno + 1, true, false);
	ReadKeepAndForbid(people->cohort, fcinfo, keep_argno, forbid_argno,
					  keep_seats_only);
	SPI_finish();
	PeopleLayOut(people);
}

void
PeopleLayOut(People *people)
{
	Cohort	   *c = people->cohort;

	IndexGoalSkills(people);
	ScoreKernelInit(&people->kernel, people->mentees, c->nrows, people->mentors,
					c->ncols, CohortAlloc(c, ScoreKernelBytes(c->nrows, c->ncols)));
	people->blocks.nblocks = 0;
}

void
PeopleMakeBlocks(People *people, int32 min_cols)
{
	Cohort	   *c = people->cohort;

	ColumnBlocksInit(&people->blocks, &people->kernel, c->ncols, c->capacity,
					 min_cols, CohortAlloc(c, ColumnBlocksBytes(c->ncols)));
}

void
PeopleBlockBounds(const People *people, const WeightTable *t, int32 i,
				  double *work, double *ub)
{
	const ColumnBlocks *b = &people->blocks;
	int32		x;

	if (people->covered[i])
		for (x = 0; x < b->nblocks; x++)
			work[x] = PeopleGoalMean(people, i, people->skill_block, x);
	ColumnBlocksBound(b, &people->kernel, t, i, people->covered[i] ? work : NULL, ub);
}

void
PairScorerInit(PairScorer *scorer, const Weights *weights, const Model *model)
{
	scorer->weights = weights;
	scorer->model = model;
	WeightTableInit(&scorer->table, weights);
}
