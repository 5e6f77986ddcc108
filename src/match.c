/*
 * match.c
 *		match() and recommend(): matching straight from profiles.
 *
 * Both read (id, profile) rows for mentees and (id, profile[, capacity])
 * rows for mentors, decode every profile once into a Person with one
 * shared dictionary (profile.h), and score pairs with the same kernels as
 * score() (score.c), so the numbers are equal to score()'s, bit for bit.
 * match() then solves as assign() does; recommend() keeps each mentee's
 * best k mentors in a bounded heap.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"

#include "cohort.h"
#include "innerquery.h"
#include "matching.h"
#include "score.h"

/* Everyone in one call, decoded. */
typedef struct People
{
	Cohort	   *cohort;			/* rows: mentees; columns: mentors */
	Person	   *mentees;		/* per row */
	Person	   *mentors;		/* per column */
	LabelDict  *dict;
} People;

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

/*
 * Reads one side: (id, profile) and, for mentors, an optional capacity.
 * A repeated id is an error.  Returns the Persons, indexed like the rows
 * (mentees) or columns (mentors) of the cohort.
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
	MemoryContext old;

	InnerQueryOpen(&q, argname, RequiredText(fcinfo, argno, argname), cols,
				   mentors ? 3 : 2);
	while (InnerQueryNext(&q))
	{
		int64		id = InnerQueryId(&q, 0);
		int32		index = mentors ? CohortCol(c, id) : CohortRow(c, id);
		Person	   *p;

		if (index < n)
			InnerQueryBadValue(&q, 0, psprintf("%s %lld appears more than once.",
											   mentors ? "Mentor" : "Mentee",
											   (long long) id));
		n++;
		if (n > cap)
		{
			int32		newcap = Max(256, cap * 2);
			Person	   *grown = CohortAlloc(c, mul_size(sizeof(Person), newcap));

			if (persons)
				memcpy(grown, persons, sizeof(Person) * cap);
			persons = grown;
			cap = newcap;
		}
		p = &persons[index];
		old = MemoryContextSwitchTo(c->cxt);
		DecodeProfile(DatumGetHeapTupleHeader(InnerQueryDatum(&q, 1)), people->dict, p);
		MemoryContextSwitchTo(old);
		/* the id column names the person when the profile does not */
		if (!p->has_id)
		{
			p->has_id = true;
			p->id = id;
		}
		else if (p->id != id)
			InnerQueryBadValue(&q, 1, psprintf("The profile of %s %lld has id %lld.",
											   mentors ? "mentor" : "mentee",
											   (long long) id, (long long) p->id));
		if (mentors && InnerQueryHas(&q, 2))
		{
			int64		capacity = InnerQueryId(&q, 2);

			if (capacity < 0 || capacity > PG_INT32_MAX)
				InnerQueryBadValue(&q, 2,
								   psprintf("Mentor %lld has capacity %lld; a capacity "
											"is from 0 to %d.", (long long) id,
											(long long) capacity, PG_INT32_MAX));
			c->capacity[index] = (int32) capacity;
		}
	}
	return persons;
}

static void
ReadPeople(People *people, FunctionCallInfo fcinfo, const char *what)
{
	people->cohort = CohortCreate(what, false);
	people->dict = NULL;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	{
		MemoryContext old = MemoryContextSwitchTo(people->cohort->cxt);

		people->dict = CreateLabelDict(1024);
		MemoryContextSwitchTo(old);
	}
	people->mentees = ReadSide(people, fcinfo, 0, false);
	people->mentors = ReadSide(people, fcinfo, 1, true);
	SPI_finish();
	/* decoded profiles, counted once they are known */
	CohortCharge(people->cohort,
				 MemoryContextMemAllocated(people->cohort->cxt, true) / 2);
}

static int
ExcludeMask(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? 0 : ParseConflictMask(PG_GETARG_ARRAYTYPE_P(argno));
}

/* The score of mentor j for mentee i; false when no factor is known. */
static inline bool
PairScore(People *people, int32 i, int32 j, const double *weights,
		  FactorValues *f, double *score)
{
	ComputeFactors(&people->mentors[j], &people->mentees[i], f);
	return WeightedScore(f, weights, score, NULL);
}

/* match(mentees, mentors, weights, objective, min_score, exclude) */
PG_FUNCTION_INFO_V1(mentormatch_match);
Datum
mentormatch_match(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const double *weights;
	ScoreFilter filter;
	int			exclude;
	People		people;
	Cohort	   *c;
	bool	   *blocked;
	int64	   *row_edge;
	int32	   *order;
	int32		i,
				j;
	Oid			level_type;

	weights = CachedWeights(fcinfo, 2);
	filter.objective = ParseObjective(fcinfo, 3);
	filter.has_min = ParseMinScore(fcinfo, 4, &filter.min_score);
	exclude = ExcludeMask(fcinfo, 5);
	InitMaterializedSRF(fcinfo, 0);
	level_type = TupleDescAttr(rsinfo->setDesc, 3)->atttypid;

	ReadPeople(&people, fcinfo, "match");
	c = people.cohort;

	/*
	 * Score every pair.  A pair that qualifies but breaks an excluded
	 * conflict is never proposed; it only explains an unmatched mentee
	 * (reason conflict).  Of the mentors without seats, one qualifying pair
	 * per mentee is enough to explain it (reason capacity, as in assign),
	 * so the rest are not scored.
	 */
	blocked = CohortAlloc(c, mul_size(sizeof(bool), Max(c->nrows, 1)));
	for (i = 0; i < c->nrows; i++)
	{
		bool		seatless = false;

		blocked[i] = false;
		CHECK_FOR_INTERRUPTS();
		for (j = 0; j < c->ncols; j++)
		{
			FactorValues f;
			double		score;

			if ((j & 255) == 255)
				CHECK_FOR_INTERRUPTS();
			if ((c->capacity[j] == 0 && seatless) ||
				!PairScore(&people, i, j, weights, &f, &score) ||
				!KeepScore(score, &filter))
				continue;
			if (ComputeConflicts(&people.mentors[j], &people.mentees[i]) & exclude)
			{
				blocked[i] = true;
				continue;
			}
			seatless |= c->capacity[j] == 0;
			CohortAddEdge(c, i, j, score, 0.0);
		}
	}
	CohortLayout(c, "mentees", NULL, NULL);
	row_edge = SolveCohort(c, filter.objective);

	order = CohortRowsById(c);
	for (i = 0; i < c->nrows; i++)
	{
		int32		r = order[i];
		int64		e = row_edge[r];
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = Int64GetDatum(c->row_id[r]);
		if (e >= 0)
		{
			int32		col = c->col[e];
			FactorValues f;
			double		score;
			RiskResult	risk;

			(void) PairScore(&people, r, col, weights, &f, &score);
			risk = ComputeRisk(&people.mentors[col], &people.mentees[r], &f,
							   ComputeConflicts(&people.mentors[col], &people.mentees[r]),
							   true, score);
			values[1] = Int64GetDatum(c->col_id[col]);
			values[2] = Float8GetDatum(c->score[e]);
			values[3] = RiskLevelDatum(fcinfo, level_type, risk.level);
			nulls[4] = true;
		}
		else
		{
			nulls[1] = nulls[2] = nulls[3] = true;
			values[4] = CStringGetTextDatum(!HadCandidate(c, r) && blocked[r] ?
											"conflict" : UnmatchedReason(c, r));
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	CohortDestroy(c);
	return (Datum) 0;
}

/* A recommendation: higher score first, then the lower mentor id. */
typedef struct Pick
{
	double		score;
	int64		mentor_id;
} Pick;

static inline bool
PickBetter(const Pick *a, const Pick *b)
{
	return a->score > b->score ||
		(a->score == b->score && a->mentor_id < b->mentor_id);
}

/* Sift down in a heap whose root is the worst pick kept. */
static void
SiftDown(Pick *heap, int n, int i)
{
	for (;;)
	{
		int			worst = i;
		int			l = 2 * i + 1;
		int			r = l + 1;
		Pick		tmp;

		if (l < n && PickBetter(&heap[worst], &heap[l]))
			worst = l;
		if (r < n && PickBetter(&heap[worst], &heap[r]))
			worst = r;
		if (worst == i)
			return;
		tmp = heap[i];
		heap[i] = heap[worst];
		heap[worst] = tmp;
		i = worst;
	}
}

static void
SiftUp(Pick *heap, int i)
{
	while (i > 0)
	{
		int			parent = (i - 1) / 2;
		Pick		tmp;

		if (!PickBetter(&heap[parent], &heap[i]))
			return;
		tmp = heap[i];
		heap[i] = heap[parent];
		heap[parent] = tmp;
		i = parent;
	}
}

static int
ComparePicks(const void *a, const void *b)
{
	return PickBetter(a, b) ? -1 : PickBetter(b, a) ? 1 : 0;
}

/* recommend(mentees, mentors, k, weights, exclude) */
PG_FUNCTION_INFO_V1(mentormatch_recommend);
Datum
mentormatch_recommend(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const double *weights;
	int			exclude;
	int32		k;
	People		people;
	Cohort	   *c;
	Pick	   *heap;
	int32	   *order;
	int32		i,
				j;

	if (PG_ARGISNULL(2) || PG_GETARG_INT32(2) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be zero or more")));
	k = PG_GETARG_INT32(2);
	weights = CachedWeights(fcinfo, 3);
	exclude = ExcludeMask(fcinfo, 4);
	InitMaterializedSRF(fcinfo, 0);

	ReadPeople(&people, fcinfo, "recommend");
	c = people.cohort;
	k = Min(k, c->ncols);
	heap = CohortAlloc(c, mul_size(sizeof(Pick), Max(k, 1)));

	order = CohortRowsById(c);
	for (i = 0; i < c->nrows; i++)
	{
		int32		r = order[i];
		int			n = 0;
		int			rank;

		CHECK_FOR_INTERRUPTS();
		for (j = 0; j < c->ncols && k > 0; j++)
		{
			FactorValues f;
			Pick		pick;

			if ((j & 255) == 255)
				CHECK_FOR_INTERRUPTS();
			if (c->capacity[j] == 0 ||
				!PairScore(&people, r, j, weights, &f, &pick.score) ||
				(ComputeConflicts(&people.mentors[j], &people.mentees[r]) & exclude))
				continue;
			pick.mentor_id = c->col_id[j];
			if (n < k)
			{
				heap[n] = pick;
				SiftUp(heap, n++);
			}
			else if (PickBetter(&pick, &heap[0]))
			{
				heap[0] = pick;
				SiftDown(heap, n, 0);
			}
		}
		qsort(heap, n, sizeof(Pick), ComparePicks);
		for (rank = 0; rank < n; rank++)
		{
			Datum		values[4];
			bool		nulls[4] = {false, false, false, false};

			values[0] = Int64GetDatum(c->row_id[r]);
			values[1] = Int32GetDatum(rank + 1);
			values[2] = Int64GetDatum(heap[rank].mentor_id);
			values[3] = Float8GetDatum(heap[rank].score);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	CohortDestroy(c);
	return (Datum) 0;
}
