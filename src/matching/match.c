/*
 * match.c
 *		match(): matching straight from profiles.
 *
 * Reads mentees and mentors (people.h) and the kept and forbidden pairs,
 * scores every other pair with the same kernels as score()
 * (scoring/factors.h), so the numbers equal score()'s bit for bit (with a
 * model, success_probability()'s), never proposes a forbidden pair, a pair
 * with an excluded conflict or one that breaks a rule (scoring/pair_rules.h),
 * solves the rest as assign() does around the kept pairs, and gives each pair
 * its risk level and reasons, each unmatched mentee what removed its
 * candidates.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"

#include "base/sql_values.h"
#include "matching/candidates.h"
#include "matching/parallel_scoring.h"
#include "matching/parity.h"
#include "matching/people.h"
#include "matching/pruned_cohort.h"
#include "matching/rescoring_team.h"
#include "matching/solve.h"
#include "scoring/call_cache.h"
#include "scoring/conflicts.h"
#include "scoring/pair_rules.h"
#include "scoring/risk.h"

/*
 * Scores every pair of a mentee not kept and keeps the row's best
 * candidates in the cohort, holds the next with their scores for the
 * certificate, bounding the scores of the rest per row and per mentor
 * (pruned_cohort.h); a pair to a mentor without seats only marks its row
 * (CohortAddEdge).  The forbidden pairs are applied here, marked row by
 * row (a lookup per pair would cost as much as scoring), so the set is
 * dropped before CohortFilter.
 */
static void
ScoreCandidates(MatchScoring *ms, PrunedCohort *pc)
{
	Cohort	   *c = ms->people->cohort;
	int32		ncols = c->ncols,
				tile = (int32) Min(TILE_ROWS, Max(c->nrows, 1)),
				i,
				dup_row,
				dup_col;
	int32	   *cols,
				rows[TILE_ROWS],
				counts[TILE_ROWS];
	double	   *scores;
	double	   *scratch = CohortAlloc(c, sizeof(double) * Max(ncols, 1) +
									  (sizeof(double) + sizeof(int32)) *
									  (PRUNED_KEEP + PRUNED_KNOWN));

	PrunedCohortInit(c, pc);
	ForbiddenMarksInit(c, &ms->forbidden);
	cols = CohortAlloc(c, sizeof(int32) * Max(ncols, 1) * tile);
	scores = CohortAlloc(c, sizeof(double) * Max(ncols, 1) * tile);
	if (!ScoreInParallel(ms, pc, cols, scores, scratch))
	{
		for (i = 0; i < c->nrows;)
		{
			int32		n = 0,
						t;

			for (; i < c->nrows && n < tile; i++)
				if (!CohortRowKept(c, i))
					rows[n++] = i;
			TileCandidates(ms, rows, n, cols, scores, counts);
			for (t = 0; t < n; t++)
				PrunedCohortRow(pc, rows[t], cols + (int64) t * ncols,
								scores + (int64) t * ncols, counts[t], scratch,
								AdmitPair, ms);
		}
	}
	PrunedCohortEnd(pc);
	c->forbidden = NULL;		/* applied; its memory goes with the cohort */
	CohortEndInput(c, pc->side.pruned ? PrunedCohortBound(pc, ms->filter->objective) :
				   SolveCohortBound(c, ms->filter->objective));
	if (!CohortLayout(c, &dup_row, &dup_col))
		elog(ERROR, "match scored mentee %lld and mentor %lld twice",
			 (long long) c->row_id[dup_row], (long long) c->col_id[dup_col]);
	CohortFilter(c, NULL, NULL);
}

/*
 * With parity: every candidate pair of every mentee not kept into the
 * cohort (as ScoreCandidates, without pruning: core/flow_parity.h solves every
 * pair), the forbidden pairs applied as there.
 */
static void
ScoreEveryCandidate(MatchScoring *ms)
{
	Cohort	   *c = ms->people->cohort;
	int32		ncols = Max(c->ncols, 1),
				tile = (int32) Min(TILE_ROWS, Max(c->nrows, 1)),
				rows[TILE_ROWS],
				counts[TILE_ROWS],
				dup_row,
				dup_col,
				i;
	int32	   *cols = CohortAlloc(c, sizeof(int32) * ncols * tile);
	double	   *scores = CohortAlloc(c, sizeof(double) * ncols * tile);

	ForbiddenMarksInit(c, &ms->forbidden);
	for (i = 0; i < c->nrows;)
	{
		int32		n = 0,
					t,
					k;

		for (; i < c->nrows && n < tile; i++)
			if (!CohortRowKept(c, i))
				rows[n++] = i;
		TileCandidates(ms, rows, n, cols, scores, counts);
		for (t = 0; t < n; t++)
		{
			const int32 *tc = cols + (int64) t * c->ncols;
			const double *ts = scores + (int64) t * c->ncols;

			for (k = 0; k < counts[t]; k++)
				if (AdmitPair(ms, rows[t], tc[k]))
					CohortAddEdge(c, rows[t], tc[k], ts[k], 0.0);
		}
	}
	c->forbidden = NULL;		/* applied; its memory goes with the cohort */
	CohortEndInput(c, SolveCohortBound(c, ASSIGN_PARITY));
	if (!CohortLayout(c, &dup_row, &dup_col))
		elog(ERROR, "match scored mentee %lld and mentor %lld twice",
			 (long long) c->row_id[dup_row], (long long) c->col_id[dup_col]);
	CohortFilter(c, NULL, NULL);
}

/* What a row of the result needs besides its ids. */
typedef struct MatchOutput
{
	People	   *people;
	PairScorer	scorer;
	PairRules	rules;
	FunctionCallInfo fcinfo;
	Oid			level_type;		/* risk_level */
	int			reasons_column; /* -1: a 0.1.0 result, without reasons */
} MatchOutput;

/*
 * What removed an unmatched mentee's candidates (the conflict kinds, the
 * rules as written, forbidden, below_min_score), or capacity when it lost
 * the seats it had.
 */
static Datum
UnmatchedReasons(const MatchOutput *out, int32 r)
{
	const Cohort *c = out->people->cohort;
	uint32		flags = c->row_flags[r];
	const char *names[NUM_CONFLICTS + MAX_PAIR_RULES + 2];
	int			n = 0,
				mask = 0,
				i;

	if (CohortRowHadCandidate(c, r))
	{
		names[0] = "capacity";
		return NamesToTextArray(names, 1, 1);
	}
	for (i = 0; i < NUM_CONFLICTS; i++, n++)
	{
		names[n] = conflict_names[i];
		if (flags & (1u << (ROW_CONFLICT_SHIFT + i)))
			mask |= 1 << n;
	}
	for (i = 0; i < out->rules.count; i++, n++)
	{
		names[n] = out->rules.rule[i].text;
		if (flags & (1u << (ROW_RULE_SHIFT + i)))
			mask |= 1 << n;
	}
	names[n] = "forbidden";
	if (flags & ROW_FORBIDDEN)
		mask |= 1 << n;
	n++;
	names[n] = "below_min_score";
	if (flags & ROW_BELOW_MIN)
		mask |= 1 << n;
	n++;
	return NamesToTextArray(names, n, mask);
}

/*
 * A pair's reasons: its risk reasons, then the rules it breaks as written
 * (only a kept pair can break one).
 */
static Datum
PairReasons(const MatchOutput *out, const Person *mentor, const Person *mentee,
			int risk_reasons)
{
	const char *names[NUM_RISK_REASONS + MAX_PAIR_RULES];
	const char *const *risk_names = RiskReasonNames();
	uint64		broken = out->rules.count > 0 ?
		BrokenRules(&out->rules, mentor, mentee) : 0;
	int			i;

	for (i = 0; i < NUM_RISK_REASONS; i++)
		names[i] = risk_names[i];
	for (i = 0; i < out->rules.count; i++)
		names[NUM_RISK_REASONS + i] = out->rules.rule[i].text;
	return NamesToTextArray(names, NUM_RISK_REASONS + out->rules.count,
							(uint64) (uint32) risk_reasons | broken << NUM_RISK_REASONS);
}

/*
 * A row's score, risk level and reasons: a proposed pair's score as
 * solved, a kept pair's scored afresh (NULL when unknown); the risk level
 * and reasons of the rules (with a model the level follows its
 * probability); an unmatched mentee's reasons only.
 */
static void
FillMatchRow(void *arg, int32 r, int32 col, int64 e, Datum *values, bool *nulls)
{
	MatchOutput *out = arg;
	People	   *people = out->people;
	FactorValues f;
	PairFacts	facts;
	RiskResult	risk;
	int			conflicts;

	if (col < 0)
	{
		if (out->reasons_column >= 0)
		{
			values[out->reasons_column] = UnmatchedReasons(out, r);
			nulls[out->reasons_column] = false;
		}
		return;
	}
	facts.mentor = &people->mentors[col];
	facts.mentee = &people->mentees[r];
	facts.factors = &f;
	facts.score_known = PeopleScoreFactors(people, r, col, &out->scorer, &f,
										   &facts.score, &conflicts);
	facts.conflicts = PeopleConflicts(people, r, col, conflicts);
	facts.known_weight = KnownWeight(&f, out->scorer.weights);
	if (out->scorer.model)
	{
		/* the rules read the weighted score; the level, the probability */
		double		probability = facts.score;

		facts.score_known = WeightedScore(&f, out->scorer.weights, &facts.score, NULL);
		risk = ComputeRisk(&facts);
		risk.level = RiskLevelFromProbability(probability, facts.conflicts);
		facts.score = probability;
		facts.score_known = true;
	}
	else
		risk = ComputeRisk(&facts);
	if (e >= 0 || facts.score_known)
	{
		values[2] = Float8GetDatum(e >= 0 ? people->cohort->score[e] : facts.score);
		nulls[2] = false;
	}
	values[3] = CachedEnumLabel(out->fcinfo, out->level_type, risk.level,
								risk_level_names[risk.level]);
	nulls[3] = false;
	if (out->reasons_column >= 0)
	{
		values[out->reasons_column] = PairReasons(out, facts.mentor, facts.mentee,
												  risk.reasons);
		nulls[out->reasons_column] = false;
	}
}

/*
 * match(mentees, mentors, weights, objective, min_score, exclude, model,
 *		 keep, forbid, rules)
 */
PG_FUNCTION_INFO_V1(mentormatch_match);
Datum
mentormatch_match(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ScoreFilter filter;
	int			exclude;
	People		people;
	Weights		weights;
	MatchOutput out;
	MatchScoring scoring;
	PrunedCohort pruned;
	int64	   *row_edge;

	(void) CachedWeights(fcinfo, 2);	/* bad weights fail first */
	ModelWithoutHealth(CachedModel(fcinfo, 6), "match()");
	filter.objective = ParseObjective(fcinfo, 3);
	filter.has_min = ParseMinScore(fcinfo, 4, true, &filter.min_score);
	exclude = ParseConflictMask(PG_ARGISNULL(5) ? NULL : PG_GETARG_ARRAYTYPE_P(5));
	InitMaterializedSRF(fcinfo, 0);
	out.level_type = TupleDescAttr(rsinfo->setDesc, 3)->atttypid;
	out.reasons_column = rsinfo->setDesc->natts > 5 ? 4 : -1;
	out.fcinfo = fcinfo;
	out.people = &people;

	ReadPeople(&people, fcinfo, "match", 0, 7, 8, false,
			   MENTEES_PRIORITY | (filter.objective == ASSIGN_PARITY ? MENTEES_GROUP : 0));
	CheckGroupsForObjective(people.cohort, filter.objective,
							"a column \"group\" (text) in the mentees query");
	PeopleRoundWeights(&people, CachedWeights(fcinfo, 2), &weights);
	PairScorerInit(&out.scorer, &weights, CachedModel(fcinfo, 6));
	ParseRules(ArgIsNullOrAbsent(fcinfo, 9) ? NULL : PG_GETARG_ARRAYTYPE_P(9), people.dict,
			   people.mentees, people.cohort->nrows, people.mentors, people.cohort->ncols,
			   &out.rules);
	scoring.people = &people;
	scoring.scorer = &out.scorer;
	scoring.filter = &filter;
	scoring.exclude = exclude;
	scoring.rules = &out.rules;
	scoring.workers = NULL;
	if (filter.objective == ASSIGN_PARITY)
	{
		ScoreEveryCandidate(&scoring);
		row_edge = SolveCohort(people.cohort, filter.objective);
	}
	else
	{
		ScoreCandidates(&scoring, &pruned);
		row_edge = SolveCohortPruned(people.cohort, filter.objective, &pruned,
									 RescorePairs,
									 scoring.workers ? RescoreInParallel : NULL,
									 RescoreRoundEnd, AdmitPair, &scoring);
	}
	ScoringWorkersEnd(&scoring);
	ReturnMatching(fcinfo, people.cohort, row_edge, FillMatchRow, &out);
	CohortDestroy(people.cohort);
	return (Datum) 0;
}
