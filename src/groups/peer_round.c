/*
 * peer_round.c
 *		The people of a group round and the fit of any two (see
 *		peer_round.h).
 */
#include "postgres.h"

#include <math.h>

#include "executor/spi.h"
#include "miscadmin.h"

#include "base/inner_query.h"
#include "base/sql_values.h"
#include "groups/peer_round.h"
#include "matching/people.h"
#include "matching/solve.h"

/*
 * The credit rows: every person's credit, from its skills and from its
 * goals, for each distinct skill anyone wants; none past the budget.
 */
static void
LayOutCredits(PeerRound *r)
{
	Cohort	   *c = r->cohort;
	Size		bytes = mul_size(mul_size(2 * sizeof(double), (Size) r->n),
								 (Size) Max(r->nskills, 1));
	int32		p,
				s;

	r->credit = NULL;
	if (r->nskills == 0 || bytes > PEER_CREDIT_BUDGET)
		return;
	r->credit = CohortAlloc(c, bytes);
	for (p = 0; p < r->n; p++)
	{
		const Person *x = &r->people[p];
		double	   *row = &r->credit[(Size) p * r->nskills * 2];

		CHECK_FOR_INTERRUPTS();
		for (s = 0; s < r->nskills; s++)
		{
			row[2 * s] = x->has_skills ? SkillCredit(&x->skills, r->skill[s]) : 0.0;
			row[2 * s + 1] = x->has_goals ? SkillCredit(&x->goals, r->skill[s]) : 0.0;
		}
	}
}

static int
CompareInt32(const void *x, const void *y)
{
	int32		a = *(const int32 *) x,
				b = *(const int32 *) y;

	return a < b ? -1 : a > b;
}

/*
 * The people in order of id (people[i] has id[i]); rank[row] is where the
 * cohort's row went.
 */
static int32 *
OrderById(PeerRound *r, Person *read)
{
	Cohort	   *c = r->cohort;
	int32	   *order = CohortRowsById(c);
	int32	   *rank = CohortAlloc(c, sizeof(int32) * Max(r->n, 1));
	int32		i;

	r->people = CohortAlloc(c, sizeof(Person) * Max(r->n, 1));
	r->id = CohortAlloc(c, sizeof(int64) * Max(r->n, 1));
	for (i = 0; i < r->n; i++)
	{
		r->people[i] = read[order[i]];
		r->id[i] = c->row_id[order[i]];
		rank[order[i]] = i;
	}
	return rank;
}

/*
 * The forbid query: (person_id, other_id) pairs who have met.  Pairs with
 * a NULL id, an id not in the input, or one person twice are ignored.
 */
static void
ReadMet(PeerRound *r, text *sql, const int32 *rank)
{
	InnerColumn cols[2] = {
		INNER_COLUMN("person_id", COLUMN_ID, true),
		INNER_COLUMN("other_id", COLUMN_ID, true),
	};
	Cohort	   *c = r->cohort;
	InnerQuery	q;
	int32	   *from = NULL,
			   *to = NULL;
	int64		n = 0,
				cap = 0,
				k;
	int32		p;

	InnerQueryOpen(&q, "forbid", sql, cols, 2);
	while (InnerQueryNext(&q))
	{
		int32		a,
					b;

		if (InnerQueryIsNull(&q, 0) || InnerQueryIsNull(&q, 1))
			continue;
		a = CohortFindRow(c, InnerQueryId(&q, 0));
		b = CohortFindRow(c, InnerQueryId(&q, 1));
		if (a < 0 || b < 0 || a == b)
			continue;
		a = rank[a];
		b = rank[b];
		if (n + 2 > cap)
		{
			int64		newcap = Max(1024, cap * 2);

			from = CohortGrow(c, from, sizeof(int32), cap, newcap);
			to = CohortGrow(c, to, sizeof(int32), cap, newcap);
			cap = newcap;
		}
		from[n] = a;
		to[n++] = b;
		from[n] = b;
		to[n++] = a;
	}
	InnerQueryClose(&q);
	if (n == 0)
		return;
	r->met_start = CohortAlloc(c, sizeof(int64) * (r->n + 1));
	r->met = CohortAlloc(c, sizeof(int32) * n);
	memset(r->met_start, 0, sizeof(int64) * (r->n + 1));
	for (k = 0; k < n; k++)
		r->met_start[from[k] + 1]++;
	for (p = 0; p < r->n; p++)
		r->met_start[p + 1] += r->met_start[p];
	for (k = 0; k < n; k++)
		r->met[r->met_start[from[k]]++] = to[k];
	for (p = r->n; p > 0; p--)
		r->met_start[p] = r->met_start[p - 1];
	r->met_start[0] = 0;
	for (p = 0; p < r->n; p++)
		qsort(&r->met[r->met_start[p]], r->met_start[p + 1] - r->met_start[p],
			  sizeof(int32), CompareInt32);
}

/* The goals of the round and its credit rows. */
static void
IndexRound(PeerRound *r)
{
	r->nskills = IndexGoals(r->cohort, r->people, r->n, &r->goal_start,
							&r->goal_skill, &r->skill);
	LayOutCredits(r);
}

void
ReadPeerRound(PeerRound *r, FunctionCallInfo fcinfo, const char *what,
			  int people_argno, int forbid_argno, int rules_argno,
			  const PeerWeights *weights)
{
	Person	   *read;
	int32	   *rank;

	memset(r, 0, sizeof(PeerRound));
	r->weights = *weights;
	r->cohort = CohortCreate(what, false);
	r->dict = CohortLabelDict(r->cohort);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	read = ReadPersons(r->cohort, r->dict, fcinfo, people_argno, "people");
	r->n = r->cohort->nrows;
	rank = OrderById(r, read);
	if (!ArgIsNullOrAbsent(fcinfo, forbid_argno))
		ReadMet(r, PG_GETARG_TEXT_PP(forbid_argno), rank);
	SPI_finish();
	ParseRules(ArgIsNullOrAbsent(fcinfo, rules_argno) ? NULL : PG_GETARG_ARRAYTYPE_P(rules_argno),
			   r->dict, r->people, r->n, NULL, 0, &r->rules);
	IndexRound(r);
}

void
PeerRoundOver(PeerRound *r, Cohort *c, Person *people, int64 *id, int32 n,
			  const PeerWeights *weights)
{
	memset(r, 0, sizeof(PeerRound));
	r->weights = *weights;
	r->cohort = c;
	r->people = people;
	r->id = id;
	r->n = n;
	IndexRound(r);
}

/*
 * The mean over person b's goals, in their order, of person a's credit
 * (from = 0: from its skills; 1: from its goals): as SkillCoverage sums.
 */
static inline double
GoalMean(const PeerRound *r, int32 a, int from, int32 b)
{
	const double *row = &r->credit[(Size) a * r->nskills * 2 + from];
	int64		x,
				first = r->goal_start[b],
				last = r->goal_start[b + 1];
	double		total = 0.0;

	for (x = first; x < last; x++)
		total += row[2 * r->goal_skill[x]];
	return total / (int) (last - first);
}

bool
PeerRoundFit(const PeerRound *r, int32 a, int32 b, double *fit)
{
	const Person *pa = &r->people[a],
			   *pb = &r->people[b];
	PeerCoverages cov = {NAN, NAN, NAN, NAN};

	if (r->credit != NULL)
	{
		if (PersonHasGoals(pb))
		{
			cov.goals_ab = GoalMean(r, a, 1, b);
			cov.skills_ab = GoalMean(r, a, 0, b);
		}
		if (PersonHasGoals(pa))
		{
			cov.goals_ba = GoalMean(r, b, 1, a);
			cov.skills_ba = GoalMean(r, b, 0, a);
		}
	}
	return PeerFit(pa, pb, &cov, &r->weights, fit);
}

bool
PeerRoundMet(const PeerRound *r, int32 a, int32 b)
{
	const int32 *lo,
			   *hi;

	if (r->met_start == NULL)
		return false;
	lo = &r->met[r->met_start[a]];
	hi = &r->met[r->met_start[a + 1]];
	while (lo < hi)
	{
		const int32 *mid = lo + (hi - lo) / 2;

		if (*mid == b)
			return true;
		if (*mid < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool
PeerRoundAllowed(const PeerRound *r, int32 a, int32 b)
{
	if (PeerRoundMet(r, a, b))
		return false;
	if (r->rules.count == 0)
		return true;
	return BrokenRules(&r->rules, &r->people[a], &r->people[b]) == 0 &&
		(!r->rules.reads_factors ||
		 BrokenRules(&r->rules, &r->people[b], &r->people[a]) == 0);
}
