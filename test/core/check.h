/*
 * check.h
 *		What the standalone checks of the solver cores share (check.c).
 */
#ifndef MENTORMATCH_CHECK_H
#define MENTORMATCH_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"
#include "lap.h"
#include "logistic.h"
#include "deferred_acceptance.h"

/* ---------------------------------------------------------------------
 * Random sparse instances
 * ---------------------------------------------------------------------
 */
typedef struct Inst
{
	int32_t		nrows;
	int32_t		ncols;
	int64_t    *row_start;
	int32_t    *col;
	double	   *score;
	double	   *score2;			/* second preference (stable) */
	int32_t    *capacity;
	int64_t    *row_id;
	int64_t    *col_id;
	int32_t    *row_class;		/* per row, or NULL (see flow.h) */
} Inst;

/* ---------------------------------------------------------------------
 * Validity and objective of an assignment
 * ---------------------------------------------------------------------
 */
typedef struct Obj
{
	int64_t		card;
	double		min;			/* lowest matched score, +inf if none */
	double		total;
	int64_t		weight;			/* sum of class + 1 over matched rows */
} Obj;

/* ---------------------------------------------------------------------
 * Brute force over every feasible assignment
 * ---------------------------------------------------------------------
 */
typedef struct Brute
{
	const Inst *in;
	int32_t    *used;
	int64_t    *cur;
	Obj			best[3];		/* COVERAGE, TOTAL, FAIR */
	bool		have[3];
	/* stable enumeration */
	bool		stable_mode;
	int64_t		nstable;
	int32_t    *best_rank;		/* per row: best rank among stable */
	int32_t    *worst_rank;		/* per row: worst rank among stable */
	int32_t    *rank;			/* per edge: rank in its row's list */
} Brute;

/* random numbers (splitmix64), seeded from the command line */
extern uint64_t Rand64(void);
extern int	RandInt(int lo, int hi);
extern double RandUnit(void);

/* calloc that exits on failure */
extern void *Xalloc(size_t n);

/* counts a pass, or a failure and prints it (the first 30) */
extern void Check(bool ok, const char *fmt,...) __attribute__((format(printf, 2, 3)));
extern bool Near(double a, double b, double tol);

/*
 * A random instance: edges with probability dens, rows listing their
 * columns in a random order, capacities 0..maxcap (sometimes huge); score
 * style 0 uniform, 1 ties in 0..3, 2 ties in -3..3, 3 huge or tiny (mag),
 * other: uniform shifted negative.
 */
extern void MakeInst(Inst *in, int nrows, int ncols, double dens, int maxcap,
					 int style, double mag);
extern void FreeInst(Inst *in);
extern AssignProblem AsAssign(const Inst *in);

/* checks row_edge against p (a failed check if not) and measures it */
extern bool ValidAssignment(const AssignProblem *p, const int64_t *row_edge,
							Obj *obj, const char *what);

/* enumerates every feasible assignment from row i (see Brute) */
extern void BruteRec(Brute *b, int32_t i, int64_t card, double min,
					 double total);

/*
 * A core's scratch promise against what it allocated: allocated <=
 * promised <= bound (the promise from sizes alone), and the promise true to
 * within PROMISE_SLACK of what was allocated (0 bound: none to check).
 */
extern void CheckPromise(const char *label, size_t allocated, size_t promised,
						 size_t bound);

/* the absolute tolerance of an objective over in's scores */
extern double Tolerance(const Inst *in);

/* max total on an n x m matrix (n <= m), every row assigned */
extern double HungarianMax(int n, int m, const double *a, int *row_to_col);

/*
 * The COVERAGE or TOTAL optimum of in over its edges scoring lo or more,
 * by the Hungarian method on a seat-duplicated matrix: *card rows matched
 * for *total.
 */
extern void SeatDuplicatedOptimum(const Inst *in, AssignObjective objective,
								  double lo, int64_t *card, double *total);

/* check_deferred_acceptance.c */
extern bool IsStable(const Inst *in, const int64_t *row_edge);
extern void CheckStableBrute(const Inst *in, const char *label);
extern void CheckStableTextbook(void);
extern void CheckStableLarge(void);

/* check_lap.c */
extern double BruteLap(int n, int m, const double *a, int r, bool *used,
					   double acc);
extern void CheckLapSmall(int reps);
extern void CheckLapMedium(int reps);
extern void CheckLapLarge(void);
extern void CheckLapHuge(void);

/* check_assign.c */
/* assign_solve on in, its scratch promise checked (CheckPromise) */
extern void SolveSmall(const Inst *in, AssignObjective objective,
					   int64_t *row_edge, const char *label);
extern void CheckAssignBrute(const Inst *in, const char *label);
extern void CheckAssignMedium(int reps, bool dense);
extern void CheckEdgeCases(void);
extern void CheckSparseLarge(void);

/* check_fisher.c */
extern void CheckFisher(void);
extern void CheckMedian(void);

/* check_logistic.c */
extern void CheckLogistic(void);

/* check_flow_pruned.c */
extern void CheckPruned(int reps);

/* check_bmatch.c */
extern void CheckBMatch(void);

/* check_fair.c */
extern void CheckFairMedium(int reps);
/* the distinct scores of in, ascending (*n of them; free the array) */
extern double *DistinctScores(const Inst *in, int64_t *n);

/* check_flow_pruned.c, with row classes */
extern void CheckPrunedClasses(int reps);

/* check_priority.c */
extern void CheckClassBrute(int reps);
extern void CheckClassMedium(int reps);

/* check_handover.c */
extern void CheckHandover(int batches);
/* check_circles.c */
extern void CheckCircles(void);

/* check_mentor_circles.c */
extern void CheckMentorCircles(void);

/* check_parity.c */
extern void CheckParity(int reps);

#endif							/* MENTORMATCH_CHECK_H */
