/*
 * recommend.c
 *		recommend(): each mentee's best k mentors with free seats, for
 *		self-select programmes; with exposure, lists that share the mentors
 *		out.
 *
 * Reads mentees and mentors (people.h), scores pairs with the same kernels
 * as score(), and keeps each mentee's best k (picks.h).  With exposure, no
 * mentor is in more lists than ceil(exposure x its free seats), and the
 * lists have the highest total (exposure.h).
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/tuplestore.h"

#include "base/sql_values.h"
#include "matching/exposure.h"
#include "scoring/call_cache.h"
#include "scoring/conflicts.h"

/* exposure (argument argno), > 0 and finite; false when NULL or absent. */
static bool
ParseExposure(FunctionCallInfo fcinfo, int argno, double *exposure)
{
	if (ArgIsNullOrAbsent(fcinfo, argno))
		return false;
	*exposure = PG_GETARG_FLOAT8(argno);
	if (!(*exposure > 0.0) || isinf(*exposure))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("exposure must be a finite number above 0, not %g", *exposure),
				 errdetail("A mentor appears in at most ceil(exposure x its free seats) lists.")));
	return true;
}

/* The rows of mentee r's picks, best first. */
static void
ReturnPicks(ReturnSetInfo *rsinfo, int64 mentee_id, Pick *picks, int32 n)
{
	int32		rank;

	SortPicks(picks, n);
	for (rank = 0; rank < n; rank++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = Int64GetDatum(mentee_id);
		values[1] = Int32GetDatum(rank + 1);
		values[2] = Int64GetDatum(picks[rank].mentor_id);
		values[3] = Float8GetDatum(picks[rank].score);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/*
 * recommend(mentees, mentors, k, weights, exclude, model, keep, forbid,
 *			 rules, exposure)
 */
PG_FUNCTION_INFO_V1(mentormatch_recommend);
Datum
mentormatch_recommend(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PairScorer	scorer;
	Weights		weights;
	PairRules	rules;
	Picker		picker;
	int			exclude;
	int32		k;
	double		exposure;
	bool		exposed;
	People		people;
	Cohort	   *c;
	Pick	   *heap = NULL;
	ExposureLists lists;
	int32	   *order;
	int32		i;

	if (PG_ARGISNULL(2) || PG_GETARG_INT32(2) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be zero or more")));
	k = PG_GETARG_INT32(2);
	(void) CachedWeights(fcinfo, 3);	/* bad weights fail first */
	exposed = ParseExposure(fcinfo, 9, &exposure);
	ModelWithoutHealth(CachedModel(fcinfo, 5), "recommend()");
	exclude = ParseConflictMask(PG_ARGISNULL(4) ? NULL : PG_GETARG_ARRAYTYPE_P(4));
	InitMaterializedSRF(fcinfo, 0);

	ReadPeople(&people, fcinfo, "recommend", 0, 6, 7, true, 0);
	PeopleRoundWeights(&people, CachedWeights(fcinfo, 3), &weights);
	PairScorerInit(&scorer, &weights, CachedModel(fcinfo, 5));
	ParseRules(ArgIsNullOrAbsent(fcinfo, 8) ? NULL : PG_GETARG_ARRAYTYPE_P(8), people.dict,
			   people.mentees, people.cohort->nrows, people.mentors, people.cohort->ncols,
			   &rules);
	c = people.cohort;
	k = Min(k, c->ncols);
	PickerMakeBlocks(&people, &scorer, exposed ? EXPOSURE_KEEP(k) : k);
	if (exposed)
		CohortEndInput(c, ExposureBytes(c, k));
	else
		CohortEndInput(c, mul_size(sizeof(Pick), Max(k, 1)));
	PickerInit(&picker, &people, &scorer, &rules, exclude);
	if (exposed)
		ExposureSolve(&picker, k, exposure, &lists);
	else
		heap = CohortAlloc(c, mul_size(sizeof(Pick), Max(k, 1)));

	order = CohortRowsById(c);
	for (i = 0; i < c->nrows; i++)
	{
		int32		r = order[i];

		CHECK_FOR_INTERRUPTS();
		if (exposed)
			ReturnPicks(rsinfo, c->row_id[r], lists.picks + lists.row_start[r],
						(int32) (lists.row_start[r + 1] - lists.row_start[r]));
		else
			ReturnPicks(rsinfo, c->row_id[r], heap, PickerRow(&picker, r, k, heap));
	}
	elog(DEBUG1, "recommend: %lld pairs looked at, %lld only bounded",
		 (long long) picker.scored, (long long) picker.bounded);
	CohortDestroy(c);
	return (Datum) 0;
}
