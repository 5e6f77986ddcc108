/*
 * check_mentor_circles.c
 *		mentor_circles_solve and mentor_circles_search
 *		(core/mentor_circles.h) against brute force over every assignment,
 *		and the search's bound, baseline, promise and determinism on larger
 *		problems.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"
#include "mentor_circles.h"

/* A problem: candidates, caps, a symmetric fit and which mentees may meet. */
typedef struct Round
{
	MentorCircleProblem p;
	int64_t    *row_start;
	int32_t    *col;
	double	   *score;
	int32_t    *cap;
	int32_t    *pairs;
	double	   *w;				/* n x n */
	bool	   *ok;				/* n x n */
} Round;

static double
RoundFit(void *arg, int32_t a, int32_t b)
{
	Round	   *r = arg;

	return r->w[(size_t) a * r->p.nmentees + b];
}

static bool
RoundTogether(void *arg, int32_t a, int32_t b)
{
	Round	   *r = arg;

	return r->ok[(size_t) a * r->p.nmentees + b];
}

/*
 * A random round: n mentees, m mentors, candidates with probability dens,
 * scores in [0, 1] (style 1: a few values, ties), caps 0 .. max_size,
 * fits in [0, 1], a share apart of the pairs of mentees not allowed
 * together; the pairs-first assignment by the capacitated solver.
 */
static void
MakeRound(Round *r, int32_t n, int32_t m, double dens, int32_t min_size,
		  int32_t max_size, double cohesion, double apart, int style)
{
	int32_t		i,
				j;
	int64_t		e = 0;
	AssignProblem ap;
	int64_t    *row_edge = Xalloc(sizeof(int64_t) * (n + 1));

	memset(r, 0, sizeof(Round));
	r->row_start = Xalloc(sizeof(int64_t) * (n + 1));
	r->col = Xalloc(sizeof(int32_t) * ((size_t) n * m + 1));
	r->score = Xalloc(sizeof(double) * ((size_t) n * m + 1));
	r->cap = Xalloc(sizeof(int32_t) * (m + 1));
	r->pairs = Xalloc(sizeof(int32_t) * (n + 1));
	r->w = Xalloc(sizeof(double) * ((size_t) n * n + 1));
	r->ok = Xalloc(sizeof(bool) * ((size_t) n * n + 1));
	for (j = 0; j < m; j++)
		r->cap[j] = RandInt(0, 4) == 0 ? RandInt(0, max_size) : max_size;
	for (i = 0; i < n; i++)
	{
		r->row_start[i] = e;
		for (j = 0; j < m; j++)
			if (RandUnit() < dens)
			{
				r->col[e] = j;
				r->score[e++] = style == 1 ? RandInt(0, 3) / 3.0 : RandUnit();
			}
	}
	r->row_start[n] = e;
	for (i = 0; i < n; i++)
		for (j = i; j < n; j++)
		{
			double		f = i == j ? 0.0 : style == 1 ? RandInt(0, 2) / 2.0 : RandUnit();
			bool		ok = i == j || RandUnit() >= apart;

			r->w[(size_t) i * n + j] = r->w[(size_t) j * n + i] = f;
			r->ok[(size_t) i * n + j] = r->ok[(size_t) j * n + i] = ok;
		}

	/* pairs first: seats of each mentor's largest circle, if it leads one */
	{
		int32_t    *seats = Xalloc(sizeof(int32_t) * (m + 1));

		for (j = 0; j < m; j++)
			seats[j] = r->cap[j] >= min_size ? r->cap[j] : 0;
		memset(&ap, 0, sizeof(ap));
		ap.nrows = n;
		ap.ncols = m;
		ap.row_start = r->row_start;
		ap.col = r->col;
		ap.score = r->score;
		ap.capacity = seats;
		assign_solve(&ap, ASSIGN_COVERAGE, row_edge);
		for (i = 0; i < n; i++)
			r->pairs[i] = row_edge[i] >= 0 ? r->col[row_edge[i]] : -1;
		free(seats);
	}
	free(row_edge);

	r->p.nmentees = n;
	r->p.nmentors = m;
	r->p.row_start = r->row_start;
	r->p.col = r->col;
	r->p.score = r->score;
	r->p.cap = r->cap;
	r->p.min_size = min_size;
	r->p.cohesion = cohesion;
	r->p.fit = RoundFit;
	r->p.together = apart > 0.0 ? RoundTogether : NULL;
	r->p.arg = r;
	r->p.pairs_first = r->pairs;
}

static void
FreeRound(Round *r)
{
	free(r->row_start);
	free(r->col);
	free(r->score);
	free(r->cap);
	free(r->pairs);
	free(r->w);
	free(r->ok);
}

/* Mentee i's score with mentor j, or NAN when not a candidate. */
static double
ScoreOf(const Round *r, int32_t i, int32_t j)
{
	int64_t		e;

	for (e = r->row_start[i]; e < r->row_start[i + 1]; e++)
		if (r->col[e] == j)
			return r->score[e];
	return NAN;
}

/*
 * Whether an assignment keeps every rule (candidates, sizes, members
 * together), and its worth.
 */
static bool
RoundWorth(const Round *r, const int32_t *mentor, double *total)
{
	int32_t		n = r->p.nmentees,
				m = r->p.nmentors,
				i,
				k,
				j;

	*total = 0.0;
	for (i = 0; i < n; i++)
		if (mentor[i] < -1 || mentor[i] >= m ||
			(mentor[i] >= 0 && isnan(ScoreOf(r, i, mentor[i]))))
			return false;
	for (j = 0; j < m; j++)
	{
		int32_t		size = 0;
		double		S = 0.0,
					F = 0.0;

		for (i = 0; i < n; i++)
			if (mentor[i] == j)
			{
				size++;
				S += ScoreOf(r, i, j);
				for (k = i + 1; k < n; k++)
					if (mentor[k] == j)
					{
						if (!r->ok[(size_t) i * n + k] && r->p.together != NULL)
							return false;
						F += r->w[(size_t) i * n + k];
					}
			}
		if (size > 0 && (size < r->p.min_size || size > r->cap[j]))
			return false;
		*total += size >= 2 ? S + r->p.cohesion * 2.0 * F / (size - 1) : S;
	}
	return true;
}

/* The best worth over every assignment, from mentee i on. */
static void
RoundBrute(const Round *r, int32_t *cur, int32_t i, double *best)
{
	int64_t		e;
	double		total;

	if (i == r->p.nmentees)
	{
		if (RoundWorth(r, cur, &total) && total > *best)
			*best = total;
		return;
	}
	cur[i] = -1;
	RoundBrute(r, cur, i + 1, best);
	for (e = r->row_start[i]; e < r->row_start[i + 1]; e++)
	{
		cur[i] = r->col[e];
		RoundBrute(r, cur, i + 1, best);
	}
	cur[i] = -1;
}

/* What the solve promises for r. */
static size_t
Promise(const Round *r)
{
	int32_t		widest = 1,
				j;

	for (j = 0; j < r->p.nmentors; j++)
		if (r->cap[j] > widest)
			widest = r->cap[j];
	return mentor_circles_scratch_bytes(r->p.nmentees, r->p.nmentors,
										r->row_start[r->p.nmentees], widest,
										r->p.min_size);
}

/* Whether a circle can form in r (else the solve allocates next to nothing). */
static bool
Formable(const Round *r)
{
	int32_t		i;
	int64_t		e;

	if (r->p.min_size > r->p.nmentees)
		return false;
	for (i = 0; i < r->p.nmentees; i++)
		for (e = r->row_start[i]; e < r->row_start[i + 1]; e++)
			if (r->cap[r->col[e]] >= r->p.min_size)
				return true;
	return false;
}

/* The promise for r against what was allocated. */
static void
CheckRoundPromise(const char *label, const Round *r)
{
	if (Formable(r))
		CheckPromise(label, core_alloc_total, Promise(r), 0);
	else
		Check(core_alloc_total <= Promise(r), "%s: allocated %zu > promised %zu",
			  label, core_alloc_total, Promise(r));
}

/* Small rounds: the exact solve and the search against every assignment. */
static void
CheckBrute(int reps)
{
	int			t;

	for (t = 0; t < reps; t++)
	{
		Round		r;
		int32_t		n = RandInt(0, 7),
					m = RandInt(0, 3),
					min_size = RandInt(1, 3),
					max_size = min_size + RandInt(0, 3);
		MentorCircleSolution sol,
					h;
		double		best = 0.0,
					total;
		int32_t    *cur = Xalloc(sizeof(int32_t) * (n + 1));

		MakeRound(&r, n, m, 0.3 + 0.7 * RandUnit(), min_size, max_size,
				  RandInt(0, 3) == 0 ? 0.0 : 3.0 * RandUnit(),
				  RandInt(0, 2) == 0 ? 0.3 * RandUnit() : 0.0, RandInt(0, 1));
		RoundBrute(&r, cur, 0, &best);

		core_host_reset();
		mentor_circles_solve(&r.p, &sol);
		CheckRoundPromise("mentor_circles_solve", &r);
		Check(RoundWorth(&r, sol.mentor, &total), "exact n %d m %d: keeps the rules", n, m);
		Check(sol.exact, "n %d m %d: exact", n, m);
		Check(Near(total, sol.total, 1e-9) && Near(total, best, 1e-9),
			  "exact n %d m %d sizes %d..%d: %.12g (reported %.12g), brute %.12g",
			  n, m, min_size, max_size, total, sol.total, best);

		core_host_reset();
		mentor_circles_search(&r.p, &h);
		CheckRoundPromise("mentor_circles_search", &r);
		Check(RoundWorth(&r, h.mentor, &total), "search n %d m %d: keeps the rules", n, m);
		Check(Near(total, h.total, 1e-9) && h.total <= best + 1e-9,
			  "search n %d m %d: %.12g (reported %.12g), optimum %.12g", n, m, total,
			  h.total, best);
		Check(h.bound >= best - 1e-9, "search n %d m %d: bound %.12g under the optimum %.12g",
			  n, m, h.bound, best);
		Check(h.total >= h.baseline - 1e-9, "search n %d m %d: %.12g under pairs first %.12g",
			  n, m, h.total, h.baseline);
		free(cur);
		FreeRound(&r);
	}
}

/* Larger rounds: valid, the bound above, never under pairs first, the same twice. */
static void
CheckLarge(int reps)
{
	int			t;

	for (t = 0; t < reps; t++)
	{
		Round		r;
		int32_t		n = RandInt(20, 600),
					m = RandInt(2, 120),
					min_size = RandInt(1, 4),
					max_size = min_size + RandInt(0, 4);
		MentorCircleSolution sol,
					again;
		double		total;
		int32_t    *first = Xalloc(sizeof(int32_t) * n);

		MakeRound(&r, n, m, RandUnit() * 0.5, min_size, max_size, 2.0 * RandUnit(),
				  RandInt(0, 2) == 0 ? 0.2 * RandUnit() : 0.0, RandInt(0, 1));
		core_host_reset();
		mentor_circles_solve(&r.p, &sol);
		CheckRoundPromise("mentor_circles_solve, large", &r);
		Check(RoundWorth(&r, sol.mentor, &total), "large n %d m %d: keeps the rules", n, m);
		Check(Near(total, sol.total, 1e-9), "large n %d m %d: %.12g as reported %.12g",
			  n, m, total, sol.total);
		Check(sol.bound >= sol.total - 1e-9, "large n %d m %d: total %.12g above the bound %.12g",
			  n, m, sol.total, sol.bound);
		Check(sol.exact || sol.total >= sol.baseline - 1e-9,
			  "large n %d m %d: %.12g under pairs first %.12g", n, m, sol.total, sol.baseline);
		memcpy(first, sol.mentor, sizeof(int32_t) * n);
		core_host_reset();
		mentor_circles_solve(&r.p, &again);
		Check(memcmp(first, again.mentor, sizeof(int32_t) * n) == 0 && again.total == sol.total,
			  "large n %d m %d: the same circles twice", n, m);
		free(first);
		FreeRound(&r);
	}
}

static double
HalfFit(void *arg, int32_t a, int32_t b)
{
	(void) arg;
	return a == b ? 0.0 : 0.5;
}

/* A problem of the given lists, fits HalfFit, any two together. */
static void
SetProblem(MentorCircleProblem *p, int32_t n, int32_t m, const int64_t *row_start,
		   const int32_t *col, const double *score, const int32_t *cap,
		   int32_t min_size, double cohesion)
{
	memset(p, 0, sizeof(MentorCircleProblem));
	p->nmentees = n;
	p->nmentors = m;
	p->row_start = row_start;
	p->col = col;
	p->score = score;
	p->cap = cap;
	p->min_size = min_size;
	p->cohesion = cohesion;
	p->fit = HalfFit;
}

/* How many mentees sol puts in circles. */
static int32_t
Placed(const MentorCircleSolution *sol, int32_t n)
{
	int32_t		placed = 0,
				i;

	for (i = 0; i < n; i++)
		placed += sol->mentor[i] >= 0;
	return placed;
}

/*
 * Many mentees without candidates (or with mentors that lead no circle):
 * none in a circle, at once, without a level of recursion each; a few of
 * them with candidates: those solved exactly, the rest in no circle.
 */
static void
CheckNoCandidates(void)
{
	int32_t		n = 200000,
				m = 3,
				i,
				j,
				few = 5;
	int64_t    *row_start = Xalloc(sizeof(int64_t) * (n + 1));
	int32_t		col[3 * 5];
	double		score[3 * 5];
	int32_t		cap[3] = {4, 4, 4};
	MentorCircleProblem p;
	MentorCircleSolution sol;
	int32_t		placed;
	int64_t		e = 0;

	for (i = 0; i <= n; i++)
		row_start[i] = 0;
	SetProblem(&p, n, m, row_start, col, score, cap, 2, 1.0);

	core_host_reset();
	mentor_circles_solve(&p, &sol);
	placed = Placed(&sol, n);
	Check(placed == 0 && sol.total == 0.0, "no candidates: %d placed, total %g",
		  placed, sol.total);

	/* candidates only with mentors below min_size */
	for (i = 0; i < n; i++)
	{
		row_start[i] = e;
		if (i % 40000 == 0)
			for (j = 0; j < m; j++)
			{
				col[e] = j;
				score[e++] = 1.0;
			}
	}
	row_start[n] = e;
	p.min_size = 5;
	core_host_reset();
	mentor_circles_solve(&p, &sol);
	placed = Placed(&sol, n);
	Check(placed == 0 && sol.total == 0.0, "caps below min_size: %d placed", placed);

	/* those few: all in circles of 2 or more, the rest in none */
	p.min_size = 2;
	core_host_reset();
	mentor_circles_solve(&p, &sol);
	placed = Placed(&sol, n);
	Check(sol.exact && placed == few,
		  "few with candidates: exact %d, %d placed of %d", sol.exact, placed, few);
	Check(Near(sol.total, few * 1.5, 1e-9), "few with candidates: total %.12g, not %.12g",
		  sol.total, few * 1.5);
	free(row_start);
}

/*
 * Circles of more than 64 members: the search moves mentees into and out
 * of them like any other.  130 mentees, each scoring 1 with mentor 0 and
 * 0.5 with mentor 1, all with mentor 1 at the start: the search moves
 * every one to mentor 0 (it stopped at 64 there).
 */
static void
CheckWideCircles(void)
{
	int32_t		n = 130,
				i;
	int64_t    *row_start = Xalloc(sizeof(int64_t) * (n + 1));
	int32_t    *col = Xalloc(sizeof(int32_t) * 2 * n);
	double	   *score = Xalloc(sizeof(double) * 2 * n);
	int32_t    *pairs = Xalloc(sizeof(int32_t) * n);
	int32_t		cap[2] = {200, 200};
	MentorCircleProblem p;
	MentorCircleSolution sol;

	for (i = 0; i < n; i++)
	{
		row_start[i] = 2 * i;
		col[2 * i] = 0;
		score[2 * i] = 1.0;
		col[2 * i + 1] = 1;
		score[2 * i + 1] = 0.5;
		pairs[i] = 1;
	}
	row_start[n] = 2 * n;
	SetProblem(&p, n, 2, row_start, col, score, cap, 1, 0.0);
	p.pairs_first = pairs;
	core_host_reset();
	mentor_circles_search(&p, &sol);
	CheckPromise("mentor_circles_search, wide", core_alloc_total,
				 mentor_circles_scratch_bytes(n, 2, 2 * n, 200, 1), 0);
	Check(Near(sol.baseline, 65.0, 1e-9) && Near(sol.total, 130.0, 1e-9),
		  "wide circles: total %.12g from %.12g, not 130", sol.total, sol.baseline);
	free(row_start);
	free(col);
	free(score);
	free(pairs);
}

void
CheckMentorCircles(void)
{
	CheckNoCandidates();
	CheckWideCircles();
	CheckBrute(2000);
	CheckLarge(40);
}
