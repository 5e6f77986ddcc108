/*
 * people.h
 *		The mentees and mentors of match() and recommend(): two inner
 *		queries of (id, profile[, capacity]) rows, every profile decoded
 *		once into a Person.
 */
#ifndef MENTORMATCH_PEOPLE_H
#define MENTORMATCH_PEOPLE_H

#include "fmgr.h"

#include "matching/cohort.h"
#include "matching/mentor_blocks.h"
#include "scoring/cohort_scoring.h"
#include "scoring/conflicts.h"
#include "scoring/factors.h"
#include "scoring/model.h"
#include "types/profile.h"

typedef struct People
{
	Cohort	   *cohort;			/* rows: mentees; columns: mentors */
	Person	   *mentees;		/* per row */
	Person	   *mentors;		/* per column */
	LabelDict  *dict;			/* every name of both sides */

	/*
	 * The skills the mentees want, each distinct one (labels, depth, level)
	 * once: mentee i's goals are skill[goal_skill[goal_start[i] ..
	 * goal_start[i + 1] - 1]], in its order.  skill_best[s] holds every
	 * mentor's SkillCredit for skill s once PeopleCoverRow computed it (NULL
	 * before, or past the budget); covered[i]: all of mentee i's are.
	 * skill_block[s], with the row, holds the best credit of each block of
	 * mentors (mentor_blocks.h) for skill s, when there are blocks.
	 */
	int64	   *goal_start;
	int32	   *goal_skill;
	const CompiledSkill **skill;
	double	  **skill_best;
	double	  **skill_block;
	bool	   *covered;
	int32		nskills;		/* distinct skills wanted */
	Size		coverage_budget;	/* bytes the rows may still take */
	Size		layout_bytes;	/* what PeopleLayOut charged */
	ScoreKernel kernel;			/* both sides, compact */
	ColumnBlocks blocks;		/* the mentors with seats, in blocks, when
								 * asked for (PeopleMakeBlocks) */
} People;

/*
 * Reads the mentees query (argument mentees_argno) and the mentors query
 * (the next) into a new cohort named what, then the keep and forbid
 * queries of arguments keep_argno and forbid_argno (ReadKeepAndForbid,
 * solve.h; an argument past the last is none).  mentee_columns says which
 * optional columns the mentees query may have: MENTEES_PRIORITY a priority
 * (matching/priority.h), MENTEES_GROUP a group (matching/parity.h); a
 * column not asked for is an error as any other.  Everything decoded is
 * charged to the cohort before it is allocated there.
 */
#define MENTEES_PRIORITY	1
#define MENTEES_GROUP		2
extern void ReadPeople(People *people, FunctionCallInfo fcinfo,
					   const char *what, int mentees_argno, int keep_argno,
					   int forbid_argno, bool keep_seats_only, int mentee_columns);

/*
 * One query of (id, profile) rows, argument argno named argname, for the
 * functions of one group of people (groups/): each person a row of cohort
 * c, decoded into dict and copied into the cohort, charged first; a
 * repeated id is an error (22023).  SPI must be connected.
 */
extern Person *ReadPersons(Cohort *c, LabelDict *dict, FunctionCallInfo fcinfo,
						   int argno, const char *argname);

/*
 * The goals of persons[0 .. n), each distinct skill wanted (labels, depth,
 * level) once: person i's goals are skill[goal_skill[goal_start[i] ..
 * goal_start[i + 1] - 1]], in its order.  Returns how many distinct
 * skills; the arrays are in cohort c's memory.
 */
extern int32 IndexGoals(Cohort *c, const Person *persons, int32 n,
						int64 **goal_start, int32 **goal_skill,
						const CompiledSkill ***skill);

/* A label dictionary in cohort c's memory, its growth charged to c. */
extern LabelDict *CohortLabelDict(Cohort *c);

/*
 * The same; with groups, the mentees query may have a group column
 * (matching/parity.h), which without is an error as any other column not
 * read.
 */
extern void ReadPeopleGrouped(People *people, FunctionCallInfo fcinfo,
							  const char *what, int mentees_argno,
							  int keep_argno, int forbid_argno,
							  bool keep_seats_only, bool groups);

/*
 * Indexes the skills the mentees want and lays out the kernel, without
 * blocks (ReadPeople does; a worker, for its copy of the people).
 */
extern void PeopleLayOut(People *people);

/*
 * Puts the mentors with seats in blocks (mentor_blocks.h), if there are
 * min_cols of them, before any skill row is computed (PeopleCoverRow then
 * keeps each row's block maxima).
 */
extern void PeopleMakeBlocks(People *people, int32 min_cols);

/*
 * Computes the rows of mentee i's skills that are missing, if the budget
 * allows: for scans of many mentors for one mentee.
 */
extern void PeopleCoverRow(People *people, int32 i);

/*
 * ub[x] for every block of mentors x: no mentor of the block scores above
 * it with mentee i under weight table t (ColumnBlocksBound, with the
 * skills factor bounded by the skill rows' block maxima when mentee i is
 * covered); work holds a double per block.
 */
extern void PeopleBlockBounds(const People *people, const WeightTable *t,
							  int32 i, double *work, double *ub);

/* How match() and recommend() score a pair: a model, else weights. */
typedef struct PairScorer
{
	const Weights *weights;
	WeightTable table;			/* of weights */
	const Model *model;			/* NULL: the weighted score */
} PairScorer;

/*
 * The weights of the round: given as they are, or, with "unknown": "mean",
 * each factor's unknown value the mean of that factor over every pair of
 * the round (every mentee with every mentor) where it is known; the
 * default (0.5) for a factor known for no pair.
 */
extern void PeopleRoundWeights(const People *people, const Weights *given,
							   Weights *out);

extern void PairScorerInit(PairScorer *scorer, const Weights *weights,
						   const Model *model);

/*
 * The mean over mentee i's goals of rows[skill][at], summed in the goals'
 * order (as SkillCoverage sums): of the skill rows, a pair's coverage; of
 * their block maxima, a bound on a block's, to the bit.  Mentee i is
 * covered.
 */
static inline double
PeopleGoalMean(const People *people, int32 i, double *const *rows, int32 at)
{
	int64		x,
				from = people->goal_start[i],
				to = people->goal_start[i + 1];
	double		total = 0.0;

	for (x = from; x < to; x++)
		total += rows[people->goal_skill[x]][at];
	return total / (int) (to - from);
}

/*
 * SkillCoverage(mentor j's skills, mentee i's goals) from the skill rows,
 * summed in the same order, into *coverage; false unless mentee i is
 * covered.
 */
static inline bool
PeopleCoverage(const People *people, int32 i, int32 j, double *coverage)
{
	if (!people->covered[i])
		return false;
	*coverage = PeopleGoalMean(people, i, people->skill_best, j);
	return true;
}

/*
 * Asks the memory ahead for what PeopleScore of mentor j for mentee i
 * reads most: for scans of mentors out of their order in memory.
 */
static inline void
PeoplePrefetch(const People *people, int32 i, int32 j)
{
#ifdef __GNUC__
	const char *m = (const char *) &people->kernel.cols[j];
	Size		off;
	int64		x;

	for (off = 0; off < sizeof(KernelPerson); off += 64)
		__builtin_prefetch(m + off);
	if (people->covered[i])
		for (x = people->goal_start[i]; x < people->goal_start[i + 1]; x++)
			__builtin_prefetch(&people->skill_best[people->goal_skill[x]][j]);
#endif
}

/*
 * The factors and score of mentor j for mentee i, exactly as score() (or,
 * with a model, success_probability()) has them; false when no weighted
 * factor is known.  *conflicts receives the pair's conflicts when they were
 * needed (with a model), else -1.
 */
static inline bool
PeopleScoreFactors(const People *people, int32 i, int32 j,
				   const PairScorer *scorer, FactorValues *f, double *score,
				   int *conflicts)
{
	const Person *mentor = &people->mentors[j];
	const Person *mentee = &people->mentees[i];
	double		coverage;

	ComputeFactorsCovered(mentor, mentee,
						  PeopleCoverage(people, i, j, &coverage) ? &coverage : NULL,
						  f);
	if (scorer->model == NULL)
	{
		*conflicts = -1;
		return WeightedScore(f, scorer->weights, score, NULL);
	}
	*conflicts = KernelConflicts(&people->kernel, i, j);
	*score = PairProbability(scorer->model, mentor, mentee, f, *conflicts, NULL);
	return true;
}

/* The same score alone, through the kernel when weights score. */
static inline bool
PeopleScore(const People *people, int32 i, int32 j, const PairScorer *scorer,
			double *score, int *conflicts)
{
	FactorValues f;
	double		coverage;

	if (scorer->model != NULL)
		return PeopleScoreFactors(people, i, j, scorer, &f, score, conflicts);
	*conflicts = -1;
	return KernelScore(&people->kernel, &scorer->table, i, j,
					   PeopleCoverage(people, i, j, &coverage) ? &coverage : NULL,
					   score);
}

/* The pair's conflicts, from PeopleScore's *conflicts or afresh. */
static inline int
PeopleConflicts(const People *people, int32 i, int32 j, int known)
{
	return known >= 0 ? known : KernelConflicts(&people->kernel, i, j);
}

#endif							/* MENTORMATCH_PEOPLE_H */
