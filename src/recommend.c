/*
 * recommend.c
 *		recommend(): each mentee's best k mentors with free seats, for
 *		self-select programmes.
 *
 * Reads mentees and mentors (people.h), scores pairs with the same kernels
 * as score(), and keeps each mentee's best k in a bounded heap whose root
 * is the worst pick kept.
 */
#include "postgres.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "base.h"
#include "callcache.h"
#include "conflicts.h"
#include "core/core.h"
#include "people.h"
#include "rules.h"

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

/* The picks kept, worst on top. */
#define HEAP_PREFIX		PickHeap
#define HEAP_ELEMENT	Pick
#define HEAP_ARG		void *
#define HEAP_FIRST(arg, a, b)	PickBetter(&(b), &(a))
#include "core/heap.h"

static int
ComparePicks(const void *a, const void *b)
{
	return PickBetter(a, b) ? -1 : PickBetter(b, a) ? 1 : 0;
}

/* recommend(mentees, mentors, k, weights, exclude, model, keep, forbid, rules) */
PG_FUNCTION_INFO_V1(mentormatch_recommend);
Datum
mentormatch_recommend(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PairScorer	scorer;
	PairRules	rules;
	ForbiddenMarks forbidden;
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
	PairScorerInit(&scorer, CachedWeights(fcinfo, 3), CachedModel(fcinfo, 5));
	exclude = ParseConflictMask(PG_ARGISNULL(4) ? NULL : PG_GETARG_ARRAYTYPE_P(4));
	InitMaterializedSRF(fcinfo, 0);

	ReadPeople(&people, fcinfo, "recommend", 6, 7, true);
	ParseRules(ArgIsNullOrAbsent(fcinfo, 8) ? NULL : PG_GETARG_ARRAYTYPE_P(8), people.dict,
			   &rules);
	c = people.cohort;
	k = Min(k, c->ncols);
	CohortEndInput(c, mul_size(sizeof(Pick), Max(k, 1)));
	heap = CohortAlloc(c, mul_size(sizeof(Pick), Max(k, 1)));

	ForbiddenMarksInit(c, &forbidden);
	order = CohortRowsById(c);
	for (i = 0; i < c->nrows; i++)
	{
		int32		r = order[i];
		int64		n = 0;
		int			rank;

		CHECK_FOR_INTERRUPTS();
		ForbiddenMarksRow(&forbidden, r);
		PeopleCoverRow(&people, r);
		for (j = 0; j < c->ncols && k > 0; j++)
		{
			Pick		pick;
			int			conflicts;

			if ((j & 255) == 255)
				CHECK_FOR_INTERRUPTS();
			if (c->capacity[j] == 0 ||
				!PeopleScore(&people, r, j, &scorer, &pick.score, &conflicts) ||
				(PeopleConflicts(&people, r, j, conflicts) & exclude) ||
				ForbiddenMarked(&forbidden, r, j) ||
				(rules.count > 0 &&
				 BrokenRules(&rules, &people.mentors[j], &people.mentees[r]) != 0))
				continue;
			pick.mentor_id = c->col_id[j];
			if (n < k)
				PickHeap_push(NULL, heap, &n, pick);
			else if (PickBetter(&pick, &heap[0]))
				PickHeap_sift_down(NULL, heap, n, 0, pick);
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
