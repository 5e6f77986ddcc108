/*
 * people.c
 *		Reading the mentees and mentors of match() and recommend() (see
 *		people.h).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "base/inner_query.h"
#include "base/sql_values.h"
#include "matching/parity.h"
#include "matching/people.h"
#include "matching/priority.h"
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
 * One query of people: its argument, what each row is, and which of the
 * cohort's sides its people go to.
 */
typedef struct SideQuery
{
	const char *argname;		/* "mentees", "mentors", "people" */
	const char *role;			/* "mentee", "mentor", "person" */
	const char *Role;			/* the same, capitalised */
	bool		columns;		/* the cohort's columns, else its rows */
	const char *third;			/* an optional column: "capacity" (columns),
								 * "priority" (rows), or NULL */
	bool		group;			/* rows: an optional "group" text column
								 * (matching/parity.h) */
} SideQuery;

/*
 * Reads one side: (id, profile), an optional third column, a mentor's
 * capacity or a mentee's priority (CohortSetPriority), and, with
 * side->group, a mentee's group (CohortSetGroup).  A repeated id is an
 * error.  Returns the Persons, indexed like the rows or columns of the
 * cohort.  Each profile is decoded in the query's row context, then copied
 * into the cohort as one block, charged first.
 */
static Person *
ReadSide(Cohort *c, LabelDict *dict, FunctionCallInfo fcinfo, int argno,
		 const SideQuery *side)
{
	InnerColumn cols[4] = {
		INNER_COLUMN("id", COLUMN_ID, true),
		{"profile", COLUMN_COMPOSITE, true, ExtensionTypeOid(fcinfo, "profile")},
	};
	int			ncols = 2,
				third = -1,
				group = -1;
	InnerQuery	q;
	Person	   *persons = NULL;
	int32		cap = 0;
	int32		n = 0;
	DecodingPerson who;
	ErrorContextCallback cb;

	if (side->third != NULL)
	{
		third = ncols;
		cols[ncols++] = (InnerColumn) INNER_COLUMN(side->third, COLUMN_ID, false);
	}
	if (side->group)
	{
		group = ncols;
		cols[ncols++] = (InnerColumn) INNER_COLUMN("group", COLUMN_TEXT, false);
	}
	InnerQueryOpen(&q, side->argname, RequiredText(fcinfo, argno, side->argname), cols,
				   ncols);
	if (group >= 0 && InnerQueryHas(&q, group))
		CohortGroupsBegin(c);
	who.q = &q;
	who.role = side->role;
	cb.callback = DecodingPersonContext;
	cb.arg = &who;
	while (InnerQueryNext(&q))
	{
		int64		id = InnerQueryId(&q, 0);
		int32		index = side->columns ? CohortCol(c, id) : CohortRow(c, id);
		Person		decoded;
		MemoryContext old;

		if (index < n)
			InnerQueryBadValue(&q, 0, psprintf("%s %lld appears more than once.",
											   side->Role, (long long) id));
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
		DecodeProfile(DatumGetHeapTupleHeader(InnerQueryDatum(&q, 1)), dict, &decoded);
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
											   side->role, (long long) id,
											   (long long) decoded.id));
		PersonCopy(&persons[index], &decoded,
				   CohortAlloc(c, PersonArrayBytes(&decoded)));
		if (third >= 0 && InnerQueryHas(&q, third))
		{
			if (side->columns)
				ReadCapacity(&q, third, c, index, id);
			else
				CohortSetPriority(c, index, InnerQueryId(&q, third));
		}
		if (group >= 0 && InnerQueryHas(&q, group))
			CohortSetGroup(c, index, &q, group);
	}
	InnerQueryClose(&q);
	return persons;
}

Person *
ReadPersons(Cohort *c, LabelDict *dict, FunctionCallInfo fcinfo, int argno,
			const char *argname)
{
	SideQuery	side = {argname, "person", "Person", false, NULL, false};

	return ReadSide(c, dict, fcinfo, argno, &side);
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

int32
IndexGoals(Cohort *c, const Person *persons, int32 n, int64 **goal_start,
		   int32 **goal_skill, const CompiledSkill ***skill)
{
	int32		i,
				g,
				nskills = 0;
	int64		total = 0,
				size = 2,
				at = 0;
	int32	   *slot;

	for (i = 0; i < n; i++)
		if (persons[i].has_goals)
			total += persons[i].goals.count;
	while (size < total * 2)
		size *= 2;
	*goal_start = CohortAlloc(c, sizeof(int64) * (n + 1));
	*goal_skill = CohortAlloc(c, sizeof(int32) * Max(total, 1));
	*skill = CohortAlloc(c, sizeof(CompiledSkill *) * Max(total, 1));
	slot = palloc(sizeof(int32) * size);
	memset(slot, 0xFF, sizeof(int32) * size);
	for (i = 0; i < n; i++)
	{
		const Person *p = &persons[i];

		(*goal_start)[i] = at;
		for (g = 0; p->has_goals && g < p->goals.count; g++)
		{
			const CompiledSkill *s = &p->goals.skills[g];
			int64		h;

			for (h = (int64) (SkillHash(s) & (size - 1));; h = (h + 1) & (size - 1))
			{
				if (slot[h] < 0)
				{
					slot[h] = nskills;
					(*skill)[nskills++] = s;
				}
				if (SkillEqual((*skill)[slot[h]], s))
					break;
			}
			(*goal_skill)[at++] = slot[h];
		}
	}
	(*goal_start)[n] = at;
	pfree(slot);
	return nskills;
}

/* Indexes the skills the mentees want (People.goal_start and so on). */
static void
IndexGoalSkills(People *people)
{
	Cohort	   *c = people->cohort;
	int32		n = c->nrows,
				g,
				nskills;

	nskills = IndexGoals(c, people->mentees, n, &people->goal_start,
						 &people->goal_skill, &people->skill);
	people->skill_best = CohortAlloc(c, sizeof(double *) * Max(nskills, 1));
	people->skill_block = CohortAlloc(c, sizeof(double *) * Max(nskills, 1));
	for (g = 0; g < nskills; g++)
		people->skill_best[g] = people->skill_block[g] = NULL;
	people->covered = CohortAlloc(c, sizeof(bool) * Max(n, 1));
	memset(people->covered, 0, sizeof(bool) * Max(n, 1));
	people->nskills = nskills;
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

LabelDict *
CohortLabelDict(Cohort *c)
{
	MemoryContext old = MemoryContextSwitchTo(c->cxt);
	LabelDict  *dict = CreateLabelDict(1024, ChargeCohort, c);

	MemoryContextSwitchTo(old);
	return dict;
}

void
ReadPeople(People *people, FunctionCallInfo fcinfo, const char *what,
		   int mentees_argno, int keep_argno, int forbid_argno,
		   bool keep_seats_only, int mentee_columns)
{
	SideQuery	mentees = {"mentees", "mentee", "Mentee", false,
		(mentee_columns & MENTEES_PRIORITY) ? "priority" : NULL,
	(mentee_columns & MENTEES_GROUP) != 0};
	SideQuery	mentors = {"mentors", "mentor", "Mentor", true, "capacity", false};

	people->cohort = CohortCreate(what, false);
	people->dict = CohortLabelDict(people->cohort);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	people->mentees = ReadSide(people->cohort, people->dict, fcinfo, mentees_argno, &mentees);
	people->mentors = ReadSide(people->cohort, people->dict, fcinfo, mentees_argno + 1, &mentors);
	ReadKeepAndForbid(people->cohort, fcinfo, keep_argno, forbid_argno,
					  keep_seats_only);
	(void) CohortRowClasses(people->cohort);
	SPI_finish();
	PeopleLayOut(people);
}

void
PeopleLayOut(People *people)
{
	Cohort	   *c = people->cohort;
	Size		before = c->charged;

	IndexGoalSkills(people);
	ScoreKernelInit(&people->kernel, people->mentees, c->nrows, people->mentors,
					c->ncols, CohortAlloc(c, ScoreKernelBytes(c->nrows, c->ncols)));
	people->blocks.nblocks = 0;
	people->layout_bytes = c->charged - before;
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

/*
 * The sums of a round's factor values (each in [0, 1]), the same whatever
 * order the people come in: with 128-bit integers, in units of 2^-62,
 * exactly; else as doubles (the last bits may then follow the order).
 */
#ifdef HAVE_INT128
typedef int128 RoundSum;
#define RoundSumTerm(x)		((RoundSum) ldexp((x), 62))
#define RoundSumValue(s)	ldexp((double) (s), -62)
#else
typedef double RoundSum;
#define RoundSumTerm(x)		(x)
#define RoundSumValue(s)	(s)
#endif

void
PeopleRoundWeights(const People *people, const Weights *given, Weights *out)
{
	const Cohort *c = people->cohort;
	RoundSum	sum[NUM_FACTORS] = {0};
	int64		count[NUM_FACTORS] = {0};
	double		v[NUM_FACTORS];
	int32		i,
				j;
	int			f;

	*out = *given;
	if (!given->unknown_mean)
		return;
	for (i = 0; i < c->nrows; i++)
		for (j = 0; j < c->ncols; j++)
		{
			unsigned	known;

			if ((j & 1023) == 1023)
				CHECK_FOR_INTERRUPTS();
			known = KernelFactors(&people->kernel, i, j, NULL, v);
			for (f = 0; f < NUM_FACTORS; f++)
				if (known & FACTOR_BIT(f))
				{
					sum[f] += RoundSumTerm(v[f]);
					count[f]++;
				}
		}
	for (f = 0; f < NUM_FACTORS; f++)
		out->unknown[f] = count[f] > 0 ? RoundSumValue(sum[f]) / count[f] : DEFAULT_UNKNOWN;
}

void
PairScorerInit(PairScorer *scorer, const Weights *weights, const Model *model)
{
	scorer->weights = weights;
	scorer->model = model;
	WeightTableInit(&scorer->table, weights);
}
