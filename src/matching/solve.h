/*
 * solve.h
 *		What the SQL matching functions share (assign.c, stable_match.c,
 *		match.c, recommend.c, people.c): their common arguments, the
 *		capacities query, the duplicate-pair check, the solve and the
 *		unmatched reason.
 */
#ifndef MENTORMATCH_SOLVE_H
#define MENTORMATCH_SOLVE_H

#include "fmgr.h"

#include "base/inner_query.h"
#include "core/flow.h"
#include "matching/cohort.h"

/* Which candidate scores a solve keeps (see KeepScore). */
typedef struct ScoreFilter
{
	AssignObjective objective;
	bool		has_min;
	double		min_score;
} ScoreFilter;

extern text *RequiredText(FunctionCallInfo fcinfo, int argno, const char *name);
extern AssignObjective ParseObjective(FunctionCallInfo fcinfo, int argno);
/*
 * min_score (NULL: false); NaN is 22023, and so is a value outside [0, 1]
 * when unit (match's scores and probabilities; assign's are the caller's).
 */
extern bool ParseMinScore(FunctionCallInfo fcinfo, int argno, bool unit,
						  double *min_score);
extern bool KeepScore(double score, void *arg);

/*
 * The capacity of mentor (column col) from column `column` of q's current
 * row: 0 .. PG_INT32_MAX, else 22023.
 */
extern void ReadCapacity(InnerQuery *q, int column, Cohort *c, int32 col,
						 int64 mentor);

/* The capacities query (mentor_id, capacity); SPI must be connected. */
extern void ReadCapacities(Cohort *c, text *sql);

/*
 * Lays out the edges read from q, whose columns mentee_column and
 * mentor_column name each pair; a pair given twice is an error about q
 * (22023), raised while q is open.  After CohortEndInput.
 */
extern void LayoutCandidates(Cohort *c, InnerQuery *q, int mentee_column,
							 int mentor_column);

/*
 * Runs a solver core on the filtered cohort: the capacitated solver, or
 * deferred acceptance with the cohort's second numbers as the mentors'
 * preferences.  Returns the edge each row is matched by, or -1.  The core's
 * scratch is charged before it runs, in the cohort's memory context.
 */
extern int64 *SolveCohort(Cohort *c, AssignObjective objective);

/*
 * Solves p, a problem the caller laid out over the cohort's people (its
 * arrays charged to c), as SolveCohort solves the cohort's: row_edge per
 * row of p, in the cohort's memory.
 */
extern int64 *SolveProblem(Cohort *c, const AssignProblem *p,
						   AssignObjective objective);
extern int64 *SolveCohortStable(Cohort *c, bool mentee_optimal);

struct PrunedCohort;

/* What SolveCohortPruned charges, for CohortEndInput (solve.c). */
extern Size PrunedCohortBound(const struct PrunedCohort *pc,
								AssignObjective objective);

/*
 * COVERAGE, TOTAL or FAIR on a pruned cohort, exact (core/flow_pruned.h):
 * rescore(arg, ...) scores left-out pairs again, rescore_rows(arg, ...)
 * many rows' at once (NULL: rescore alone), rescore_rows_end(arg) follows
 * each round's batches (NULL: nothing to do), admit(arg, ...) says which of
 * those are candidates (NULL: all).  The cohort's edges are then the final
 * kept pairs, which row_edge indexes.
 */
extern int64 *SolveCohortPruned(Cohort *c, AssignObjective objective,
								struct PrunedCohort *pc,
								void (*rescore) (void *arg, int32_t row,
												 const int32_t *cols,
												 int32_t n, double *scores),
								void (*rescore_rows) (void *arg, int32_t n,
													  const int32_t *rows,
													  const int64_t *start,
													  const int32_t *cols,
													  double *scores),
								void (*rescore_rows_end) (void *arg),
								bool (*admit) (void *arg, int32_t row,
											   int32_t col),
								void *arg);

/*
 * What those solves charge at most, from the cohort's sizes alone, for
 * CohortEndInput.
 */
extern Size SolveCohortBound(const Cohort *c, AssignObjective objective);
extern Size SolveCohortStableBound(const Cohort *c);


/*
 * The keep and forbid queries of arguments keep_argno and forbid_argno,
 * either NULL (see ReadKeep and ReadForbid in solve.c): kept pairs take
 * their seats and leave the solve, forbidden pairs are set aside for the
 * filters.  After the rows and columns are known; SPI must be connected.
 */
extern void ReadKeepAndForbid(Cohort *c, FunctionCallInfo fcinfo,
							  int keep_argno, int forbid_argno,
							  bool seats_only);

/*
 * Why row r is unmatched: capacity (it had a candidate), excluded
 * (forbidden pairs, rules), conflict, else no_candidate.
 */
extern const char *UnmatchedReason(const Cohort *c, int32 r);

/*
 * Fills the columns of a row other than the mentee, the mentor and the
 * reason (values[2 ..], all NULL until set): row r has mentor column col
 * (-1 when unmatched), matched by edge e (-1 when kept or unmatched).
 */
typedef void (*FillRow) (void *arg, int32 r, int32 col, int64 e,
						 Datum *values, bool *nulls);

/*
 * Returns one row per mentee, sorted by mentee id, into the function's
 * materialized result: column 0 the mentee, column 1 the mentor (NULL when
 * unmatched), the last column the reason (kept, the unmatched reason, or
 * NULL for a proposed pair); the columns between come from fill (may be
 * NULL).
 */
extern void ReturnMatching(FunctionCallInfo fcinfo, Cohort *c,
						   const int64 *row_edge, FillRow fill, void *arg);

#endif							/* MENTORMATCH_SOLVE_H */
