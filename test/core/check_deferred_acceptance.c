/*
 * check_deferred_acceptance.c
 *		stable_solve (core/deferred_acceptance.h): no blocking pair,
 *		mentee- and mentor-optimality against every stable matching by brute force,
 *		Gale and Shapley's example, ties by id.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"

/* ---------------------------------------------------------------------
 * Stable matching
 * ---------------------------------------------------------------------
 */
static int
CmpRow(const Inst *in, int64_t a, int64_t b)
{
	/* <0 if the row prefers edge a over edge b (a, b in the same row) */
	if (in->score[a] != in->score[b])
		return in->score[a] > in->score[b] ? -1 : 1;
	if (in->col_id[in->col[a]] != in->col_id[in->col[b]])
		return in->col_id[in->col[a]] < in->col_id[in->col[b]] ? -1 : 1;
	return a < b ? -1 : (a > b);
}

static int64_t *edge_row_cache;

static int
CmpCol(const Inst *in, int64_t a, int64_t b)
{
	/* <0 if the column prefers edge a over edge b (same column) */
	if (in->score2[a] != in->score2[b])
		return in->score2[a] > in->score2[b] ? -1 : 1;
	if (in->row_id[edge_row_cache[a]] != in->row_id[edge_row_cache[b]])
		return in->row_id[edge_row_cache[a]] < in->row_id[edge_row_cache[b]] ? -1 : 1;
	return a < b ? -1 : (a > b);
}

/*
 * No blocking pair: for every listed (i, j) not matched, either i prefers
 * its partner, or j is full and prefers each of its rows to i.
 */
bool
IsStable(const Inst *in, const int64_t *row_edge)
{
	int32_t    *count = Xalloc(sizeof(int32_t) * (in->ncols + 1));
	int64_t    *worst = Xalloc(sizeof(int64_t) * (in->ncols + 1));
	int32_t		i,
				j;
	int64_t		e;
	bool		ok = true;

	for (j = 0; j < in->ncols; j++)
		worst[j] = -1;
	for (i = 0; i < in->nrows; i++)
	{
		e = row_edge[i];
		if (e < 0)
			continue;
		j = in->col[e];
		count[j]++;
		if (worst[j] < 0 || CmpCol(in, e, worst[j]) > 0)
			worst[j] = e;
	}
	for (i = 0; i < in->nrows && ok; i++)
	{
		for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
		{
			j = in->col[e];
			if (e == row_edge[i] || in->capacity[j] <= 0)
				continue;
			if (row_edge[i] >= 0 && CmpRow(in, row_edge[i], e) < 0)
				continue;		/* i prefers its partner */
			if (count[j] < in->capacity[j] ||
				CmpCol(in, e, worst[j]) < 0)
			{
				ok = false;
				break;
			}
		}
	}
	free(count);
	free(worst);
	return ok;
}

static StableProblem
AsStable(const Inst *in)
{
	StableProblem p;

	p.nrows = in->nrows;
	p.ncols = in->ncols;
	p.row_start = in->row_start;
	p.col = in->col;
	p.row_pref = in->score;
	p.col_pref = in->score2;
	p.row_id = in->row_id;
	p.col_id = in->col_id;
	p.capacity = in->capacity;
	return p;
}

static void
SetEdgeRows(const Inst *in)
{
	int32_t		i;
	int64_t		e;

	free(edge_row_cache);
	edge_row_cache = Xalloc(sizeof(int64_t) * (in->row_start[in->nrows] + 1));
	for (i = 0; i < in->nrows; i++)
		for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
			edge_row_cache[e] = i;
}

/* rank of each edge within its row's strict order (0 = best) */
static int32_t *
RowRanks(const Inst *in)
{
	int32_t    *rank = Xalloc(sizeof(int32_t) * (in->row_start[in->nrows] + 1));
	int32_t		i;
	int64_t		a,
				b;

	for (i = 0; i < in->nrows; i++)
		for (a = in->row_start[i]; a < in->row_start[i + 1]; a++)
			for (b = in->row_start[i]; b < in->row_start[i + 1]; b++)
				if (b != a && CmpRow(in, b, a) < 0)
					rank[a]++;
	return rank;
}

static bool
ValidStable(const Inst *in, const int64_t *row_edge, const char *label)
{
	AssignProblem p = AsAssign(in);
	Obj			o;

	return ValidAssignment(&p, row_edge, &o, label);
}

void
CheckStableBrute(const Inst *in, const char *label)
{
	StableProblem sp = AsStable(in);
	Brute		b;
	int64_t    *m1 = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	int64_t    *m2 = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	int32_t		i;
	size_t		promised = stable_scratch_bytes(&sp);

	SetEdgeRows(in);
	core_host_reset();
	stable_solve(&sp, true, m1);
	CheckPromise(label, core_alloc_total, promised,
				 stable_scratch_bound(in->nrows, in->ncols,
									  in->row_start[in->nrows]));
	core_host_reset();
	stable_solve(&sp, false, m2);
	CheckPromise(label, core_alloc_total, promised,
				 stable_scratch_bound(in->nrows, in->ncols,
									  in->row_start[in->nrows]));
	core_host_reset();
	if (!ValidStable(in, m1, label) || !ValidStable(in, m2, label))
		goto done;
	Check(IsStable(in, m1), "%s: mentee-optimal result has a blocking pair", label);
	Check(IsStable(in, m2), "%s: mentor-optimal result has a blocking pair", label);

	memset(&b, 0, sizeof(b));
	b.in = in;
	b.stable_mode = true;
	b.used = Xalloc(sizeof(int32_t) * (in->ncols + 1));
	b.cur = Xalloc(sizeof(int64_t) * (in->nrows + 1));
	b.best_rank = Xalloc(sizeof(int32_t) * (in->nrows + 1));
	b.worst_rank = Xalloc(sizeof(int32_t) * (in->nrows + 1));
	b.rank = RowRanks(in);
	for (i = 0; i < in->nrows; i++)
	{
		b.best_rank[i] = INT32_MAX;
		b.worst_rank[i] = -1;
	}
	BruteRec(&b, 0, 0, INFINITY, 0.0);
	/* a stable matching always exists (Gale-Shapley): there is a comparison */
	if (b.nstable > 0)
	{
		/*
		 * mentee-optimal: each mentee's best stable partner; mentor-optimal:
		 * each mentee's worst (hospital-optimal = resident-pessimal)
		 */
		for (i = 0; i < in->nrows; i++)
		{
			int32_t		r1 = m1[i] < 0 ? INT32_MAX : b.rank[m1[i]];
			int32_t		r2 = m2[i] < 0 ? INT32_MAX : b.rank[m2[i]];

			if (r1 != b.best_rank[i] || r2 != b.worst_rank[i])
				break;
		}
		Check(i == in->nrows,
			  "%s: row %d got ranks %d/%d, stable best %d worst %d", label, i,
			  i < in->nrows ? (m1[i] < 0 ? INT32_MAX : b.rank[m1[i]]) : 0,
			  i < in->nrows ? (m2[i] < 0 ? INT32_MAX : b.rank[m2[i]]) : 0,
			  i < in->nrows ? b.best_rank[i] : 0,
			  i < in->nrows ? b.worst_rank[i] : 0);
	}
	else
		Check(false, "%s: brute force found no stable matching", label);
	free(b.used);
	free(b.cur);
	free(b.best_rank);
	free(b.worst_rank);
	free(b.rank);
done:
	free(m1);
	free(m2);
}

/* Gale and Shapley's 3x3 example with three stable matchings. */
void
CheckStableTextbook(void)
{
	/* rank (1 best) of man i for woman j, and of woman j for man i */
	static const int man_rank[3][3] = {{1, 2, 3}, {3, 1, 2}, {2, 3, 1}};
	static const int woman_rank[3][3] = {{3, 2, 1}, {1, 3, 2}, {2, 1, 3}};
	Inst		in;
	StableProblem sp;
	int64_t		m[3];
	int			i,
				j;

	memset(&in, 0, sizeof(in));
	in.nrows = 3;
	in.ncols = 3;
	in.row_start = Xalloc(sizeof(int64_t) * 4);
	in.col = Xalloc(sizeof(int32_t) * 9);
	in.score = Xalloc(sizeof(double) * 9);
	in.score2 = Xalloc(sizeof(double) * 9);
	in.capacity = Xalloc(sizeof(int32_t) * 3);
	in.row_id = Xalloc(sizeof(int64_t) * 3);
	in.col_id = Xalloc(sizeof(int64_t) * 3);
	for (i = 0; i < 3; i++)
	{
		in.row_start[i] = i * 3;
		in.row_id[i] = 100 + i;
		in.col_id[i] = 200 + i;
		in.capacity[i] = 1;
		for (j = 0; j < 3; j++)
		{
			in.col[i * 3 + j] = j;
			in.score[i * 3 + j] = 10 - man_rank[i][j];
			in.score2[i * 3 + j] = 10 - woman_rank[i][j];
		}
	}
	in.row_start[3] = 9;
	sp = AsStable(&in);
	stable_solve(&sp, true, m);
	core_host_reset();
	Check(m[0] == 0 && m[1] == 4 && m[2] == 8,
		  "Gale-Shapley mentee-optimal: got %lld %lld %lld", (long long) m[0],
		  (long long) m[1], (long long) m[2]);
	stable_solve(&sp, false, m);
	core_host_reset();
	Check(m[0] == 2 && m[1] == 3 && m[2] == 7,
		  "Gale-Shapley mentor-optimal: got %lld %lld %lld", (long long) m[0],
		  (long long) m[1], (long long) m[2]);

	/*
	 * Ties broken by id: all preferences equal, one mentor with two seats,
	 * mentee ids 30, 10, 20: the mentor keeps ids 10 and 20.  Then two
	 * mentors (ids 7 and 5) with one seat each: mentees prefer id 5.
	 */
	in.ncols = 1;
	in.capacity[0] = 2;
	in.row_id[0] = 30;
	in.row_id[1] = 10;
	in.row_id[2] = 20;
	for (i = 0; i < 3; i++)
	{
		in.row_start[i] = i;
		in.col[i] = 0;
		in.score[i] = 1.0;
		in.score2[i] = 1.0;
	}
	in.row_start[3] = 3;
	sp = AsStable(&in);
	for (j = 0; j < 2; j++)
	{
		stable_solve(&sp, j == 0, m);
		core_host_reset();
		Check(m[0] == -1 && m[1] == 1 && m[2] == 2,
			  "stable ties by row id (%s): got %lld %lld %lld",
			  j == 0 ? "mentee" : "mentor", (long long) m[0],
			  (long long) m[1], (long long) m[2]);
	}
	in.nrows = 1;
	in.ncols = 2;
	in.row_start[0] = 0;
	in.row_start[1] = 2;
	in.col[0] = 0;
	in.col[1] = 1;
	in.col_id[0] = 7;
	in.col_id[1] = 5;
	in.capacity[0] = in.capacity[1] = 1;
	in.score[0] = in.score[1] = 0.5;
	in.score2[0] = in.score2[1] = 0.5;
	sp = AsStable(&in);
	for (j = 0; j < 2; j++)
	{
		stable_solve(&sp, j == 0, m);
		core_host_reset();
		Check(m[0] == 1, "stable ties by column id (%s): got %lld",
			  j == 0 ? "mentee" : "mentor", (long long) m[0]);
	}
	/* capacity 0 accepts nobody */
	in.capacity[0] = in.capacity[1] = 0;
	for (j = 0; j < 2; j++)
	{
		stable_solve(&sp, j == 0, m);
		core_host_reset();
		Check(m[0] == -1, "stable capacity 0 (%s): got %lld",
			  j == 0 ? "mentee" : "mentor", (long long) m[0]);
	}
	FreeInst(&in);
}

void
CheckStableLarge(void)
{
	Inst		in;
	StableProblem sp;
	int64_t    *m = Xalloc(sizeof(int64_t) * 3000);
	int			k;

	MakeInst(&in, 3000, 300, 0.05, 12, 0, 1.0);
	sp = AsStable(&in);
	SetEdgeRows(&in);
	for (k = 0; k < 2; k++)
	{
		stable_solve(&sp, k == 0, m);
		core_host_reset();
		if (ValidStable(&in, m, "stable large"))
			Check(IsStable(&in, m), "stable large (%s): blocking pair",
				  k == 0 ? "mentee" : "mentor");
	}
	free(m);
	FreeInst(&in);
}
