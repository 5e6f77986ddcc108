/*
 * matching.h
 *		Pieces shared by the SQL matching functions (assign.c, match.c).
 */
#ifndef MENTORMATCH_MATCHING_H
#define MENTORMATCH_MATCHING_H

#include "fmgr.h"

#include "cohort.h"
#include "core/flow.h"

/* Which candidate scores a solve keeps (see KeepScore). */
typedef struct ScoreFilter
{
	AssignObjective objective;
	bool		has_min;
	double		min_score;
} ScoreFilter;

extern text *RequiredText(FunctionCallInfo fcinfo, int argno, const char *name);
extern AssignObjective ParseObjective(FunctionCallInfo fcinfo, int argno);
extern bool ParseMinScore(FunctionCallInfo fcinfo, int argno, double *min_score);
extern bool KeepScore(double score, void *arg);
extern void ReadCapacities(Cohort *c, text *sql);
extern int64 *SolveCohort(Cohort *c, AssignObjective objective);
extern bool HadCandidate(Cohort *c, int32 r);
extern const char *UnmatchedReason(Cohort *c, int32 r);

#endif							/* MENTORMATCH_MATCHING_H */
