/*
 * stable_match.c
 *		stable_match(): a stable matching by deferred acceptance, from the
 *		preferences an inner query gives.
 *
 * Reads the candidates into a Cohort with two numbers per pair, hands the
 * laid-out problem to the deferred-acceptance core
 * (core/deferred_acceptance.h) and returns one row per mentee, sorted by
 * mentee id.
 */
#include "postgres.h"

#include "funcapi.h"
#include "utils/builtins.h"

#include "matching/solve.h"

/* stable_match(candidates, capacities, optimal) */
PG_FUNCTION_INFO_V1(mentormatch_stable_match);
Datum
mentormatch_stable_match(PG_FUNCTION_ARGS)
{
	text	   *candidates = RequiredText(fcinfo, 0, "candidates");
	InnerColumn cols[4] = {
		INNER_COLUMN("mentee_id", COLUMN_ID, true),
		INNER_COLUMN("mentor_id", COLUMN_ID, true),
		INNER_COLUMN("mentee_pref", COLUMN_NUMBER, true),
		INNER_COLUMN("mentor_pref", COLUMN_NUMBER, true),
	};
	InnerQuery	q;
	bool		mentee_optimal = false;
	char	   *optimal;
	Cohort	   *c;
	int64	   *row_edge;

	optimal = PG_ARGISNULL(2) ? "" : text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (strcmp(optimal, "mentee") == 0)
		mentee_optimal = true;
	else if (strcmp(optimal, "mentor") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("optimal must be mentee or mentor")));
	InitMaterializedSRF(fcinfo, 0);

	c = CohortCreate("stable_match", true);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	InnerQueryOpen(&q, "candidates", candidates, cols, 4);
	while (InnerQueryNext(&q))
	{
		int32		row = CohortRow(c, InnerQueryId(&q, 0));
		int32		col = CohortCol(c, InnerQueryId(&q, 1));

		CohortAddEdge(c, row, col, InnerQueryNumber(&q, 2), InnerQueryNumber(&q, 3));
	}
	if (!PG_ARGISNULL(1))
		ReadCapacities(c, PG_GETARG_TEXT_PP(1));
	CohortEndInput(c, SolveCohortStableBound(c));
	LayoutCandidates(c, &q, 0, 1);
	InnerQueryClose(&q);
	SPI_finish();
	CohortFilter(c, NULL, NULL);

	row_edge = SolveCohortStable(c, mentee_optimal);
	ReturnMatching(fcinfo, c, row_edge, NULL, NULL);
	CohortDestroy(c);
	return (Datum) 0;
}
