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
CandidateScore(MatchScoring *ms, int32 i, int32 j, double *score)
{
	People	   *people = ms->people;
	Cohort	   *c = people->cohort;
	int			conflicts;
	uint32		removed;

	if (!CohortWantsEdge(c, i, j) ||
		!PeopleScore(people, i, j, ms->scorer, score, &conflicts))
		return false;
	if (!KeepScore(*score, (void *) ms->filter))
	{
		c->row_flags[i] |= ROW_BELOW_MIN;
		return false;
	}
	removed = (uint32) (PeopleConflicts(people, i, j, conflicts) & ms->exclude)
		<< ROW_CONFLICT_SHIFT;
	if (ForbiddenMarked(&ms->forbidden, i, j))
		removed |= ROW_FORBIDDEN;
	if (ms->rules->count > 0)
		removed |= BrokenRules(ms->rules, &people->mentors[j], &people->mentees[i])
			<< ROW_RULE_SHIFT;
	c->row_flags[i] |= removed;
	return removed == 0;
}

void
RescorePairs(void *arg, int32_t row, const int32_t *cols, int32_t n,
			 double *scores)
{
	MatchScoring *ms = arg;
	int32		x;

	ForbiddenMarksRow(&ms->forbidden, row);
	for (x = 0; x < n; x++)
	{
		if ((x & 255) == 255)
			CHECK_FOR_INTERRUPTS();
		if (!CandidateScore(ms, row, cols[x], &scores[x]))
			scores[x] = get_float8_nan();
	}
}


int32
RowCandidates(MatchScoring *ms, int32 i, int32 *cols, double *scores)
{
	Cohort	   *c = ms->people->cohort;
	int32		n = 0,
				j;

	ForbiddenMarksRow(&ms->forbidden, i);
	PeopleCoverRow(ms->people, i);
	for (j = 0; j < c->ncols; j++)
	{
		double		score;

		if ((j & 255) == 255)
			CHECK_FOR_INTERRUPTS();
		if (!CandidateScore(ms, i, j, &score))
			continue;
		if (c->capacity[j] == 0)
			CohortAddEdge(c, i, j, score, 0.0);
		else
		{
			cols[n] = j;
			scores[n++] = score;
		}
	}
	return n;
}
