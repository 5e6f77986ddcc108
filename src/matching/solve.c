/*
 * solve.c
 *		The pieces the SQL matching functions share (see solve.h).
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "base/sql_values.h"
#include "core/deferred_acceptance.h"
#include "core/flow_pruned.h"
#include "matching/parity.h"
#include "matching/priority.h"
#include "matching/pruned_cohort.h"
#include "matching/solve.h"

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
		if (strcmp(s, "parity") == 0)
			return ASSIGN_PARITY;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("objective must be coverage, total, fair or parity"),
			 errdetail("coverage: most mentees matched, then the highest total; "
					   "total: the highest total; fair: most matched, then the "
					   "highest lowest score, then the highest total; parity: "
					   "the highest lowest matched rate over the mentees' "
					   "groups, then most matched, then the highest total.")));
	pg_unreachable();
}

bool
ParseMinScore(FunctionCallInfo fcinfo, int argno, bool unit, double *min_score)
{
	if (PG_ARGISNULL(argno))
		return false;
	*min_score = PG_GETARG_FLOAT8(argno);
	if (isnan(*min_score))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_score must not be NaN")));
	if (unit && (*min_score < 0.0 || *min_score > 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_score must be between 0 and 1, not %g", *min_score),
				 errdetail("Scores and probabilities of success lie in [0, 1].")));
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

void
ReadCapacity(InnerQuery *q, int column, Cohort *c, int32 col, int64 mentor)
{
	int64		capacity = InnerQueryId(q, column);

	if (capacity < 0 || capacity > PG_INT32_MAX)
		InnerQueryBadValue(q, column,
						   psprintf("Mentor %lld has capacity %lld; a capacity "
									"is from 0 to %d.", (long long) mentor,
									(long long) capacity, PG_INT32_MAX));
	c->capacity[col] = (int32) capacity;
	c->capacity_set[col] = true;
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
		int32		col = CohortCol(c, mentor);

		if (c->capacity_set[col])
			InnerQueryBadValue(&q, 0,
							   psprintf("Mentor %lld appears more than once.",
										(long long) mentor));
		ReadCapacity(&q, 1, c, col, mentor);
	}
	InnerQueryClose(&q);
}

/*
 * The keep query: (mentee_id, mentor_id) pairs that stay.  Each takes a
 * seat of its mentor; a mentee kept twice, a mentor kept beyond its
 * capacity, or a pair whose mentee or mentor is not in the input is an
 * error (22023).  With seats_only (recommend) a kept pair only takes its
 * mentor's seat: its mentee need not be in the input (one that is is
 * still kept once at most), and a pair whose mentor is not is ignored.
 */
static void
ReadKeep(Cohort *c, text *sql, bool seats_only)
{
	InnerColumn cols[2] = {
		INNER_COLUMN("mentee_id", COLUMN_ID, true),
		INNER_COLUMN("mentor_id", COLUMN_ID, true),
	};
	InnerQuery	q;
	InnerQueryProblems problems;
	int32	   *kept = CohortAlloc(c, mul_size(sizeof(int32), Max(c->ncols, 1)));

	memset(kept, 0, sizeof(int32) * c->ncols);
	InnerQueryOpen(&q, "keep", sql, cols, 2);
	InnerQueryProblemsInit(&problems, &q);
	while (InnerQueryNext(&q))
	{
		int64		mentee = InnerQueryId(&q, 0);
		int64		mentor = InnerQueryId(&q, 1);
		int32		row = CohortFindRow(c, mentee);
		int32		col = CohortFindCol(c, mentor);

		if (seats_only && col < 0)
			continue;
		if (!seats_only && (row < 0 || col < 0))
		{
			InnerQueryProblem(&problems, 0, 1,
							  psprintf("The kept pair (mentee %lld, mentor %lld) names a %s not in the input.",
									   (long long) mentee, (long long) mentor,
									   row < 0 ? "mentee" : "mentor"));
			continue;
		}
		if (row >= 0 && CohortRowKept(c, row))
		{
			InnerQueryProblem(&problems, 0, -1,
							  psprintf("Mentee %lld is kept more than once.",
									   (long long) mentee));
			continue;
		}
		/* a mentor past its capacity is named once, with its capacity */
		if (c->capacity[col] == 0)
		{
			if (kept[col] >= 0)
				InnerQueryProblem(&problems, 1, -1,
								  psprintf("Mentor %lld is kept with more mentees than its capacity of %d.",
										   (long long) mentor, kept[col]));
			kept[col] = -1;
			continue;
		}
		kept[col]++;
		if (row >= 0)
			CohortKeep(c, row, col);
		else
			c->capacity[col]--; /* seats_only: a mentee not in the input */
	}
	InnerQueryRaiseProblems(&problems);
	InnerQueryClose(&q);
	pfree(kept);
}

/*
 * The forbid query: (mentee_id, mentor_id) pairs never proposed.  Pairs
 * whose mentee or mentor is NULL or not in the input are ignored (a whole
 * history table, joined to people who left, can be passed); a kept pair is
 * an error (22023).
 */
static void
ReadForbid(Cohort *c, text *sql)
{
	InnerColumn cols[2] = {
		INNER_COLUMN("mentee_id", COLUMN_ID, true),
		INNER_COLUMN("mentor_id", COLUMN_ID, true),
	};
	InnerQuery	q;
	InnerQueryProblems problems;

	InnerQueryOpen(&q, "forbid", sql, cols, 2);
	InnerQueryProblemsInit(&problems, &q);
	while (InnerQueryNext(&q))
	{
		int32		row,
					col;

		if (InnerQueryIsNull(&q, 0) || InnerQueryIsNull(&q, 1))
			continue;
		row = CohortFindRow(c, InnerQueryId(&q, 0));
		col = CohortFindCol(c, InnerQueryId(&q, 1));
		if (row < 0 || col < 0)
			continue;
		if (c->kept_col != NULL && c->kept_col[row] == col)
		{
			InnerQueryProblem(&problems, 0, 1,
							  psprintf("The pair (mentee %lld, mentor %lld) is both kept and forbidden.",
									   (long long) c->row_id[row], (long long) c->col_id[col]));
			continue;
		}
		CohortForbid(c, row, col);
	}
	InnerQueryRaiseProblems(&problems);
	InnerQueryClose(&q);
}

void
ReadKeepAndForbid(Cohort *c, FunctionCallInfo fcinfo, int keep_argno,
				  int forbid_argno, bool seats_only)
{
	if (!ArgIsNullOrAbsent(fcinfo, keep_argno))
		ReadKeep(c, PG_GETARG_TEXT_PP(keep_argno), seats_only);
	if (!ArgIsNullOrAbsent(fcinfo, forbid_argno))
		ReadForbid(c, PG_GETARG_TEXT_PP(forbid_argno));
}

void
LayoutCandidates(Cohort *c, InnerQuery *q, int mentee_column,
				 int mentor_column)
{
	int32		row,
				col;

	if (!CohortLayout(c, &row, &col))
		InnerQueryBadPair(q, mentee_column, mentor_column,
						  psprintf("The pair (mentee %lld, mentor %lld) appears more than once.",
								   (long long) c->row_id[row],
								   (long long) c->col_id[col]));
}

/* The row_edge array of a solve. */
static Size
RowEdgeBytes(const Cohort *c)
{
	return mul_size(sizeof(int64), Max(c->nrows, 1));
}

/*
 * The row_edge array of a solve; the core's scratch is charged after it,
 * before the core allocates any.  Switches to the cohort's context (*old
 * receives the caller's).
 */
static int64 *
SolveBegin(Cohort *c, int32 nrows, size_t scratch, MemoryContext *old)
{
	int64	   *row_edge = CohortAlloc(c, mul_size(sizeof(int64), Max(nrows, 1)));

	CohortCharge(c, scratch);
	*old = MemoryContextSwitchTo(c->cxt);
	return row_edge;
}

Size
SolveCohortBound(const Cohort *c, AssignObjective objective)
{
	bool		dense_possible = c->nedges == (int64) c->nrows * c->ncols;
	int32		j;

	if (objective == ASSIGN_PARITY)
		return add_size(RowEdgeBytes(c), ParityCohortBound(c));
	for (j = 0; j < c->ncols && dense_possible; j++)
		dense_possible = c->capacity[j] == 1;
	return add_size(RowEdgeBytes(c),
					assign_scratch_bound(c->nrows, c->ncols, c->nedges,
										 objective, dense_possible));
}

/* For a pruned cohort: the rounds' promise (core/flow_pruned.h), row_edge. */
Size
PrunedCohortBound(const PrunedCohort *pc, AssignObjective objective)
{
	const Cohort *c = pc->cohort;

	return add_size(assign_pruned_scratch_bound(c->nrows, c->ncols, c->nedges,
												pc->known_n, objective),
					RowEdgeBytes(c));
}

Size
SolveCohortStableBound(const Cohort *c)
{
	return add_size(RowEdgeBytes(c),
					stable_scratch_bound(c->nrows, c->ncols, c->nedges));
}

int64 *
SolveCohort(Cohort *c, AssignObjective objective)
{
	AssignProblem p;

	if (objective == ASSIGN_PARITY)
		return SolveCohortParity(c);
	p.nrows = c->nrows;
	p.ncols = c->ncols;
	p.row_start = c->row_start;
	p.col = c->col;
	p.score = c->score;
	p.capacity = c->capacity;
	p.row_class = CohortRowClasses(c);
	return SolveProblem(c, &p, objective);
}

int64 *
SolveProblem(Cohort *c, const AssignProblem *p, AssignObjective objective)
{
	int64	   *row_edge;
	MemoryContext old;

	row_edge = SolveBegin(c, p->nrows, assign_scratch_bytes(p, objective), &old);
	assign_solve(p, objective, row_edge);
	MemoryContextSwitchTo(old);
	return row_edge;
}

int64 *
SolveCohortPruned(Cohort *c, AssignObjective objective, PrunedCohort *pc,
				  void (*rescore) (void *arg, int32_t row, const int32_t *cols,
								   int32_t n, double *scores),
				  void (*rescore_rows) (void *arg, int32_t n, const int32_t *rows,
										const int64_t *start, const int32_t *cols,
										double *scores),
				  void (*rescore_rows_end) (void *arg),
				  bool (*admit) (void *arg, int32_t row, int32_t col),
				  void *arg)
{
	PrunedProblem pp;
	int64	   *row_edge,
				kept;
	MemoryContext old;

	if (!pc->side.pruned)
		return SolveCohort(c, objective);
	if (objective == ASSIGN_PARITY)
		elog(ERROR, "%s: parity solves every candidate pair, never a pruned cohort",
			 c->what);
	kept = c->row_start[c->nrows];
	memset(&pp, 0, sizeof(pp));
	pp.kept.nrows = c->nrows;
	pp.kept.ncols = c->ncols;
	pp.kept.row_start = c->row_start;
	pp.kept.col = c->col;
	pp.kept.score = c->score;
	pp.kept.capacity = c->capacity;
	pp.kept.row_class = CohortRowClasses(c);
	pp.known_start = pc->known_start;
	pp.known_col = pc->known_col;
	pp.known_score = pc->known_score;
	pp.row_bound = pc->row_bound;
	pp.col_bound = pc->side.bound;
	pp.score_min = pc->side.score_min;
	pp.score_max = pc->side.score_max;
	pp.rescore = rescore;
	pp.rescore_rows = rescore_rows;
	pp.rescore_rows_end = rescore_rows_end;
	pp.admit = admit;
	pp.reserve = CohortReserveFor;
	pp.release = CohortReleaseFor;
	pp.arg = arg;
	pp.memory = c;
	row_edge = SolveBegin(c, c->nrows, 0, &old);
	assign_solve_pruned(&pp, objective, row_edge);
	MemoryContextSwitchTo(old);
	c->row_start = (int64 *) pp.kept.row_start;
	c->col = (int32 *) pp.kept.col;
	c->score = (double *) pp.kept.score;
	elog(DEBUG1, "%s: %lld pairs scored, %lld kept at first, "
		 "%d solves, %lld rescored (%lld rows), %lld added back",
		 c->what, (long long) pc->side.scored, (long long) kept, pp.rounds,
		 (long long) pp.rescored, (long long) pp.rows_rescored, (long long) pp.added);
	return row_edge;
}

int64 *
SolveCohortStable(Cohort *c, bool mentee_optimal)
{
	StableProblem p;
	int64	   *row_edge;
	MemoryContext old;

	p.nrows = c->nrows;
	p.ncols = c->ncols;
	p.row_start = c->row_start;
	p.col = c->col;
	p.row_pref = c->score;
	p.col_pref = c->score2;
	p.row_id = c->row_id;
	p.col_id = c->col_id;
	p.capacity = c->capacity;
	row_edge = SolveBegin(c, c->nrows, stable_scratch_bytes(&p), &old);
	stable_solve(&p, mentee_optimal, row_edge);
	MemoryContextSwitchTo(old);
	return row_edge;
}

/*
 * capacity: it had a candidate left after the filters, with or without
 * seats, and lost every seat in the optimum; excluded: forbid or a rule
 * removed qualifying candidates and none was left; conflict: its only
 * qualifying candidates broke an excluded conflict (match); no_candidate:
 * none qualified.  See docs/reference.md's table of reasons.
 */
const char *
UnmatchedReason(const Cohort *c, int32 r)
{
	if (CohortRowHadCandidate(c, r))
		return "capacity";
	if (c->row_flags[r] & (ROW_FORBIDDEN | ROW_RULES))
		return "excluded";
	if (c->row_flags[r] & ROW_CONFLICTS)
		return "conflict";
	return "no_candidate";
}

void
ReturnMatching(FunctionCallInfo fcinfo, Cohort *c, const int64 *row_edge,
			   FillRow fill, void *arg)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			natts = rsinfo->setDesc->natts;
	Datum	   *values = palloc(sizeof(Datum) * natts);
	bool	   *nulls = palloc(sizeof(bool) * natts);
	int32	   *order = CohortRowsById(c);
	int32		i;
	int			k;

	for (i = 0; i < c->nrows; i++)
	{
		int32		r = order[i];
		int64		e = row_edge[r];
		int32		col = CohortRowKept(c, r) ? c->kept_col[r] :
			e >= 0 ? c->col[e] : -1;

		for (k = 0; k < natts; k++)
			nulls[k] = true;
		values[0] = Int64GetDatum(c->row_id[r]);
		nulls[0] = false;
		if (col >= 0)
		{
			values[1] = Int64GetDatum(c->col_id[col]);
			nulls[1] = false;
		}
		if (col < 0 || CohortRowKept(c, r))
		{
			values[natts - 1] = CStringGetTextDatum(col < 0 ? UnmatchedReason(c, r) : "kept");
			nulls[natts - 1] = false;
		}
		if (fill)
			fill(arg, r, col, e, values, nulls);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}
