/*
 * interventions.c
 *		interventions(running, mentees, mentors, model, as_of, forbid, rules,
 *		exclude): for each running pair, what to do next and what the
 *		learned model expects it to gain.
 *
 * Each running pair has the model's probability of success as it runs
 * (with its health, for a model learned with health).  What can change it:
 *	 train		an untrained side trained: the probability with that side's
 *				trained = true (the pair stays, no seat moves);
 *	 rematch	a new mentor, the pair then starting afresh: the model at the
 *				start (scoring/model.h), profiles alone;
 *	 close		a stalled pair (health's status) ends, its seat freed.
 * The rematches are one optimal assignment (core/flow.h, coverage): each
 * running pair is a row; a pair that is not stalled has an edge to its own
 * mentor (staying; its gain the training's, or 0), a stalled one an edge to
 * a column "closed" (gain 0); a pair in trouble (InTrouble) also has an
 * edge to each other mentor with a seat whose pair would gain more than
 * staying, never to the current mentor, a forbidden pair, an excluded
 * conflict or a pair breaking a rule.
 * A mentor's seats are its capacity (which counts its running pairs), so
 * the seats a rematch or a close frees go to others.  Every row can stay or
 * close, so coverage matches every row, then maximises the total gain
 * exactly.  Then, for a pair that stays: train when training gains, else
 * nudge when its fit at the start is good (probability at least
 * NUDGE_FIT_FROM) and health says the first meeting or the cadence is
 * slipping, else none.
 *
 * Rows come out highest gain first (none, nudge and close have none), then
 * by probability, lowest first, then by mentee.  Deterministic: the clock
 * is never read (as_of is the day the actions are decided; a rematched
 * pair starts then).
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/timestamp.h"

#include "base/inner_query.h"
#include "base/sql_values.h"
#include "core/flow.h"
#include "matching/people.h"
#include "matching/solve.h"
#include "scoring/call_cache.h"
#include "scoring/pair_rules.h"
#include "types/relationship_health.h"

/* A pair whose start alone gives at least this is a good fit (nudge). */
#define NUDGE_FIT_FROM		0.5

/* Gains this close to 0 are none (rounding in the probabilities). */
#define GAIN_EPSILON		1e-12

typedef enum Action
{
	ACTION_NONE,
	ACTION_NUDGE,
	ACTION_TRAIN,
	ACTION_REMATCH,
	ACTION_CLOSE
} Action;

static const char *const action_names[] = {
	"none", "nudge", "train", "rematch", "close"
};

/* One running pair. */
typedef struct Running
{
	int32		row;			/* the mentee's row in the cohort */
	int32		col;			/* the current mentor's column */
	HealthFacts health;
	double		probability;	/* as it runs */
	double		trained;		/* with its untrained sides trained, or NaN */
	bool		stalled;
	Action		action;
	int32		new_col;		/* rematch: the new mentor's column */
	double		after;			/* the probability after, NaN for none */
} Running;

/* Reads the running query: every pair's mentee and mentor in the input. */
static Running *
ReadRunning(People *people, FunctionCallInfo fcinfo, int32 *nrunning)
{
	Cohort	   *c = people->cohort;
	InnerColumn cols[3] = {
		INNER_COLUMN("mentee_id", COLUMN_ID, true),
		INNER_COLUMN("mentor_id", COLUMN_ID, true),
		{"health", COLUMN_COMPOSITE, true, ExtensionTypeOid(fcinfo, "relationship_health")},
	};
	InnerQuery	q;
	InnerQueryProblems problems;
	Running    *running = NULL;
	int32	   *seen = CohortAlloc(c, sizeof(int32) * Max(c->nrows, 1));
	int32	   *count = CohortAlloc(c, sizeof(int32) * Max(c->ncols, 1));
	int32		n = 0,
				cap = 0,
				j;

	memset(seen, 0, sizeof(int32) * Max(c->nrows, 1));
	memset(count, 0, sizeof(int32) * Max(c->ncols, 1));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	InnerQueryOpen(&q, "running", RequiredText(fcinfo, 0, "running"), cols, 3);
	InnerQueryProblemsInit(&problems, &q);
	while (InnerQueryNext(&q))
	{
		int64		mentee = InnerQueryId(&q, 0);
		int64		mentor = InnerQueryId(&q, 1);
		int32		row = CohortFindRow(c, mentee);
		int32		col = CohortFindCol(c, mentor);
		Running    *r;

		if (row < 0 || col < 0)
		{
			InnerQueryProblem(&problems, 0, 1,
							  psprintf("The running pair (mentee %lld, mentor %lld) names a %s not in the input.",
									   (long long) mentee, (long long) mentor,
									   row < 0 ? "mentee" : "mentor"));
			continue;
		}
		if (seen[row]++ > 0)
		{
			InnerQueryProblem(&problems, 0, -1,
							  psprintf("Mentee %lld is in more than one running pair.",
									   (long long) mentee));
			continue;
		}
		if (++n > cap)
		{
			int32		newcap = Max(256, cap * 2);

			running = CohortGrow(c, running, sizeof(Running), cap, newcap);
			cap = newcap;
		}
		r = &running[n - 1];
		r->row = row;
		r->col = col;
		DecodeHealth(DatumGetHeapTupleHeader(InnerQueryDatum(&q, 2)), &r->health);
		r->stalled = r->health.status == HEALTH_STALLED;
		count[col]++;
	}
	for (j = 0; j < c->ncols; j++)
		if (count[j] > c->capacity[j])
			InnerQueryProblem(&problems, 1, -1,
							  psprintf("Mentor %lld has %d running pairs and a capacity of %d; "
									   "a mentor's capacity counts its running pairs.",
									   (long long) c->col_id[j], count[j], c->capacity[j]));
	InnerQueryRaiseProblems(&problems);
	InnerQueryClose(&q);
	SPI_finish();
	*nrunning = n;
	return running;
}

/* A copy of p trained, if it is untrained: whether it was. */
static bool
Trained(const Person *p, Person *out)
{
	*out = *p;
	if (!p->has_trained || p->trained)
		return false;
	out->trained = true;
	return true;
}

/* Health says the first meeting or the cadence is slipping. */
static bool
Slipping(const HealthFacts *h)
{
	return (h->reasons & (HEALTH_NO_FIRST_MEETING | HEALTH_OVERDUE |
						  HEALTH_CADENCE_SLOWING)) != 0 ||
		h->status == HEALTH_COOLING || h->status == HEALTH_NOT_STARTED;
}

/*
 * A pair a rematch may help: stalled, at risk, cooling, or without a
 * first meeting past the time for one.  A healthy pair, or one that has
 * just started, keeps its mentor (a model learned on older pairs would
 * read a new pair's missing meetings as trouble).
 */
static bool
InTrouble(const HealthFacts *h)
{
	return h->status == HEALTH_STALLED || h->status == HEALTH_AT_RISK ||
		h->status == HEALTH_COOLING || (h->reasons & HEALTH_NO_FIRST_MEETING) != 0;
}

/* The probability of a running pair with mentor and mentee as given. */
static double
RunningProbability(const Model *m, const People *people, const Running *r,
				   const Person *mentor, const Person *mentee)
{
	FactorValues f;

	ComputeFactors(mentor, mentee, &f);
	return PairProbability(m, mentor, mentee, &f,
						   KernelConflicts(&people->kernel, r->row, r->col),
						   &r->health);
}

/* Output order: gain, highest first, NULL last; probability; mentee. */
typedef struct Ordered
{
	const Running *r;
	const Cohort *c;
} Ordered;

static int
CompareOrdered(const void *a, const void *b)
{
	const Running *x = ((const Ordered *) a)->r,
			   *y = ((const Ordered *) b)->r;
	const Cohort *c = ((const Ordered *) a)->c;
	bool		xg = !isnan(x->after) && x->action != ACTION_CLOSE,
				yg = !isnan(y->after) && y->action != ACTION_CLOSE;

	if (xg != yg)
		return xg ? -1 : 1;
	if (xg)
	{
		double		gx = x->after - x->probability,
					gy = y->after - y->probability;

		if (gx != gy)
			return gx > gy ? -1 : 1;
	}
	if (x->probability != y->probability)
		return x->probability < y->probability ? -1 : 1;
	return (c->row_id[x->row] > c->row_id[y->row]) - (c->row_id[x->row] < c->row_id[y->row]);
}

/* The reasons of a row: health's status and reasons, then the action's. */
static Datum
Reasons(const Running *r, const People *people)
{
	const char *names[2 + NUM_HEALTH_REASONS + 2];
	int			n = 0,
				i;

	if (r->health.status != HEALTH_HEALTHY)
		names[n++] = health_status_names[r->health.status];
	for (i = 0; i < NUM_HEALTH_REASONS; i++)
		if (r->health.reasons & (1 << i))
			names[n++] = health_reason_names[i];
	if (r->action == ACTION_TRAIN)
	{
		const Person *mentor = &people->mentors[r->col];
		const Person *mentee = &people->mentees[r->row];

		if (mentor->has_trained && !mentor->trained)
			names[n++] = "mentor_untrained";
		if (mentee->has_trained && !mentee->trained)
			names[n++] = "mentee_untrained";
	}
	if (r->action == ACTION_CLOSE)
		names[n++] = "no_better_mentor";
	return NamesToTextArray(names, n, n >= 64 ? ~UINT64CONST(0) : (UINT64CONST(1) << n) - 1);
}

PG_FUNCTION_INFO_V1(mentormatch_interventions);
Datum
mentormatch_interventions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const Model *model;
	People		people;
	PairRules	rules;
	ForbiddenMarks forbidden;
	int			exclude;
	Cohort	   *c;
	Running    *running;
	int32		n,
				x,
				j;
	AssignProblem p;
	int64	   *row_start;
	int32	   *edge_col,
			   *capacity;
	double	   *edge_gain;
	int64		nedges = 0,
				edges_cap;
	int64	   *row_edge;
	int32		close_col;
	Ordered    *order;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("interventions() needs a model"),
				 errhint("Learn one from the programme's history with learn(), with health for running pairs.")));
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("interventions() needs as_of")));
	if (TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(4)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interventions() needs a finite as_of")));
	model = CachedModel(fcinfo, 3);
	exclude = ParseConflictMask(PG_ARGISNULL(7) ? NULL : PG_GETARG_ARRAYTYPE_P(7));
	InitMaterializedSRF(fcinfo, 0);

	ReadPeople(&people, fcinfo, "interventions", 1, PG_NARGS(), 5, false, 0);
	c = people.cohort;
	ParseRules(ArgIsNullOrAbsent(fcinfo, 6) ? NULL : PG_GETARG_ARRAYTYPE_P(6), people.dict,
			   people.mentees, c->nrows, people.mentors, c->ncols, &rules);
	running = ReadRunning(&people, fcinfo, &n);
	ForbiddenMarksInit(c, &forbidden);

	/* the problem: a row per running pair, a column per mentor, then closed */
	close_col = c->ncols;
	capacity = CohortAlloc(c, sizeof(int32) * (c->ncols + 1));
	memcpy(capacity, c->capacity, sizeof(int32) * c->ncols);
	capacity[close_col] = 0;
	row_start = CohortAlloc(c, sizeof(int64) * (n + 1));
	edges_cap = Max((int64) n * 4, 256);
	edge_col = CohortGrow(c, NULL, sizeof(int32), 0, edges_cap);
	edge_gain = CohortGrow(c, NULL, sizeof(double), 0, edges_cap);
	for (x = 0; x < n; x++)
	{
		Running    *r = &running[x];
		const Person *mentee = &people.mentees[r->row];
		const Person *mentor = &people.mentors[r->col];
		Person		trained_mentor,
					trained_mentee;
		bool		untrained_mentor,
					untrained_mentee;
		double		stay;

		r->probability = RunningProbability(model, &people, r, mentor, mentee);
		r->trained = get_float8_nan();
		untrained_mentor = Trained(mentor, &trained_mentor);
		untrained_mentee = Trained(mentee, &trained_mentee);
		if (!r->stalled && (untrained_mentor || untrained_mentee))
			r->trained = RunningProbability(model, &people, r, &trained_mentor, &trained_mentee);
		/* what staying gains (training, if it raises the probability); closing, 0 */
		stay = !isnan(r->trained) && r->trained - r->probability > GAIN_EPSILON ?
			r->trained - r->probability : 0.0;

		row_start[x] = nedges;
		if (nedges + c->ncols + 1 > edges_cap)
		{
			int64		newcap = Max(edges_cap * 2, nedges + c->ncols + 1);

			edge_col = CohortGrow(c, edge_col, sizeof(int32), edges_cap, newcap);
			edge_gain = CohortGrow(c, edge_gain, sizeof(double), edges_cap, newcap);
			edges_cap = newcap;
		}
		/* staying, or closing */
		edge_col[nedges] = r->stalled ? close_col : r->col;
		edge_gain[nedges++] = stay;
		if (r->stalled)
			capacity[close_col]++;

		if (!InTrouble(&r->health))
			continue;			/* a healthy or new pair keeps its mentor */
		ForbiddenMarksRow(&forbidden, r->row);
		for (j = 0; j < c->ncols; j++)
		{
			const Person *other = &people.mentors[j];
			FactorValues f;
			int			conflicts;
			double		gain;

			if ((j & 255) == 255)
				CHECK_FOR_INTERRUPTS();
			if (j == r->col || c->capacity[j] == 0 ||
				ForbiddenMarked(&forbidden, r->row, j))
				continue;
			conflicts = KernelConflicts(&people.kernel, r->row, j);
			if ((conflicts & exclude) != 0 ||
				(rules.count > 0 && BrokenRules(&rules, other, mentee) != 0))
				continue;
			ComputeFactors(other, mentee, &f);
			gain = PairProbabilityAtStart(model, other, mentee, &f, conflicts) - r->probability;
			if (gain > stay + GAIN_EPSILON && gain > GAIN_EPSILON)
			{
				edge_col[nedges] = j;
				edge_gain[nedges++] = gain;
			}
		}
	}
	row_start[n] = nedges;

	p.nrows = n;
	p.ncols = c->ncols + 1;
	p.row_start = row_start;
	p.col = edge_col;
	p.score = edge_gain;
	p.capacity = capacity;
	p.row_class = NULL;			/* one class: priorities are match's */
	row_edge = SolveProblem(c, &p, ASSIGN_COVERAGE);

	for (x = 0; x < n; x++)
	{
		Running    *r = &running[x];
		int64		e = row_edge[x];
		int32		col = e >= 0 ? edge_col[e] : (r->stalled ? close_col : r->col);

		r->new_col = -1;
		r->after = get_float8_nan();
		if (e < 0)
			elog(ERROR, "running pair %d left out of the interventions' assignment", x);
		if (col == close_col)
			r->action = ACTION_CLOSE;
		else if (col != r->col)
		{
			r->action = ACTION_REMATCH;
			r->new_col = col;
			r->after = r->probability + edge_gain[e];
		}
		else if (edge_gain[e] > 0.0)
		{
			r->action = ACTION_TRAIN;
			r->after = r->trained;
		}
		else
		{
			FactorValues f;
			const Person *mentor = &people.mentors[r->col];
			const Person *mentee = &people.mentees[r->row];

			ComputeFactors(mentor, mentee, &f);
			r->action = Slipping(&r->health) &&
				PairProbabilityAtStart(model, mentor, mentee, &f,
									   KernelConflicts(&people.kernel, r->row, r->col)) >= NUDGE_FIT_FROM ?
				ACTION_NUDGE : ACTION_NONE;
		}
	}

	order = palloc(sizeof(Ordered) * Max(n, 1));
	for (x = 0; x < n; x++)
	{
		order[x].r = &running[x];
		order[x].c = c;
	}
	qsort(order, n, sizeof(Ordered), CompareOrdered);
	for (x = 0; x < n; x++)
	{
		const Running *r = order[x].r;
		Datum		values[8];
		bool		nulls[8] = {false};

		values[0] = Int64GetDatum(c->row_id[r->row]);
		values[1] = Int64GetDatum(c->col_id[r->col]);
		values[2] = CStringGetTextDatum(action_names[r->action]);
		values[3] = r->new_col >= 0 ? Int64GetDatum(c->col_id[r->new_col]) : (Datum) 0;
		nulls[3] = r->new_col < 0;
		values[4] = Float8GetDatum(r->probability);
		values[5] = Float8GetDatum(r->after);
		nulls[5] = isnan(r->after);
		values[6] = Float8GetDatum(r->after - r->probability);
		nulls[6] = isnan(r->after);
		values[7] = Reasons(r, &people);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	CohortDestroy(c);
	return (Datum) 0;
}
