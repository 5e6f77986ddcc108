/*
 * assign.c
 *		assign() and stable_match(): cohort matching from inner queries.
 *
 * Both read their candidates through innerquery.c into a Cohort
 * (cohort.c), hand the laid-out problem to a plain-C core (flow.c,
 * stable.c) inside the cohort's memory context, and return one row per
 * mentee, sorted by mentee id.
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "cohort.h"
#include "core/flow.h"
#include "innerquery.h"
#include "matching.h"
#include "core/stable.h"

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

/* The text argument argno, which must not be NULL. */
text *
RequiredText(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", name)));
	return PG_GETARG_TEXT_PP(argno);
}

AssignObjective
ParseObjective(FunctionCallInfo fcinfo, int argno)
{
	char	   *s;

	if (!PG_ARGISNULL(argno))
	{
		s = text_to_cstring(PG_GETARG_TEXT_PP(argno));
		if (strcmp(s, "coverage") == 0)
			return ASSIGN_COVERAGE;
		if (strcmp(s, "total") == 0)
			return ASSIGN_TOTAL;
		if (strcmp(s, "fair") == 0)
			return ASSIGN_FAIR;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("objective must be coverage, total or fair"),
			 errdetail("coverage: most mentees matched, then the highest total; "
					   "total: the highest total; fair: most matched, then the "
					   "highest lowest score, then the highest total.")));
	pg_unreachable();
}

bool
ParseMinScore(FunctionCallInfo fcinfo, int argno, double *min_score)
{
	if (PG_ARGISNULL(argno))
		return false;
	*min_score = PG_GETARG_FLOAT8(argno);
	if (isnan(*min_score))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_score must not be NaN")));
	return true;
}

/*
 * Which candidate scores a solve keeps: at or above min_score, and, for the
 * total objective, above zero (a pair that adds nothing to the total is no
 * candidate).
 */
bool
KeepScore(double score, void *arg)
{
	ScoreFilter *f = arg;

	if (f->has_min && score < f->min_score)
		return false;
	if (f->objective == ASSIGN_TOTAL && score <= 0.0)
		return false;
	return true;
}

static void
ReadCandidates(Cohort *c, text *sql)
{
	InnerColumn cols[CAND_NCOLUMNS] = {
		INNER_COLUMN("mentee_id", COLUMN_ID, true),
		INNER_COLUMN("mentor_id", COLUMN_ID, false),
		INNER_COLUMN("score", COLUMN_NUMBER, false),
		INNER_COLUMN("mentor_ids", COLUMN_ID_ARRAY, false),
		INNER_COLUMN("scores", COLUMN_NUMBER_ARRAY, false),
	};
	InnerQuery	q;
	bool		wide;
	int64	   *last_ids = NULL;	/* wide form: the previous row's mentors */
	int32	   *last_cols = NULL;
	int			last_n = -1;

	InnerQueryOpen(&q, "candidates", sql, cols, CAND_NCOLUMNS);
	c->query = q.sql;
	wide = InnerQueryHas(&q, CAND_MENTORS);
	if (wide)
		c->mentor_column = "mentor_ids";
	InnerQueryRequire(&q, wide ? CAND_SCORES : CAND_MENTOR);
	InnerQueryRequire(&q, wide ? CAND_MENTORS : CAND_SCORE);
	if (!wide)
		CohortExpectEdges(c, InnerQueryEstimatedRows(&q));

	while (InnerQueryNext(&q))
	{
		int32		row = CohortRow(c, InnerQueryId(&q, CAND_MENTEE));

		if (!wide)
		{
			int64		mentor = InnerQueryId(&q, CAND_MENTOR);
			double		score = InnerQueryNumber(&q, CAND_SCORE);

			CohortAddEdge(c, row, CohortCol(c, mentor), score, 0.0);
		}
		else
		{
			int64	   *ids;
			double	   *scores;
			int			n,
						nscores,
						k;

			InnerQueryIdArray(&q, CAND_MENTORS, &ids, &n);
			InnerQueryNumberArray(&q, CAND_SCORES, &scores, &nscores);
			if (n != nscores)
				InnerQueryBadValue(&q, CAND_SCORES,
								   psprintf("mentor_ids has %d elements and scores %d.",
											n, nscores));
			/* size the edge arrays once: rows expected times this row's */
			if (c->nedges == 0)
				CohortExpectEdges(c, InnerQueryEstimatedRows(&q) * n);
			/* dense input repeats the same mentor list: map it once */
			if (n != last_n || memcmp(ids, last_ids, sizeof(int64) * n) != 0)
			{
				if (last_ids)
				{
					pfree(last_ids);
					pfree(last_cols);
				}
				last_ids = MemoryContextAlloc(c->cxt, sizeof(int64) * Max(n, 1));
				last_cols = MemoryContextAlloc(c->cxt, sizeof(int32) * Max(n, 1));
				memcpy(last_ids, ids, sizeof(int64) * n);
				for (k = 0; k < n; k++)
					last_cols[k] = CohortCol(c, ids[k]);
				last_n = n;
			}
			CohortAddEdges(c, row, last_cols, scores, n);
		}
	}
}

/*
 * The capacities query: (mentor_id, capacity).  A mentor it does not name
 * takes one mentee; one it names twice is an error.
 */
void
ReadCapacities(Cohort *c, text *sql)
{
	InnerColumn cols[2] = {
		INNER_COLUMN("mentor_id", COLUMN_ID, true),
		INNER_COLUMN("capacity", COLUMN_ID, true),
	};
	InnerQuery	q;

	InnerQueryOpen(&q, "capacities", sql, cols, 2);
	while (InnerQueryNext(&q))
	{
		int64		mentor = InnerQueryId(&q, 0);
		int64		capacity = InnerQueryId(&q, 1);
		int32		col = CohortCol(c, mentor);

		if (capacity < 0 || capacity > PG_INT32_MAX)
			InnerQueryBadValue(&q, 1,
							   psprintf("Mentor %lld has capacity %lld; a capacity "
										"is from 0 to %d.", (long long) mentor,
										(long long) capacity, PG_INT32_MAX));
		if (c->capacity_set[col])
			InnerQueryBadValue(&q, 0,
							   psprintf("Mentor %lld appears more than once.",
										(long long) mentor));
		c->capacity[col] = (int32) capacity;
		c->capacity_set[col] = true;
	}
}

/* Runs the capacitated solver on the laid-out cohort; row_edge per row. */
int64 *
SolveCohort(Cohort *c, AssignObjective objective)
{
	AssignProblem p;
	int64	   *row_edge;
	MemoryContext old;

	p.nrows = c->nrows;
	p.ncols = c->ncols;
	p.row_start = c->row_start;
	p.col = c->col;
	p.score = c->score;
	p.capacity = c->capacity;

	row_edge = CohortAlloc(c, mul_size(sizeof(int64), Max(c->nrows, 1)));
	/* count the core's scratch before it allocates any */
	CohortCharge(c, assign_scratch_bytes(&p, objective));

	old = MemoryContextSwitchTo(c->cxt);
	assign_solve(&p, objective, row_edge);
	MemoryContextSwitchTo(old);
	return row_edge;
}

/* assign(candidates, capacities, objective, min_score) */
PG_FUNCTION_INFO_V1(mentormatch_assign);
Datum
mentormatch_assign(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *candidates = RequiredText(fcinfo, 0, "candidates");
	ScoreFilter filter;
	Cohort	   *c;
	int64	   *row_edge;
	int32	   *order;
	int32		i;

	filter.objective = ParseObjective(fcinfo, 2);
	filter.has_min = ParseMinScore(fcinfo, 3, &filter.min_score);
	InitMaterializedSRF(fcinfo, 0);

	c = CohortCreate("assign", false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ReadCandidates(c, candidates);
	if (!PG_ARGISNULL(1))
		ReadCapacities(c, PG_GETARG_TEXT_PP(1));
	SPI_finish();

	CohortLayout(c, "candidates", KeepScore, &filter);
	row_edge = SolveCohort(c, filter.objective);

	order = CohortRowsById(c);
	for (i = 0; i < c->nrows; i++)
	{
		int32		r = order[i];
		int64		e = row_edge[r];
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = Int64GetDatum(c->row_id[r]);
		if (e >= 0)
		{
			values[1] = Int64GetDatum(c->col_id[c->col[e]]);
			values[2] = Float8GetDatum(c->score[e]);
			nulls[3] = true;
		}
		else
		{
			nulls[1] = nulls[2] = true;
			values[3] = CStringGetTextDatum(UnmatchedReason(c, r));
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	CohortDestroy(c);
	return (Datum) 0;
}

/*
 * Whether row r had a candidate left after the filters (min_score, the
 * objective's), with or without seats.
 */
bool
HadCandidate(Cohort *c, int32 r)
{
	return c->row_start[r + 1] > c->row_start[r] || c->row_seatless[r];
}

/* Why row r is unmatched: it had no candidate left, or lost every seat. */
const char *
UnmatchedReason(Cohort *c, int32 r)
{
	return HadCandidate(c, r) ? "capacity" : "no_candidate";
}

/* stable_match(candidates, capacities, optimal) */
PG_FUNCTION_INFO_V1(mentormatch_stable_match);
Datum
mentormatch_stable_match(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
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
	StableProblem p;
	int64	   *row_edge;
	int32	   *order;
	int32		i;
	MemoryContext old;

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
	c->query = q.sql;
	while (InnerQueryNext(&q))
	{
		int32		row = CohortRow(c, InnerQueryId(&q, 0));
		int32		col = CohortCol(c, InnerQueryId(&q, 1));

		CohortAddEdge(c, row, col, InnerQueryNumber(&q, 2), InnerQueryNumber(&q, 3));
	}
	if (!PG_ARGISNULL(1))
		ReadCapacities(c, PG_GETARG_TEXT_PP(1));
	SPI_finish();
	CohortLayout(c, "candidates", NULL, NULL);

	p.nrows = c->nrows;
	p.ncols = c->ncols;
	p.row_start = c->row_start;
	p.col = c->col;
	p.row_pref = c->score;
	p.col_pref = c->score2;
	p.row_id = c->row_id;
	p.col_id = c->col_id;
	p.capacity = c->capacity;
	row_edge = CohortAlloc(c, mul_size(sizeof(int64), Max(c->nrows, 1)));
	CohortCharge(c, stable_scratch_bytes(&p));
	old = MemoryContextSwitchTo(c->cxt);
	stable_solve(&p, mentee_optimal, row_edge);
	MemoryContextSwitchTo(old);

	order = CohortRowsById(c);
	for (i = 0; i < c->nrows; i++)
	{
		int32		r = order[i];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int64GetDatum(c->row_id[r]);
		if (row_edge[r] >= 0)
		{
			values[1] = Int64GetDatum(c->col_id[c->col[row_edge[r]]]);
			nulls[2] = true;
		}
		else
		{
			nulls[1] = true;
			values[2] = CStringGetTextDatum(UnmatchedReason(c, r));
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	CohortDestroy(c);
	return (Datum) 0;
}
