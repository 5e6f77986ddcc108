/*
 * assign.c
 *		assign(): the optimal assignment of mentees to mentors from
 *		candidate scores given by an inner query.
 *
 * Reads the candidates (long or wide form, base/inner_query.h) into a Cohort,
 * with the kept and forbidden pairs, the priorities and, for parity, the
 * mentees' groups (parity.h), hands the laid-out problem to the
 * capacitated solver (core/flow.h) and returns one row per mentee, sorted
 * by mentee id.
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "utils/float.h"

#include "base/sql_values.h"
#include "matching/parity.h"
#include "matching/priority.h"
#include "matching/solve.h"

/* Columns of the candidates query of assign(): long or wide form. */
enum
{
	CAND_MENTEE,
	CAND_MENTOR,
	CAND_SCORE,
	CAND_MENTORS,
	CAND_SCORES,
	CAND_NCOLUMNS
};

/*
 * Reads the candidates query, (mentee_id, mentor_id, score) or wide
 * (mentee_id, mentor_ids[], scores[]), and leaves it open in *q, for
 * errors about it; returns the column that names each pair's mentor.
 */
static int
ReadCandidates(Cohort *c, text *sql, InnerQuery *q)
{
	InnerColumn cols[CAND_NCOLUMNS] = {
		INNER_COLUMN("mentee_id", COLUMN_ID, true),
		INNER_COLUMN("mentor_id", COLUMN_ID, false),
		INNER_COLUMN("score", COLUMN_NUMBER, false),
		INNER_COLUMN("mentor_ids", COLUMN_ID_ARRAY, false),
		INNER_COLUMN("scores", COLUMN_NUMBER_ARRAY, false),
	};
	bool		wide;
	int64	   *last_ids = NULL;	/* wide form: the previous row's mentors */
	int32	   *last_cols = NULL;
	int			last_n = -1;
	int			last_cap = 0;

	InnerQueryOpen(q, "candidates", sql, cols, CAND_NCOLUMNS);
	wide = InnerQueryHas(q, CAND_MENTORS);
	InnerQueryRequire(q, wide ? CAND_SCORES : CAND_MENTOR);
	InnerQueryRequire(q, wide ? CAND_MENTORS : CAND_SCORE);

	while (InnerQueryNext(q))
	{
		int32		row = CohortRow(c, InnerQueryId(q, CAND_MENTEE));

		if (!wide)
		{
			int64		mentor = InnerQueryId(q, CAND_MENTOR);
			double		score = InnerQueryNumber(q, CAND_SCORE);

			CohortAddEdge(c, row, CohortCol(c, mentor), score, 0.0);
		}
		else
		{
			int64	   *ids;
			double	   *scores;
			int			n,
						nscores,
						k;

			InnerQueryIdArray(q, CAND_MENTORS, &ids, &n);
			InnerQueryNumberArray(q, CAND_SCORES, &scores, &nscores);
			if (n != nscores)
				InnerQueryBadValue(q, CAND_SCORES,
								   psprintf("mentor_ids has %d elements and scores %d.",
											n, nscores));
			/* dense input repeats the same mentor list: map it once */
			if (n != last_n || memcmp(ids, last_ids, sizeof(int64) * n) != 0)
			{
				if (n > last_cap)
				{
					last_ids = CohortGrow(c, last_ids, sizeof(int64), last_cap, n);
					last_cols = CohortGrow(c, last_cols, sizeof(int32), last_cap, n);
					last_cap = n;
				}
				memcpy(last_ids, ids, sizeof(int64) * n);
				for (k = 0; k < n; k++)
					last_cols[k] = CohortCol(c, ids[k]);
				last_n = n;
			}
			CohortAddEdges(c, row, last_cols, scores, n);
		}
	}
	return wide ? CAND_MENTORS : CAND_MENTOR;
}

/*
 * A pair's score, the column between mentor and reason: a kept pair's is
 * its candidate score, NULL when it is no candidate.
 */
static void
FillScore(void *arg, int32 r, int32 col, int64 e, Datum *values, bool *nulls)
{
	Cohort	   *c = arg;
	double		score = e >= 0 ? c->score[e] :
		col >= 0 ? c->kept_score[r] : get_float8_nan();

	nulls[2] = isnan(score);
	if (!nulls[2])
		values[2] = Float8GetDatum(score);
}

/* The groups query's argument (the last). */
#define ASSIGN_GROUPS_ARGNO	7

/*
 * assign(candidates, capacities, objective, min_score, keep, forbid,
 * priorities, groups)
 */
PG_FUNCTION_INFO_V1(mentormatch_assign);
Datum
mentormatch_assign(PG_FUNCTION_ARGS)
{
	text	   *candidates = RequiredText(fcinfo, 0, "candidates");
	ScoreFilter filter;
	Cohort	   *c;
	InnerQuery	q;
	int			mentor_column;
	int64	   *row_edge;

	filter.objective = ParseObjective(fcinfo, 2);
	filter.has_min = ParseMinScore(fcinfo, 3, false, &filter.min_score);
	InitMaterializedSRF(fcinfo, 0);

	c = CohortCreate("assign", false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	mentor_column = ReadCandidates(c, candidates, &q);
	if (!PG_ARGISNULL(1))
		ReadCapacities(c, PG_GETARG_TEXT_PP(1));
	ReadKeepAndForbid(c, fcinfo, 4, 5, false);
	if (!ArgIsNullOrAbsent(fcinfo, 6))
		ReadPriorities(c, PG_GETARG_TEXT_PP(6));
	if (!ArgIsNullOrAbsent(fcinfo, ASSIGN_GROUPS_ARGNO))
		ReadGroups(c, PG_GETARG_TEXT_PP(ASSIGN_GROUPS_ARGNO));
	(void) CohortRowClasses(c);
	CheckGroupsForObjective(c, filter.objective,
							"groups => a query of (mentee_id, \"group\")");
	CohortEndInput(c, SolveCohortBound(c, filter.objective));
	LayoutCandidates(c, &q, CAND_MENTEE, mentor_column);
	InnerQueryClose(&q);
	SPI_finish();

	CohortFilter(c, KeepScore, &filter);
	row_edge = SolveCohort(c, filter.objective);
	ReturnMatching(fcinfo, c, row_edge, FillScore, c);
	CohortDestroy(c);
	return (Datum) 0;
}
