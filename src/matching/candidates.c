/*
 * candidates.c
 *		Which pairs of match() are candidates, and their scores (see
 *		candidates.h).
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/float.h"

#include "matching/candidates.h"
#include "scoring/conflicts.h"

bool
PairScore(MatchScoring *ms, int32 i, int32 j, double *score)
{
	People	   *people = ms->people;
	int			conflicts;

	if (!CohortWantsEdge(people->cohort, i, j) ||
		!PeopleScore(people, i, j, ms->scorer, score, &conflicts))
		return false;
	if (!KeepScore(*score, (void *) ms->filter))
	{
		people->cohort->row_flags[i] |= ROW_BELOW_MIN;
		return false;
	}
	return true;
}

bool
AdmitPair(void *arg, int32_t row, int32_t col)
{
	MatchScoring *ms = arg;
	People	   *people = ms->people;
	uint32		removed;

	ForbiddenMarksRow(&ms->forbidden, row);
	removed = (uint32) (KernelConflicts(&people->kernel, row, col) & ms->exclude)
		<< ROW_CONFLICT_SHIFT;
	if (ForbiddenMarked(&ms->forbidden, row, col))
		removed |= ROW_FORBIDDEN;
	if (ms->rules->count > 0)
		removed |= BrokenRules(ms->rules, &people->mentors[col], &people->mentees[row])
			<< ROW_RULE_SHIFT;
	people->cohort->row_flags[row] |= removed;
	return removed == 0;
}

void
RescorePairs(void *arg, int32_t row, const int32_t *cols, int32_t n,
			 double *scores)
{
	MatchScoring *ms = arg;
	int32		x;

	PeopleCoverRow(ms->people, row);	/* a worker's row, say */
	for (x = 0; x < n; x++)
	{
		if ((x & 255) == 255)
			CHECK_FOR_INTERRUPTS();
		/* by price, the mentors lie apart in memory */
		if (x + 2 < n)
			PeoplePrefetch(ms->people, row, cols[x + 2]);
		if (!PairScore(ms, row, cols[x], &scores[x]))
			scores[x] = get_float8_nan();
	}
}

/*
 * Mentors a tile scores for all its mentees before the next: their compact
 * records and skill credits stay in a core's cache across the tile's rows.
 */
#define TILE_COLS	512

void
TileCandidates(MatchScoring *ms, const int32 *rows, int32 n, int32 *cols,
			   double *scores, int32 *counts)
{
	Cohort	   *c = ms->people->cohort;
	int32		ncols = c->ncols,
				from,
				t,
				j;

	for (t = 0; t < n; t++)
	{
		PeopleCoverRow(ms->people, rows[t]);
		counts[t] = 0;
	}
	for (from = 0; from < ncols; from += TILE_COLS)
	{
		int32		to = Min(from + TILE_COLS, ncols);

		CHECK_FOR_INTERRUPTS();
		for (t = 0; t < n; t++)
		{
			int32		i = rows[t],
						m = counts[t];
			int32	   *tc = cols + (int64) t * ncols;
			double	   *ts = scores + (int64) t * ncols;

			for (j = from; j < to; j++)
			{
				if (!PairScore(ms, i, j, &ts[m]))
					continue;
				if (c->capacity[j] > 0)
					tc[m++] = j;
				else if (AdmitPair(ms, i, j))
					CohortAddEdge(c, i, j, ts[m], 0.0);
			}
			counts[t] = m;
		}
	}
}
