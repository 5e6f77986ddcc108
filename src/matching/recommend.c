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

#include "base/sql_values.h"
#include "core/core.h"
#include "matching/people.h"
#include "scoring/call_cache.h"
#include "scoring/conflicts.h"
#include "scoring/pair_rules.h"

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

/*
 * Fewer mentors with seats than this, or fewer per pick asked for than
 * RECOMMEND_BLOCK_SHARE, are scanned without blocks.
 */
#define RECOMMEND_BLOCKS_MIN	1024
#define RECOMMEND_BLOCK_SHARE	16

/* Blocks by bound, the highest first (qsort_arg over the bounds). */
static int
CompareBlocks(const void *a, const void *b, void *arg)
{
	const double *ub = arg;
	double		x = ub[*(const int32 *) a],
				y = ub[*(const int32 *) b];

	return x > y ? -1 : x < y ? 1 : 0;
}

/* recommend(mentees, mentors, k, weights, exclude, model, keep, forbid, rules) */
PG_FUNCTION_INFO_V1(mentormatch_recommend);
Datum
mentormatch_recommend(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PairScorer	scorer;
	Weights		weights;
	PairRules	rules;
	ForbiddenMarks forbidden;
	int			exclude;
	int32		k;
	People		people;
	Cohort	   *c;
	Pick	   *heap;
	int32	   *order;
	int32		i,
				x;
	const ColumnBlocks *blocks;
	int32	   *by_bound = NULL;
	double	   *ub = NULL,
			   *work = NULL;
	int64		scored = 0,
				bounded = 0;

	if (PG_ARGISNULL(2) || PG_GETARG_INT32(2) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be zero or more")));
	k = PG_GETARG_INT32(2);
	(void) CachedWeights(fcinfo, 3);	/* bad weights fail first */
	ModelWithoutHealth(CachedModel(fcinfo, 5), "recommend()");
	exclude = ParseConflictMask(PG_ARGISNULL(4) ? NULL : PG_GETARG_ARRAYTYPE_P(4));
	InitMaterializedSRF(fcinfo, 0);

	ReadPeople(&people, fcinfo, "recommend", 0, 6, 7, true, false);
	PeopleRoundWeights(&people, CachedWeights(fcinfo, 3), &weights);
	PairScorerInit(&scorer, &weights, CachedModel(fcinfo, 5));
	ParseRules(ArgIsNullOrAbsent(fcinfo, 8) ? NULL : PG_GETARG_ARRAYTYPE_P(8), people.dict,
			   people.mentees, people.cohort->nrows, people.mentors, people.cohort->ncols,
			   &rules);
	c = people.cohort;
	k = Min(k, c->ncols);
	if (scorer.model == NULL && (int64) k * RECOMMEND_BLOCK_SHARE <= c->ncols)
		PeopleMakeBlocks(&people, RECOMMEND_BLOCKS_MIN);
	CohortEndInput(c, mul_size(sizeof(Pick), Max(k, 1)));
	heap = CohortAlloc(c, mul_size(sizeof(Pick), Max(k, 1)));

	ForbiddenMarksInit(c, &forbidden);
	order = CohortRowsById(c);

	/*
	 * With weights and blocks of mentors (mentor_blocks.h), a mentee's blocks
	 * are scanned by bound, the highest first, until the rest cannot beat
	 * the worst pick kept; else every mentor with seats, in turn, as one
	 * block.
	 */
	blocks = &people.blocks;
	if (blocks->nblocks > 0)
	{
		by_bound = CohortAlloc(c, sizeof(int32) * blocks->nblocks);
		ub = CohortAlloc(c, sizeof(double) * blocks->nblocks);
		work = CohortAlloc(c, sizeof(double) * blocks->nblocks);
	}
	else
		blocks = NULL;
	for (i = 0; i < c->nrows; i++)
	{
		int32		r = order[i];
		int64		n = 0;
		int32		row_scored = 0;
		int			rank;

		CHECK_FOR_INTERRUPTS();
		ForbiddenMarksRow(&forbidden, r);
		PeopleCoverRow(&people, r);
		if (blocks != NULL)
		{
			PeopleBlockBounds(&people, &scorer.table, r, work, ub);
			for (x = 0; x < blocks->nblocks; x++)
				by_bound[x] = x;
			qsort_arg(by_bound, blocks->nblocks, sizeof(int32), CompareBlocks, ub);
		}
		for (x = 0; k > 0 && x < (blocks ? blocks->nblocks : 1); x++)
		{
			int32		y,
						from = blocks ? blocks->block[by_bound[x]].start : 0,
						to = blocks ? blocks->block[by_bound[x]].end : c->ncols;

			/* a tie with the worst pick may still beat it, by mentor id */
			if (blocks != NULL &&
				(ub[by_bound[x]] == -INFINITY || (n == k && ub[by_bound[x]] < heap[0].score)))
			{
				/* the blocks are cut from the mentors with seats, in turn */
				bounded += blocks->block[blocks->nblocks - 1].end - row_scored;
				break;
			}
			row_scored += to - from;
			for (y = from; y < to; y++)
			{
				int32		j = blocks ? blocks->cols[y] : y;
				Pick		pick;
				int			conflicts;

				/* in bound order the mentors lie apart in memory */
				if (blocks != NULL && y + 2 < to)
					PeoplePrefetch(&people, r, blocks->cols[y + 2]);

				if ((y & 255) == 255)
					CHECK_FOR_INTERRUPTS();
				if (c->capacity[j] == 0 ||
					!PeopleScore(&people, r, j, &scorer, &pick.score, &conflicts))
					continue;
				pick.mentor_id = c->col_id[j];
				/* what costs more than a score is asked of a pick kept only */
				if ((n == k && !PickBetter(&pick, &heap[0])) ||
					(PeopleConflicts(&people, r, j, conflicts) & exclude) ||
					ForbiddenMarked(&forbidden, r, j) ||
					(rules.count > 0 &&
					 BrokenRules(&rules, &people.mentors[j], &people.mentees[r]) != 0))
					continue;
				if (n < k)
					PickHeap_push(NULL, heap, &n, pick);
				else
					PickHeap_sift_down(NULL, heap, n, 0, pick);
			}
		}
		scored += row_scored;
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
	elog(DEBUG1, "recommend: %lld pairs looked at, %lld only bounded",
		 (long long) scored, (long long) bounded);
	CohortDestroy(c);
	return (Datum) 0;
}
