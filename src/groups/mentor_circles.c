/*
 * mentor_circles.c
 *		circles(mentees, mentors, min_size, max_size, cohesion, weights,
 *		exclude, forbid, rules): each mentor leads at most one circle of
 *		min_size .. max_size mentees (its capacity, when given, lowering the
 *		maximum), the total of the mentor-mentee scores plus cohesion times
 *		each member's mean peer fit in its circle highest.
 *
 * Reads the mentees and mentors as match() does (people.h), scores every
 * pair with match's kernels and keeps the candidates match would (no
 * forbidden pair, excluded conflict or broken rule; candidates.h), each
 * mentee's best MC_LIST of them (all of them for at most MC_EXACT_MENTEES
 * mentees, whom the exact solve may take); solves match's assignment with seats of
 * the circles' largest size (pairs first), and hands both to the solver
 * core (core/mentor_circles.h) with the peer fit of two mentees (an unknown
 * one counting 0, as in peer_circles) and the member rules: of the rules,
 * shared_language and max_hours_apart hold between members too.  Rows by
 * mentor id, then mentee id; unmatched mentees last, with match's reason.
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "base/sql_values.h"
#include "core/mentor_circles.h"
#include "groups/peer_round.h"
#include "matching/candidates.h"
#include "matching/people.h"
#include "matching/solve.h"
#include "scoring/call_cache.h"
#include "scoring/conflicts.h"
#include "scoring/pair_rules.h"

/* Each mentee keeps its best candidates: this many. */
#define MC_LIST		64

/* The largest cohesion: totals stay finite however many circles. */
#define MC_MAX_COHESION	1e6

typedef struct CirclesRound
{
	People		people;
	int32	   *row_of;			/* the solver's mentee x is row row_of[x] */
	PeerRound	peers;
	PairRules	rules;			/* between mentor and mentee */
	PairRules	member_rules;	/* between members */
} CirclesRound;

static double
MemberFit(void *arg, int32_t a, int32_t b)
{
	double		fit;

	CirclesRound *r = arg;

	return PeerRoundFit(&r->peers, r->row_of[a], r->row_of[b], &fit) ? fit : 0.0;
}

static bool
MembersTogether(void *arg, int32_t a, int32_t b)
{
	CirclesRound *r = arg;

	return BrokenRules(&r->member_rules, &r->people.mentees[r->row_of[a]],
					   &r->people.mentees[r->row_of[b]]) == 0;
}

/* An int32 argument that must not be NULL. */
static int32
RequiredInt(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", name)));
	return PG_GETARG_INT32(argno);
}

/* A candidate: its mentor and score. */
typedef struct Candidate
{
	double		score;
	int64		id;				/* the mentor's, for ties */
	int32		col;
} Candidate;

static int
CompareBest(const void *x, const void *y)
{
	const Candidate *a = x,
			   *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int
CompareCol(const void *x, const void *y)
{
	const Candidate *a = x,
			   *b = y;

	return a->col < b->col ? -1 : a->col > b->col;
}

/*
 * Scores every pair as match() does and keeps each mentee's best MC_LIST
 * candidates (by score, then mentor) as the cohort's edges, in column
 * order, or every one of them when there are at most MC_EXACT_MENTEES
 * mentees (so that the exact solve is over them all); a pair whose mentor
 * leads no circle only marks its row.  Whether a mentee lost candidates.
 */
static bool
ScoreCircleCandidates(MatchScoring *ms)
{
	Cohort	   *c = ms->people->cohort;
	int32		ncols = c->ncols,
				tile = (int32) Min(TILE_ROWS, Max(c->nrows, 1)),
				rows[TILE_ROWS],
				counts[TILE_ROWS],
				i,
				t,
				x;
	int32	   *cols = CohortAlloc(c, sizeof(int32) * Max(ncols, 1) * tile);
	double	   *scores = CohortAlloc(c, sizeof(double) * Max(ncols, 1) * tile);
	Candidate  *cand = CohortAlloc(c, sizeof(Candidate) * Max(ncols, 1));
	int32		list = c->nrows <= MC_EXACT_MENTEES ? Max(ncols, 1) : MC_LIST;
	int32	   *keep_col = CohortAlloc(c, sizeof(int32) * list);
	double	   *keep_score = CohortAlloc(c, sizeof(double) * list);
	bool		cut = false;

	ForbiddenMarksInit(c, &ms->forbidden);
	for (i = 0; i < c->nrows;)
	{
		int32		n = 0;

		for (; i < c->nrows && n < tile; i++)
			rows[n++] = i;
		TileCandidates(ms, rows, n, cols, scores, counts);
		for (t = 0; t < n; t++)
		{
			int32		m = 0,
						k;

			for (x = 0; x < counts[t]; x++)
			{
				int32		j = cols[(int64) t * ncols + x];

				if (AdmitPair(ms, rows[t], j))
				{
					cand[m].col = j;
					cand[m++].score = scores[(int64) t * ncols + x];
				}
			}
			if (m > list)
			{
				for (k = 0; k < m; k++)
					cand[k].id = c->col_id[cand[k].col];
				qsort(cand, m, sizeof(Candidate), CompareBest);
				m = list;
				cut = true;
				qsort(cand, m, sizeof(Candidate), CompareCol);
			}
			for (k = 0; k < m; k++)
			{
				keep_col[k] = cand[k].col;
				keep_score[k] = cand[k].score;
			}
			CohortAddEdges(c, rows[t], keep_col, keep_score, m);
		}
	}
	c->forbidden = NULL;		/* applied */
	return cut;
}

/*
 * The solve in order of ids, so that the answer does not depend on the
 * queries' order: mentee x is row row_of[x], mentor y column col_of[y];
 * the filtered candidates, each row's by mentor, and the seats.
 */
typedef struct IdOrder
{
	int64	   *row_start;
	int32	   *col;
	double	   *score;
	int32	   *cap;
	int32	   *col_of;
} IdOrder;

static int
CompareIds(const void *x, const void *y)
{
	const Candidate *a = x,
			   *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

/* What OrderByIds and the answer's mapping allocate. */
static Size
OrderBytes(int32 n, int32 m, int64 nedges)
{
	return add_size(mul_size(sizeof(int32) + sizeof(double), nedges + 1),
					add_size(mul_size(sizeof(int64) + 3 * sizeof(int32), n + 1),
							 mul_size(3 * sizeof(int32) + 2 * sizeof(Candidate), m + 1)));
}

static void
OrderByIds(CirclesRound *r, IdOrder *o)
{
	Cohort	   *c = r->people.cohort;
	int32		n = c->nrows,
				m = c->ncols,
				x,
				y;
	int32	   *rank = CohortAlloc(c, sizeof(int32) * Max(m, 1));
	Candidate  *row = CohortAlloc(c, sizeof(Candidate) * Max(m, 1));
	Candidate  *mentor = CohortAlloc(c, sizeof(Candidate) * Max(m, 1));
	int64		at = 0,
				e;

	r->row_of = CohortRowsById(c);
	o->col_of = CohortAlloc(c, sizeof(int32) * Max(m, 1));
	for (y = 0; y < m; y++)
	{
		mentor[y].id = c->col_id[y];
		mentor[y].col = y;
	}
	qsort(mentor, m, sizeof(Candidate), CompareIds);
	for (y = 0; y < m; y++)
	{
		o->col_of[y] = mentor[y].col;
		rank[mentor[y].col] = y;
	}
	o->row_start = CohortAlloc(c, sizeof(int64) * (n + 1));
	o->col = CohortAlloc(c, sizeof(int32) * Max(c->row_start[n], 1));
	o->score = CohortAlloc(c, sizeof(double) * Max(c->row_start[n], 1));
	o->cap = CohortAlloc(c, sizeof(int32) * Max(m, 1));
	for (y = 0; y < m; y++)
		o->cap[y] = c->capacity[o->col_of[y]];
	for (x = 0; x < n; x++)
	{
		int32		i = r->row_of[x],
					k = 0,
					t;

		o->row_start[x] = at;
		for (e = c->row_start[i]; e < c->row_start[i + 1]; e++, k++)
		{
			row[k].col = rank[c->col[e]];
			row[k].score = c->score[e];
		}
		qsort(row, k, sizeof(Candidate), CompareCol);
		for (t = 0; t < k; t++, at++)
		{
			o->col[at] = row[t].col;
			o->score[at] = row[t].score;
		}
	}
	o->row_start[n] = at;
}

/* A row of the output: by mentor id (none last), then mentee id. */
typedef struct CircleSeat
{
	int64		mentor;
	int64		mentee;
	int32		row;
	int32		col;
} CircleSeat;

static int
CompareCircleSeats(const void *x, const void *y)
{
	const CircleSeat *a = x,
			   *b = y;

	if ((a->col < 0) != (b->col < 0))
		return a->col < 0 ? 1 : -1;
	if (a->mentor != b->mentor)
		return a->mentor < b->mentor ? -1 : 1;
	return a->mentee < b->mentee ? -1 : a->mentee > b->mentee;
}

/* What ReturnCircles allocates. */
static Size
ReturnBytes(int32 n, int32 m, int32 width)
{
	return add_size(mul_size(sizeof(CircleSeat), n + 1),
					mul_size(sizeof(int32), add_size(mul_size(m + 1, width + 1), m + 1)));
}

/*
 * One row per mentee: its mentor, score and mean peer fit in its circle
 * (NULL alone or when no fit is known), or NULL and match's reason.
 */
static void
ReturnCircles(FunctionCallInfo fcinfo, CirclesRound *r, const int32 *mentor,
			  int32 width)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Cohort	   *c = r->people.cohort;
	int32		n = c->nrows,
				m = c->ncols,
				i,
				k;
	CircleSeat *seat = CohortAlloc(c, sizeof(CircleSeat) * Max(n, 1));
	int32	   *size = CohortAlloc(c, sizeof(int32) * (m + 1));
	int32	   *mem = CohortAlloc(c, sizeof(int32) * (Size) (m + 1) * (width + 1));

	memset(size, 0, sizeof(int32) * (m + 1));
	for (k = 0; k < n; k++)
	{
		i = r->row_of[k];		/* members in order of id: the sums too */
		seat[k].row = i;
		seat[k].col = mentor[i];
		seat[k].mentee = c->row_id[i];
		seat[k].mentor = mentor[i] >= 0 ? c->col_id[mentor[i]] : 0;
		if (mentor[i] >= 0)
			mem[(Size) mentor[i] * (width + 1) + size[mentor[i]]++] = i;
	}
	qsort(seat, n, sizeof(CircleSeat), CompareCircleSeats);
	for (i = 0; i < n; i++)
	{
		Datum		values[5] = {0};
		bool		nulls[5] = {true, false, true, true, true};
		int32		row = seat[i].row,
					j = seat[i].col;

		if ((i & 1023) == 1023)
			CHECK_FOR_INTERRUPTS();
		values[1] = Int64GetDatum(seat[i].mentee);
		if (j < 0)
		{
			values[4] = CStringGetTextDatum(UnmatchedReason(c, row));
			nulls[4] = false;
		}
		else
		{
			double		sum = 0.0,
						fit;
			int32		known = 0;
			int64		e;

			values[0] = Int64GetDatum(seat[i].mentor);
			nulls[0] = false;
			for (e = c->row_start[row]; e < c->row_start[row + 1]; e++)
				if (c->col[e] == j)
				{
					values[2] = Float8GetDatum(c->score[e]);
					nulls[2] = false;
				}
			for (k = 0; k < size[j]; k++)
			{
				int32		other = mem[(Size) j * (width + 1) + k];

				if (other != row && PeerRoundFit(&r->peers, row, other, &fit))
				{
					sum += fit;
					known++;
				}
			}
			if (known > 0)
			{
				values[3] = Float8GetDatum(sum / (size[j] - 1));
				nulls[3] = false;
			}
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* circles(mentees, mentors, min_size, max_size, cohesion, weights, exclude, forbid, rules) */
PG_FUNCTION_INFO_V1(mentormatch_circles);
Datum
mentormatch_circles(PG_FUNCTION_ARGS)
{
	CirclesRound r;
	People	   *people = &r.people;
	Cohort	   *c;
	PeerWeights peer_weights;
	Weights		weights;
	PairScorer	scorer;
	ScoreFilter filter = {ASSIGN_COVERAGE, false, 0.0};
	MatchScoring ms;
	MentorCircleProblem problem;
	MentorCircleSolution sol;
	IdOrder		order;
	MemoryContext old;
	int32		min_size,
				max_size,
				width = 1,
				leaders = 0,
				i,
				j;
	int32	   *pairs;
	int64	   *row_edge;
	double		cohesion;
	int			exclude;
	Size		scratch;
	bool		nobody,
				cut;

	min_size = RequiredInt(fcinfo, 2, "min_size");
	max_size = RequiredInt(fcinfo, 3, "max_size");
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("cohesion must not be NULL")));
	cohesion = PG_GETARG_FLOAT8(4);
	if (min_size < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_size must be 1 or more, not %d", min_size),
				 errdetail("A circle has at least one mentee.")));
	if (max_size < min_size)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_size must be at least min_size (%d), not %d",
						min_size, max_size)));
	if (isnan(cohesion) || isinf(cohesion) || cohesion < 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cohesion must be a finite number at least 0, not %g", cohesion)));
	if (cohesion > MC_MAX_COHESION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cohesion must be at most %g, not %.15g", MC_MAX_COHESION, cohesion),
				 errdetail("A larger cohesion could overflow the totals.")));
	(void) CachedWeights(fcinfo, 5);	/* bad weights fail first */
	exclude = ParseConflictMask(PG_ARGISNULL(6) ? NULL : PG_GETARG_ARRAYTYPE_P(6));
	ParsePeerWeights(NULL, &peer_weights);
	InitMaterializedSRF(fcinfo, 0);

	ReadPeople(people, fcinfo, "circles", 0, PG_NARGS(), 7, false, 0);
	c = people->cohort;
	/*
	 * a mentor's circle: max_size, or its capacity when lower, and never more
	 * than the mentees (so that no size below wraps or allocates for seats
	 * nobody can take)
	 */
	for (j = 0; j < c->ncols; j++)
	{
		int32		cap = c->capacity_set[j] ? Min(c->capacity[j], max_size) : max_size;

		cap = Min(cap, c->nrows);
		c->capacity[j] = cap >= min_size ? cap : 0;
		width = Max(width, c->capacity[j]);
		leaders += c->capacity[j] > 0;
	}
	PeopleRoundWeights(people, CachedWeights(fcinfo, 5), &weights);
	PairScorerInit(&scorer, &weights, NULL);
	ParseRules(ArgIsNullOrAbsent(fcinfo, 8) ? NULL : PG_GETARG_ARRAYTYPE_P(8), people->dict,
			   people->mentees, c->nrows, people->mentors, c->ncols, &r.rules);
	r.member_rules.count = 0;
	r.member_rules.reads_factors = false;
	for (i = 0; i < r.rules.count; i++)
		if (r.rules.rule[i].kind == RULE_SHARED_LANGUAGE ||
			r.rules.rule[i].kind == RULE_MAX_HOURS_APART)
			r.member_rules.rule[r.member_rules.count++] = r.rules.rule[i];
	ms.people = people;
	ms.scorer = &scorer;
	ms.filter = &filter;
	ms.exclude = exclude;
	ms.rules = &r.rules;
	ms.workers = NULL;
	cut = ScoreCircleCandidates(&ms);
	PeerRoundOver(&r.peers, c, people->mentees, c->row_id, c->nrows, &peer_weights);

	/* no circle can form: everyone unmatched, nothing solved */
	nobody = leaders == 0 || min_size > c->nrows;
	scratch = nobody ? 0 :
		mentor_circles_scratch_bytes(c->nrows, c->ncols, c->nedges, width, min_size);
	CohortEndInput(c, add_size(add_size(SolveCohortBound(c, ASSIGN_COVERAGE), scratch),
							   add_size(ReturnBytes(c->nrows, c->ncols, width),
										OrderBytes(c->nrows, c->ncols, c->nedges))));
	{
		int32		dup_row,
					dup_col;

		if (!CohortLayout(c, &dup_row, &dup_col))
			elog(ERROR, "circles scored mentee %lld and mentor %lld twice",
				 (long long) c->row_id[dup_row], (long long) c->col_id[dup_col]);
	}
	CohortFilter(c, NULL, NULL);
	OrderByIds(&r, &order);
	if (nobody)
	{
		int32	   *mentor = CohortAlloc(c, sizeof(int32) * Max(c->nrows, 1));

		elog(DEBUG1, "circles: %d mentees, %d mentors (%d may lead, circles of %d to %d); "
			 "no circle can form", c->nrows, c->ncols, leaders, min_size, max_size);
		for (i = 0; i < c->nrows; i++)
			mentor[i] = -1;
		ReturnCircles(fcinfo, &r, mentor, width);
		CohortDestroy(c);
		return (Datum) 0;
	}
	{
		AssignProblem ap;

		memset(&ap, 0, sizeof(ap));
		ap.nrows = c->nrows;
		ap.ncols = c->ncols;
		ap.row_start = order.row_start;
		ap.col = order.col;
		ap.score = order.score;
		ap.capacity = order.cap;
		row_edge = SolveProblem(c, &ap, ASSIGN_COVERAGE);
	}
	pairs = CohortAlloc(c, sizeof(int32) * Max(c->nrows, 1));
	for (i = 0; i < c->nrows; i++)
		pairs[i] = row_edge[i] >= 0 ? order.col[row_edge[i]] : -1;

	problem.nmentees = c->nrows;
	problem.nmentors = c->ncols;
	problem.row_start = order.row_start;
	problem.col = order.col;
	problem.score = order.score;
	problem.cap = order.cap;
	problem.min_size = min_size;
	problem.cohesion = cohesion;
	problem.fit = MemberFit;
	problem.together = r.member_rules.count > 0 ? MembersTogether : NULL;
	problem.arg = &r;
	problem.pairs_first = pairs;
	CohortCharge(c, scratch);
	old = MemoryContextSwitchTo(c->cxt);
	mentor_circles_solve(&problem, &sol);
	MemoryContextSwitchTo(old);

	elog(DEBUG1, "circles: %d mentees, %d mentors (%d may lead, circles of %d to %d); "
		 "total %.6f, upper bound %.6f (gap %.2f%%)%s; %s; start %.6f, pairs first %.6f",
		 c->nrows, c->ncols, leaders, min_size, max_size, sol.total, sol.bound,
		 sol.bound > 0.0 ? 100.0 * (sol.bound - sol.total) / sol.bound : 0.0,
		 cut ? psprintf(" over each mentee's best %d candidates", MC_LIST) : "",
		 sol.exact ? (cut ? "exact over the kept candidates" : "exact") :
		 psprintf("searched: %lld moves, %d rounds, %d of %d kicks kept",
				  (long long) sol.moves, sol.rounds, sol.kicks_kept, sol.kicks),
		 sol.start, sol.baseline);
	{
		int32	   *mentor = CohortAlloc(c, sizeof(int32) * Max(c->nrows, 1));

		for (i = 0; i < c->nrows; i++)
			mentor[r.row_of[i]] = sol.mentor[i] >= 0 ? order.col_of[sol.mentor[i]] : -1;
		ReturnCircles(fcinfo, &r, mentor, width);
	}
	CohortDestroy(c);
	return (Datum) 0;
}
