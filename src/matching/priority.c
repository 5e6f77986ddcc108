/*
 * priority.c
 *		Mentee priorities in match() and assign() (see priority.h).
 */
#include "postgres.h"

#include "core/flow.h"
#include "matching/priority.h"

void
CohortSetPriority(Cohort *c, int32 row, int64 priority)
{
	if (row >= c->priority_cap)
	{
		int32		cap = Max(Max(c->rows_cap, row + 1), 256);

		c->row_priority = CohortGrow(c, c->row_priority, sizeof(int64),
									 c->priority_cap, cap);
		c->row_class = CohortGrow(c, c->row_class, sizeof(int32),
								  c->priority_cap, cap);
		memset(c->row_priority + c->priority_cap, 0,
			   sizeof(int64) * (cap - c->priority_cap));
		memset(c->row_class + c->priority_cap, 0,
			   sizeof(int32) * (cap - c->priority_cap));
		c->priority_cap = cap;
	}
	c->row_priority[row] = priority;
}

void
ReadPriorities(Cohort *c, text *sql)
{
	InnerColumn cols[2] = {
		INNER_COLUMN("mentee_id", COLUMN_ID, true),
		INNER_COLUMN("priority", COLUMN_ID, true),
	};
	InnerQuery	q;
	InnerQueryProblems problems;
	int32		r;

	if (c->nrows > 0)
		CohortSetPriority(c, c->nrows - 1, 0);
	InnerQueryOpen(&q, "priorities", sql, cols, 2);
	InnerQueryProblemsInit(&problems, &q);
	while (InnerQueryNext(&q))
	{
		int64		mentee = InnerQueryId(&q, 0);
		int64		priority = InnerQueryId(&q, 1);
		int32		row = CohortFindRow(c, mentee);

		if (row < 0)
			continue;
		/* row_class marks the rows named so far, until CohortRowClasses */
		if (c->row_class[row] != 0)
		{
			InnerQueryProblem(&problems, 0, -1,
							  psprintf("Mentee %lld appears more than once.",
									   (long long) mentee));
			continue;
		}
		c->row_class[row] = 1;
		c->row_priority[row] = priority;
	}
	InnerQueryRaiseProblems(&problems);
	InnerQueryClose(&q);
	for (r = 0; r < c->nrows; r++)
		c->row_class[r] = 0;
}

static int
CompareRowPriorities(const void *a, const void *b, void *arg)
{
	const int64 *p = arg;
	int64		x = p[*(const int32 *) a],
				y = p[*(const int32 *) b];

	return (x > y) - (x < y);
}

const int32 *
CohortRowClasses(Cohort *c)
{
	int32	   *order = c->row_class;
	int64	   *value = c->row_priority;
	int32		n = 0,
				r,
				k,
				nclasses = 0;
	int64		prev = 0;

	if (value == NULL || c->nrows == 0)
		return c->nclasses > 1 ? c->row_class : NULL;
	/* the rows in the solve by priority, in row_class; then ranks in value */
	for (r = 0; r < c->nrows; r++)
		if (!CohortRowKept(c, r))
			order[n++] = r;
	qsort_arg(order, n, sizeof(int32), CompareRowPriorities, value);
	for (k = 0; k < n; k++)
	{
		int32		row = order[k];

		if (k == 0 || value[row] != prev)
			nclasses++;
		prev = value[row];
		value[row] = nclasses - 1;
	}
	for (r = 0; r < c->nrows; r++)
		c->row_class[r] = CohortRowKept(c, r) ? 0 : (int32) value[r];
	c->row_priority = NULL;		/* spent: the classes replace it */
	c->nclasses = nclasses;
	if (nclasses <= 1)
		return NULL;
	if ((int64) nclasses * ((int64) c->nrows + 1) > ASSIGN_CLASS_ROWS_MOST)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many distinct priorities for %d mentees",
						c->what, c->nrows),
				 errdetail("There are %d distinct priorities; the classes times "
						   "the mentees plus one may be at most %lld, beyond "
						   "which the scores would lose precision in the solve.",
						   nclasses, (long long) ASSIGN_CLASS_ROWS_MOST),
				 errhint("Group the priorities into fewer levels.")));
	return c->row_class;
}
