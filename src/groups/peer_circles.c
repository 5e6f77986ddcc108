/*
 * peer_circles.c
 *		peer_circles(people, size, weights, forbid, rules): everyone into
 *		circles of about size, the total peer fit within circles highest.
 *
 * Reads the round (peer_round.h) and hands the partition to the solver
 * core (core/circles.h) with the fit of a pair (an unknown one counting 0)
 * and whether two people may share a circle.  Small rounds are solved
 * exactly; larger ones by a search whose upper bound and starts are
 * reported at DEBUG1.  No partition keeping every forbidden pair apart and
 * every rule is 22023.  Circles are numbered 1.. by their smallest member
 * id; rows come by circle, then person id.
 */
#include "postgres.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "base/sql_values.h"
#include "core/circles.h"
#include "groups/peer_round.h"

static double
CircleFit(void *arg, int32_t a, int32_t b)
{
	double		fit;

	return PeerRoundFit((const PeerRound *) arg, a, b, &fit) ? fit : 0.0;
}

static bool
CircleAllowed(void *arg, int32_t a, int32_t b)
{
	return PeerRoundAllowed((const PeerRound *) arg, a, b);
}

/*
 * The first pair of a circle that may not share it (the people of the
 * ncircles circles walked circle by circle).
 */
static void
FirstBroken(const PeerRound *r, const int32 *circle, int32 ncircles,
			int32 *a, int32 *b)
{
	int32	   *start = palloc0(sizeof(int32) * (ncircles + 1));
	int32	   *member = palloc(sizeof(int32) * r->n);
	int32		x,
				y,
				c;

	*a = *b = 0;
	for (x = 0; x < r->n; x++)
		start[circle[x] + 1]++;
	for (c = 0; c < ncircles; c++)
		start[c + 1] += start[c];
	for (x = 0; x < r->n; x++)
		member[start[circle[x]]++] = x;
	for (c = ncircles; c > 0; c--)
		start[c] = start[c - 1];
	start[0] = 0;
	for (c = 0; c < ncircles; c++)
	{
		CHECK_FOR_INTERRUPTS();
		for (x = start[c]; x < start[c + 1]; x++)
			for (y = x + 1; y < start[c + 1]; y++)
				if (!PeerRoundAllowed(r, member[x], member[y]))
				{
					*a = Min(member[x], member[y]);
					*b = Max(member[x], member[y]);
					return;
				}
	}
}

static void
NoCircles(const PeerRound *r, const CircleSolution *sol)
{
	const CircleSizes *s = &sol->sizes;
	const char *sizes = s->nlarge > 0 ?
		psprintf("%d or %d", s->small, s->small + 1) : psprintf("%d", s->small);
	int32		a,
				b;

	if (sol->lonely >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no circles of %s people keep every forbidden pair apart and every rule",
						sizes),
				 errdetail("Person %lld may share a circle with %d others, and a circle of %d needs %d.",
						   (long long) r->id[sol->lonely], sol->lonely_partners,
						   s->small, s->small - 1),
				 errhint("Relax the rules or the forbidden pairs, or leave the person out.")));
	FirstBroken(r, sol->circle, s->ncircles, &a, &b);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("no circles of %s people keep every forbidden pair apart and every rule",
					sizes),
			 sol->exact ?
			 errdetail("No partition of the %d people into %d circles of %s keeps them.",
					   r->n, s->ncircles, sizes) :
			 errdetail("The search found no partition of the %d people into %d circles of %s "
					   "that keeps them; the best it found puts %lld such pairs together "
					   "(persons %lld and %lld, say).",
					   r->n, s->ncircles, sizes, (long long) sol->broken,
					   (long long) r->id[a], (long long) r->id[b]),
			 errhint("Relax the rules or the forbidden pairs, or form the circles of each group apart.")));
}

/* Circle numbers 1.. in order of their smallest member id. */
typedef struct CircleOrder
{
	int64		first;			/* the smallest member id */
	int32		circle;
} CircleOrder;

static int
CompareCircles(const void *x, const void *y)
{
	const CircleOrder *a = x,
			   *b = y;

	return a->first < b->first ? -1 : a->first > b->first;
}

/* A person of the output: by circle number, then id. */
typedef struct Seat
{
	int32		number;
	int64		id;
	int32		person;
} Seat;

static int
CompareSeats(const void *x, const void *y)
{
	const Seat *a = x,
			   *b = y;

	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* What ReturnCircles allocates, for n people in k circles. */
static Size
ReturnBytes(int32 n, int32 k)
{
	return add_size(mul_size(sizeof(CircleOrder) + 2 * sizeof(int32), k + 1),
					mul_size(sizeof(Seat), n));
}

/* One row per person: its circle, and its mean peer fit with its mates. */
static void
ReturnCircles(FunctionCallInfo fcinfo, const PeerRound *r,
			  const CircleSolution *sol)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Cohort	   *c = r->cohort;
	int32		k = sol->sizes.ncircles,
				i,
				j;
	CircleOrder *order = CohortAlloc(c, sizeof(CircleOrder) * k);
	int32	   *number = CohortAlloc(c, sizeof(int32) * k);
	Seat	   *seat = CohortAlloc(c, sizeof(Seat) * r->n);
	int32	   *start = CohortAlloc(c, sizeof(int32) * (k + 1));

	for (i = 0; i < k; i++)
	{
		order[i].first = PG_INT64_MAX;
		order[i].circle = i;
	}
	for (i = 0; i < r->n; i++)
		order[sol->circle[i]].first = Min(order[sol->circle[i]].first, r->id[i]);
	qsort(order, k, sizeof(CircleOrder), CompareCircles);
	for (i = 0; i < k; i++)
		number[order[i].circle] = i + 1;
	for (i = 0; i < r->n; i++)
	{
		seat[i].number = number[sol->circle[i]];
		seat[i].id = r->id[i];
		seat[i].person = i;
	}
	qsort(seat, r->n, sizeof(Seat), CompareSeats);
	for (i = 0, j = 0; i <= k; i++)
	{
		while (j < r->n && seat[j].number <= i)
			j++;
		start[i] = j;			/* circle i + 1 starts here */
	}
	for (i = 0; i < r->n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, true};
		int32		from = start[seat[i].number - 1],
					to = start[seat[i].number],
					x,
					known = 0;
		double		sum = 0.0;

		if ((i & 1023) == 1023)
			CHECK_FOR_INTERRUPTS();
		for (x = from; x < to; x++)
		{
			double		fit;

			if (x != i && PeerRoundFit(r, seat[i].person, seat[x].person, &fit))
			{
				sum += fit;
				known++;
			}
		}
		values[0] = Int32GetDatum(seat[i].number);
		values[1] = Int64GetDatum(seat[i].id);
		if (known > 0)
		{
			values[2] = Float8GetDatum(sum / (to - from - 1));
			nulls[2] = false;
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* The largest circle size asked for: every member's fit with every other is summed. */
#define PEER_CIRCLE_MAX		1000

/* peer_circles(people, size, weights, forbid, rules) */
PG_FUNCTION_INFO_V1(mentormatch_peer_circles);
Datum
mentormatch_peer_circles(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PeerWeights weights;
	PeerRound	r;
	CircleProblem problem;
	CircleSolution sol;
	MemoryContext old;
	CircleSizes sizes;
	int32		size;
	Size		scratch;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("size must not be NULL")));
	size = PG_GETARG_INT32(1);
	if (size < 2 || size > PEER_CIRCLE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("size must be between 2 and %d, not %d", PEER_CIRCLE_MAX, size),
				 errdetail("A circle has at least two people, and peers learn together in small ones.")));
	ParsePeerWeights(PG_ARGISNULL(2) ? NULL : PG_GETARG_JSONB_P(2), &weights);
	InitMaterializedSRF(fcinfo, 0);

	ReadPeerRound(&r, fcinfo, "peer_circles", 0, 3, 4, &weights);
	if (r.n == 1)
	{
		/* one person forms no circle */
		Datum		values[3] = {0, Int64GetDatum(r.id[0]), 0};
		bool		nulls[3] = {true, false, true};

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	if (r.n < 2)
	{
		CohortDestroy(r.cohort);
		return (Datum) 0;
	}

	problem.n = r.n;
	problem.size = size;
	problem.fit = CircleFit;
	problem.allowed = r.rules.count > 0 || r.met_start != NULL ? CircleAllowed : NULL;
	problem.arg = &r;
	circle_sizes(r.n, size, &sizes);
	scratch = circles_scratch_bytes(r.n, size);
	CohortEndInput(r.cohort, add_size(scratch, ReturnBytes(r.n, sizes.ncircles)));
	CohortCharge(r.cohort, scratch);
	old = MemoryContextSwitchTo(r.cohort->cxt);
	circles_solve(&problem, &sol);
	MemoryContextSwitchTo(old);

	elog(DEBUG1, "peer_circles: %d people in %d circles of %d%s; total fit %.6f, "
		 "upper bound %.6f (gap %.2f%%; halved bound %.6f); %s; start %.6f, "
		 "pairs first %.6f%s; %d skills wanted, coverages %s",
		 r.n, sol.sizes.ncircles, sol.sizes.small,
		 sol.sizes.nlarge > 0 ? psprintf(" or %d", sol.sizes.small + 1) : "",
		 sol.total, sol.bound,
		 sol.bound > 0.0 ? 100.0 * (sol.bound - sol.total) / sol.bound : 0.0,
		 sol.halved_bound,
		 sol.exact ? "exact" :
		 psprintf("searched: %lld moves, %d rounds", (long long) sol.moves, sol.rounds),
		 sol.start, sol.baseline,
		 sol.baseline_broken > 0 ? psprintf(" (%lld pairs broken)",
											(long long) sol.baseline_broken) : "",
		 r.nskills, r.credit != NULL ? "from credit rows" : "pair by pair");
	if (sol.broken > 0)
		NoCircles(&r, &sol);
	ReturnCircles(fcinfo, &r, &sol);
	CohortDestroy(r.cohort);
	return (Datum) 0;
}
