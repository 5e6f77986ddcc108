/*
 * match.c
 *		match(): matching straight from profiles.
 *
 * Reads mentees and mentors (people.h), scores every pair with the same
 * kernels as score() (factors.h), so the numbers equal score()'s bit for
 * bit (with a model, success_probability()'s), never proposes a pair with
 * an excluded conflict, solves as assign() does, and gives each proposed
 * pair its risk level.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"

#include "callcache.h"
#include "conflicts.h"
#include "matching.h"
#include "people.h"
#include "risk.h"

/*
 * Scores every pair.  A pair that qualifies but breaks an excluded conflict
 * is never proposed; it only explains an unmatched mentee (ROW_CONFLICT).
 * Pairs the cohort has no use for (CohortWantsEdge) are not scored.
 */
static void
ScoreCandidates(People *people, const PairScorer *scorer,
				const ScoreFilter *filter, int exclude)
{
	Cohort	   *c = people->cohort;
	int32		i,
				j,
				dup_row,
				dup_col;

	for (i = 0; i < c->nrows; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (j = 0; j < c->ncols; j++)
		{
			FactorValues f;
			double		score;
			int			conflicts;

			if ((j & 255) == 255)
				CHECK_FOR_INTERRUPTS();
			if (!CohortWantsEdge(c, i, j) ||
				!PeopleScore(people, i, j, scorer, &f, &score, &conflicts) ||
				!KeepScore(score, (void *) filter))
				continue;
			if (PeopleConflicts(people, i, j, conflicts) & exclude)
			{
				c->row_flags[i] |= ROW_CONFLICT;
				continue;
			}
			CohortAddEdge(c, i, j, score, 0.0);
		}
	}
	CohortEndInput(c, SolveCohortBound(c, filter->objective));
	if (!CohortLayout(c, &dup_row, &dup_col))
		elog(ERROR, "match scored mentee %lld and mentor %lld twice",
			 (long long) c->row_id[dup_row], (long long) c->col_id[dup_col]);
	CohortFilter(c, NULL, NULL);
}

/* What a proposed pair's row needs besides its ids. */
typedef struct MatchOutput
{
	People	   *people;
	PairScorer	scorer;
	FunctionCallInfo fcinfo;
	Oid			level_type;		/* risk_level */
} MatchOutput;

/* A proposed pair's score and risk level. */
static void
FillProposed(void *arg, int32 r, int64 e, Datum *values, bool *nulls)
{
	MatchOutput *out = arg;
	People	   *people = out->people;
	int32		col = people->cohort->col[e];
	FactorValues f;
	PairFacts	facts;
	RiskLevel	level;
	int			conflicts;

	facts.mentor = &people->mentors[col];
	facts.mentee = &people->mentees[r];
	facts.factors = &f;
	facts.score_known = PeopleScore(people, r, col, &out->scorer, &f,
									&facts.score, &conflicts);
	facts.conflicts = PeopleConflicts(people, r, col, conflicts);
	if (out->scorer.model)
		level = RiskLevelFromProbability(facts.score, facts.conflicts);
	else
	{
		facts.known_weight = KnownWeight(&f, out->scorer.weights);
		level = ComputeRisk(&facts).level;
	}
	values[2] = Float8GetDatum(people->cohort->score[e]);
	values[3] = CachedEnumLabel(out->fcinfo, out->level_type, level,
								risk_level_names[level]);
}

/* match(mentees, mentors, weights, objective, min_score, exclude, model) */
PG_FUNCTION_INFO_V1(mentormatch_match);
Datum
mentormatch_match(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ScoreFilter filter;
	int			exclude;
	People		people;
	MatchOutput out;
	int64	   *row_edge;

	out.scorer.weights = CachedWeights(fcinfo, 2);
	out.scorer.model = CachedModel(fcinfo, 6);
	filter.objective = ParseObjective(fcinfo, 3);
	filter.has_min = ParseMinScore(fcinfo, 4, &filter.min_score);
	exclude = ParseConflictMask(PG_ARGISNULL(5) ? NULL : PG_GETARG_ARRAYTYPE_P(5));
	InitMaterializedSRF(fcinfo, 0);
	out.level_type = TupleDescAttr(rsinfo->setDesc, 3)->atttypid;
	out.fcinfo = fcinfo;
	out.people = &people;

	ReadPeople(&people, fcinfo, "match");
	ScoreCandidates(&people, &out.scorer, &filter, exclude);
	row_edge = SolveCohort(people.cohort, filter.objective);
	ReturnMatching(fcinfo, people.cohort, row_edge, FillProposed, &out);
	CohortDestroy(people.cohort);
	return (Datum) 0;
}
