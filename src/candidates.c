/*
 * candidates.c
 *		Which pairs of match() are candidates, and their scores (see
 *		candidates.h).
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/float.h"

#include "candidates.h"
#include "conflicts.h"

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
		if (!PairScore(ms, row, cols[x], &scores[x]))
			scores[x] = get_float8_nan();
	}
}

int32
RowCandidates(MatchScoring *ms, int32 i, int32 *cols, double *scores)
{
	Cohort	   *c = ms->people->cohort;
	int32		n = 0,
				j;

	PeopleCoverRow(ms->people, i);
	for (j = 0; j < c->ncols; j++)
	{
		double		score;

		if ((j & 255) == 255)
			CHECK_FOR_INTERRUPTS();
		if (!PairScore(ms, i, j, &score))
			continue;
		if (c->capacity[j] == 0)
		{
			if (AdmitPair(ms, i, j))
				CohortAddEdge(c, i, j, score, 0.0);
		}
		else
		{
			cols[n] = j;
			scores[n++] = score;
		}
	}
	return n;
}
