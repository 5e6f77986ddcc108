/*
 * conflicts.c
 *		Conflicts of interest between a mentor and a mentee (see
 *		conflicts.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"

#include "scoring/conflicts.h"

const char *const conflict_names[NUM_CONFLICTS] = {
	"self", "reporting_line", "same_team", "shared_project"
};

bool
ChainHas(const Person *p, int64 id)
{
	int			lo = 0,
				hi = p->nchain - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (p->chain[mid] == id)
			return true;
		if (p->chain[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

int
ComputeConflicts(const Person *mentor, const Person *mentee)
{
	int			mask = 0;

	if (mentor->has_id && mentee->has_id && mentor->id == mentee->id)
		mask |= CONFLICT_SELF;
	if ((mentor->has_id && ChainHas(mentee, mentor->id)) ||
		(mentee->has_id && ChainHas(mentor, mentee->id)))
		mask |= CONFLICT_REPORTING_LINE;
	if (mentor->has_manager && mentee->has_manager &&
		mentor->manager == mentee->manager)
		mask |= CONFLICT_SAME_TEAM;
	if (IdSetShared(&mentor->projects, &mentee->projects) > 0)
		mask |= CONFLICT_SHARED_PROJECT;
	return mask;
}

int
ParseConflictMask(ArrayType *names)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				j,
				mask = 0;

	if (names == NULL)
		return 0;
	deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		char	   *name;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("exclude must not contain NULL")));
		name = TextDatumGetCString(elems[i]);
		for (j = 0; j < NUM_CONFLICTS; j++)
			if (strcmp(name, conflict_names[j]) == 0)
				break;
		if (j == NUM_CONFLICTS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown conflict \"%s\" in exclude", name),
					 errhint("Conflicts are self, reporting_line, same_team and "
							 "shared_project.")));
		mask |= 1 << j;
	}
	return mask;
}
