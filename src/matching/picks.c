/*
 * picks.c
 *		A mentee's best mentors with seats, by blocks or in turn (see
 *		picks.h).
 */
#include "postgres.h"

#include "miscadmin.h"

#include "matching/picks.h"
#include "scoring/conflicts.h"

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

void
SortPicks(Pick *picks, int32 n)
{
	qsort(picks, n, sizeof(Pick), ComparePicks);
}

/*
 * Fewer mentors with seats than this, or fewer per pick asked for than
 * PICKS_BLOCK_SHARE, are scanned without blocks.
 */
#define PICKS_BLOCKS_MIN	1024
#define PICKS_BLOCK_SHARE	16

void
PickerMakeBlocks(People *people, const PairScorer *scorer, int64 most)
{
	if (scorer->model == NULL && most * PICKS_BLOCK_SHARE <= people->cohort->ncols)
		PeopleMakeBlocks(people, PICKS_BLOCKS_MIN);
}

void
PickerInit(Picker *pk, People *people, const PairScorer *scorer,
		   const PairRules *rules, int exclude)
{
	Cohort	   *c = people->cohort;
	int32		nblocks = people->blocks.nblocks;

	pk->people = people;
	pk->scorer = scorer;
	pk->rules = rules;
	pk->exclude = exclude;
	pk->scored = 0;
	pk->bounded = 0;
	ForbiddenMarksInit(c, &pk->forbidden);
	pk->blocks = nblocks > 0 ? &people->blocks : NULL;
	if (pk->blocks != NULL)
	{
		pk->by_bound = CohortAlloc(c, sizeof(int32) * nblocks);
		pk->ub = CohortAlloc(c, sizeof(double) * nblocks);
		pk->work = CohortAlloc(c, sizeof(double) * nblocks);
	}
}

bool
PickerAdmits(Picker *pk, int32 r, int32 j)
{
	People	   *people = pk->people;

	ForbiddenMarksRow(&pk->forbidden, r);
	return !(KernelConflicts(&people->kernel, r, j) & pk->exclude) &&
		!ForbiddenMarked(&pk->forbidden, r, j) &&
		(pk->rules->count == 0 ||
		 BrokenRules(pk->rules, &people->mentors[j], &people->mentees[r]) == 0);
}

/* Blocks by bound, the highest first (qsort_arg over the bounds). */
static int
CompareBlocks(const void *a, const void *b, void *arg)
{
	const double *ub = arg;
	double		x = ub[*(const int32 *) a],
				y = ub[*(const int32 *) b];

	return x > y ? -1 : x < y ? 1 : 0;
}

int32
PickerRow(Picker *pk, int32 r, int32 most, Pick *heap)
{
	People	   *people = pk->people;
	Cohort	   *c = people->cohort;
	const ColumnBlocks *blocks = pk->blocks;
	int64		n = 0;
	int32		row_scored = 0,
				x;

	ForbiddenMarksRow(&pk->forbidden, r);
	PeopleCoverRow(people, r);
	if (blocks != NULL)
	{
		PeopleBlockBounds(people, &pk->scorer->table, r, pk->work, pk->ub);
		for (x = 0; x < blocks->nblocks; x++)
			pk->by_bound[x] = x;
		qsort_arg(pk->by_bound, blocks->nblocks, sizeof(int32), CompareBlocks, pk->ub);
	}
	for (x = 0; most > 0 && x < (blocks ? blocks->nblocks : 1); x++)
	{
		int32		y,
					from = blocks ? blocks->block[pk->by_bound[x]].start : 0,
					to = blocks ? blocks->block[pk->by_bound[x]].end : c->ncols;

		/* a tie with the worst pick may still beat it, by mentor id */
		if (blocks != NULL &&
			(pk->ub[pk->by_bound[x]] == -INFINITY ||
			 (n == most && pk->ub[pk->by_bound[x]] < heap[0].score)))
		{
			/* the blocks are cut from the mentors with seats, in turn */
			pk->bounded += blocks->block[blocks->nblocks - 1].end - row_scored;
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
				PeoplePrefetch(people, r, blocks->cols[y + 2]);

			if ((y & 255) == 255)
				CHECK_FOR_INTERRUPTS();
			if (c->capacity[j] == 0 ||
				!PeopleScore(people, r, j, pk->scorer, &pick.score, &conflicts))
				continue;
			pick.mentor_id = c->col_id[j];
			pick.col = j;
			/* what costs more than a score is asked of a pick kept only */
			if ((n == most && !PickBetter(&pick, &heap[0])) ||
				(PeopleConflicts(people, r, j, conflicts) & pk->exclude) ||
				ForbiddenMarked(&pk->forbidden, r, j) ||
				(pk->rules->count > 0 &&
				 BrokenRules(pk->rules, &people->mentors[j], &people->mentees[r]) != 0))
				continue;
			if (n < most)
				PickHeap_push(NULL, heap, &n, pick);
			else
				PickHeap_sift_down(NULL, heap, n, 0, pick);
		}
	}
	pk->scored += row_scored;
	return (int32) n;
}
