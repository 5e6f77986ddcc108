/*
 * parity.c
 *		objective => 'parity' in match() and assign() (see parity.h).
 */
#include "postgres.h"

#include "base/string_ids.h"
#include "core/flow_parity.h"
#include "matching/parity.h"

void
CohortGroupsBegin(Cohort *c)
{
	MemoryContext old;

	if (c->group_dict != NULL)
		return;
	old = MemoryContextSwitchTo(c->cxt);
	c->group_dict = CreateLabelDict(64, CohortReserveFor, c);
	MemoryContextSwitchTo(old);
}

/* Room for row's group; rows given none are -1 (unknown). */
static void
GroupRoom(Cohort *c, int32 row)
{
	int32		cap;

	if (row < c->group_cap)
		return;
	cap = Max(Max(c->rows_cap, row + 1), 256);
	c->row_group = CohortGrow(c, c->row_group, sizeof(int32), c->group_cap, cap);
	memset(c->row_group + c->group_cap, 0xFF, sizeof(int32) * (cap - c->group_cap));
	c->group_cap = cap;
}

void
CohortSetGroup(Cohort *c, int32 row, InnerQuery *q, int column)
{
	const char *name = UNKNOWN_GROUP;
	int			len = strlen(UNKNOWN_GROUP);

	CohortGroupsBegin(c);
	GroupRoom(c, row);
	if (!InnerQueryIsNull(q, column))
		name = InnerQueryText(q, column, &len);
	c->row_group[row] = InternLabel(c->group_dict, name, len);
}

void
ReadGroups(Cohort *c, text *sql)
{
	InnerColumn cols[2] = {
		INNER_COLUMN("mentee_id", COLUMN_ID, true),
		INNER_COLUMN("group", COLUMN_TEXT, true),
	};
	InnerQuery	q;
	InnerQueryProblems problems;
	bool	   *named = CohortAlloc(c, sizeof(bool) * Max(c->nrows, 1));

	memset(named, 0, sizeof(bool) * Max(c->nrows, 1));
	CohortGroupsBegin(c);
	InnerQueryOpen(&q, "groups", sql, cols, 2);
	InnerQueryProblemsInit(&problems, &q);
	while (InnerQueryNext(&q))
	{
		int64		mentee = InnerQueryId(&q, 0);
		int32		row = CohortFindRow(c, mentee);

		if (row < 0)
			continue;
		if (named[row])
		{
			InnerQueryProblem(&problems, 0, -1,
							  psprintf("Mentee %lld appears more than once.",
									   (long long) mentee));
			continue;
		}
		named[row] = true;
		CohortSetGroup(c, row, &q, 1);
	}
	InnerQueryRaiseProblems(&problems);
	InnerQueryClose(&q);
	pfree(named);
	CohortRelease(c, sizeof(bool) * Max(c->nrows, 1));
}

void
CheckGroupsForObjective(const Cohort *c, AssignObjective objective,
						const char *source)
{
	if (objective == ASSIGN_PARITY && c->group_dict == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("objective parity needs the mentees' groups"),
				 errdetail("Parity maximises the lowest matched rate over groups "
						   "of mentees, and no group was given."),
				 errhint("Give %s; a NULL group is the group %s.", source,
						 UNKNOWN_GROUP)));
	if (objective != ASSIGN_PARITY && c->group_dict != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("groups are read only with objective parity"),
				 errhint("Pass objective => 'parity', or leave the groups out.")));
	if (objective == ASSIGN_PARITY && c->nclasses > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("objective parity does not take priorities"),
				 errdetail("Parity ranks the lowest matched rate of the groups first; "
						   "priorities would rank some mentees above it."),
				 errhint("Leave the priorities out, or match the priority mentees "
						 "in a round of their own first and keep their pairs.")));
}

/* The groups the solve will have: those read, and unknown if a row has none. */
static int32
GroupCount(const Cohort *c)
{
	return c->group_dict == NULL ? 0 : LabelDictSize(c->group_dict) + 1;
}

Size
ParityCohortBound(const Cohort *c)
{
	int32		ngroups = GroupCount(c);

	/*
	 * row_group for the core and the cohort's (if no group was read), group
	 * sizes and kept counts, the core's scratch
	 */
	return add_size(mul_size(2 * sizeof(int32), Max(c->nrows, 1) + 256) +
					mul_size(2 * sizeof(int64), ngroups + 1),
					parity_scratch_bound(c->nrows, c->ncols, c->nedges, ngroups));
}

int64 *
SolveCohortParity(Cohort *c)
{
	ParityProblem p;
	ParityResult result;
	int32	   *row_group = CohortAlloc(c, sizeof(int32) * Max(c->nrows, 1));
	int64	   *size,
			   *fixed,
			   *row_edge;
	int32		ngroups,
				r;
	MemoryContext old;

	/* rows given no group are in unknown, which is a group only then */
	for (r = 0; r < c->nrows; r++)
	{
		GroupRoom(c, r);
		if (c->row_group[r] < 0)
			c->row_group[r] = InternLabel(c->group_dict, UNKNOWN_GROUP,
										  strlen(UNKNOWN_GROUP));
	}
	ngroups = LabelDictSize(c->group_dict);
	size = CohortAlloc(c, sizeof(int64) * (ngroups + 1));
	fixed = CohortAlloc(c, sizeof(int64) * (ngroups + 1));
	memset(size, 0, sizeof(int64) * (ngroups + 1));
	memset(fixed, 0, sizeof(int64) * (ngroups + 1));
	for (r = 0; r < c->nrows; r++)
	{
		int32		g = c->row_group[r];

		size[g]++;
		if (CohortRowKept(c, r))
			fixed[g]++;
		/* a kept row's candidates were dropped (CohortFilter) */
		row_group[r] = CohortRowKept(c, r) ? -1 : g;
	}
	p.assign.nrows = c->nrows;
	p.assign.ncols = c->ncols;
	p.assign.row_start = c->row_start;
	p.assign.col = c->col;
	p.assign.score = c->score;
	p.assign.capacity = c->capacity;
	p.ngroups = ngroups;
	p.row_group = row_group;
	p.group_size = size;
	p.group_fixed = fixed;
	p.keep = 0;
	p.reserve = CohortReserveFor;
	p.memory = c;

	row_edge = CohortAlloc(c, mul_size(sizeof(int64), Max(c->nrows, 1)));
	CohortCharge(c, parity_scratch_bytes(&p));
	old = MemoryContextSwitchTo(c->cxt);
	if (!parity_solve(&p, row_edge, &result))
		elog(ERROR, "%s: parity found no flow the search had proved possible",
			 c->what);
	MemoryContextSwitchTo(old);
	elog(DEBUG1, "%s: parity over %d groups, lowest rate %lld/%lld, %lld matched "
		 "in the solve, %d flows (%d for the total), %lld pairs kept at first, "
		 "%lld brought back", c->what, ngroups, (long long) result.rate_num,
		 (long long) result.rate_den, (long long) result.matched, result.tries,
		 result.priced_rounds, (long long) result.kept, (long long) result.added);
	return row_edge;
}
