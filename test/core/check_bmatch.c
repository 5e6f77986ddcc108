/*
 * check_bmatch.c
 *		mcf_solve (core/min_cost_flow.h) against brute force over every
 *		flow of tiny networks, cold and warm; bmatch_solve (core/bmatch.h)
 *		against brute force over every set of pairs, its duals as a
 *		certificate, and against assign_solve when every row takes one
 *		column; bmatch_solve_pruned (core/bmatch_pruned.h) against
 *		bmatch_solve over every pair.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"
#include "bmatch_pruned.h"
#include "min_cost_flow.h"

/* ---------------------------------------------------------------------
 * Minimum-cost flow against every flow of a tiny network
 * ---------------------------------------------------------------------
 */
typedef struct Network
{
	int32_t		nnodes;
	int64_t		narcs;
	int32_t		tail[8];
	int32_t		head[8];
	int32_t		capacity[8];
	double		cost[8];
	int64_t		supply[6];
} Network;

static McfProblem
AsMcf(const Network *net)
{
	McfProblem	p;

	p.nnodes = net->nnodes;
	p.narcs = net->narcs;
	p.tail = net->tail;
	p.head = net->head;
	p.capacity = net->capacity;
	p.cost = net->cost;
	p.supply = net->supply;
	return p;
}

/* The least cost of a flow meeting the supplies; INFINITY: none. */
static double
BruteMcf(const Network *net, int64_t a, int32_t *flow)
{
	double		best = INFINITY;
	int32_t		f;

	if (a == net->narcs)
	{
		int64_t		balance[6];
		double		cost = 0.0;
		int32_t		v;
		int64_t		b;

		memcpy(balance, net->supply, sizeof(balance));
		for (b = 0; b < net->narcs; b++)
		{
			balance[net->tail[b]] -= flow[b];
			balance[net->head[b]] += flow[b];
			cost += flow[b] * net->cost[b];
		}
		for (v = 0; v < net->nnodes; v++)
			if (balance[v] != 0)
				return INFINITY;
		return cost;
	}
	for (f = 0; f <= net->capacity[a]; f++)
	{
		double		c;

		flow[a] = f;
		c = BruteMcf(net, a + 1, flow);
		if (c < best)
			best = c;
	}
	return best;
}

/*
 * Checks a solve's answer: within capacities, meeting the supplies, at
 * the least cost, certified by its potentials.
 */
static void
CheckMcfAnswer(const Network *net, const int32_t *flow, const double *pi,
			   double want, const char *label)
{
	int64_t		balance[6];
	double		cost = 0.0;
	int64_t		a;
	int32_t		v;
	bool		ok = true,
				certified = true;

	memcpy(balance, net->supply, sizeof(balance));
	for (a = 0; a < net->narcs; a++)
	{
		double		rc = net->cost[a] + pi[net->tail[a]] - pi[net->head[a]],
					tol = 1e-9 * (1.0 + fabs(net->cost[a]) + fabs(pi[net->tail[a]]) +
								  fabs(pi[net->head[a]]));

		ok &= flow[a] >= 0 && flow[a] <= net->capacity[a];
		balance[net->tail[a]] -= flow[a];
		balance[net->head[a]] += flow[a];
		cost += flow[a] * net->cost[a];
		if (flow[a] < net->capacity[a] && rc < -tol)
			certified = false;
		if (flow[a] > 0 && rc > tol)
			certified = false;
	}
	for (v = 0; v < net->nnodes; v++)
		ok &= balance[v] == 0;
	Check(ok && Near(cost, want, 1e-9 * (1.0 + fabs(want))) && certified,
		  "%s: %d nodes %lld arcs: cost %.17g want %.17g, valid %d, certified %d",
		  label, net->nnodes, (long long) net->narcs, cost, want, ok, certified);
}

static void
RandomNetwork(Network *net, bool integral)
{
	int64_t		a;
	int32_t		v;
	int64_t		sum = 0;

	net->nnodes = RandInt(1, 5);
	net->narcs = RandInt(0, 7);
	for (a = 0; a < net->narcs; a++)
	{
		net->tail[a] = RandInt(0, net->nnodes - 1);
		net->head[a] = RandInt(0, net->nnodes - 1);
		net->capacity[a] = RandInt(0, 2);
		net->cost[a] = integral ? (double) RandInt(-3, 3) : RandUnit() * 4.0 - 1.5;
	}
	for (v = 0; v < net->nnodes; v++)
	{
		net->supply[v] = v + 1 < net->nnodes ? RandInt(-2, 2) : -sum;
		sum += net->supply[v];
	}
	/* now and then supplies that do not sum to 0 */
	if (RandInt(0, 19) == 0)
		net->supply[0]++;
}

static void
CheckMcfBrute(int reps)
{
	int			r;
	long		feasible = 0;

	for (r = 0; r < reps; r++)
	{
		Network		net,
					more;
		McfProblem	p;
		int32_t		flow[8],
					brute[8];
		double		pi[6],
					want;
		bool		solved;
		int64_t		a;
		size_t		promised;

		RandomNetwork(&net, RandInt(0, 1) == 0);
		p = AsMcf(&net);
		want = BruteMcf(&net, 0, brute);
		promised = mcf_scratch_bytes(net.nnodes, net.narcs);
		core_host_reset();
		solved = mcf_solve(&p, false, flow, pi);
		CheckPromise("mcf_solve", core_alloc_total, promised, 0);
		core_host_reset();
		Check(solved == (want < INFINITY), "mcf_solve: solved %d, brute %g", solved, want);
		if (!solved || want == INFINITY)
			continue;
		feasible++;
		CheckMcfAnswer(&net, flow, pi, want, "mcf_solve cold");

		/* warm from any start within the capacities */
		for (a = 0; a < net.narcs; a++)
			flow[a] = RandInt(0, net.capacity[a]);
		for (a = 0; a < net.nnodes; a++)
			pi[a] = RandInt(0, 1) ? 0.0 : RandUnit() * 6.0 - 3.0;
		solved = mcf_solve(&p, true, flow, pi);
		core_host_reset();
		Check(solved, "mcf_solve warm from any start: not solved");
		if (solved)
			CheckMcfAnswer(&net, flow, pi, want, "mcf_solve warm from any start");

		/* warm after arcs are added */
		if (!mcf_solve(&p, false, flow, pi))
			continue;
		more = net;
		while (more.narcs < 8 && RandInt(0, 2) > 0)
		{
			a = more.narcs++;
			more.tail[a] = RandInt(0, net.nnodes - 1);
			more.head[a] = RandInt(0, net.nnodes - 1);
			more.capacity[a] = RandInt(0, 2);
			more.cost[a] = (double) RandInt(-4, 3);
			flow[a] = 0;
		}
		p = AsMcf(&more);
		want = BruteMcf(&more, 0, brute);
		solved = mcf_solve(&p, true, flow, pi);
		core_host_reset();
		Check(solved, "mcf_solve warm with arcs added: not solved");
		if (solved)
			CheckMcfAnswer(&more, flow, pi, want, "mcf_solve warm with arcs added");
	}
	printf("mcf_solve vs every flow: %d tiny networks (%ld feasible), cold, warm "
		   "from any start, warm with arcs added\n", reps, feasible);
}

/* ---------------------------------------------------------------------
 * Lists against every set of pairs
 * ---------------------------------------------------------------------
 */
typedef struct Lists
{
	int32_t		nrows;
	int32_t		ncols;
	int64_t		nedges;
	int32_t    *edge_row;
	int32_t    *edge_col;
	double	   *score;
	int32_t    *row_cap;
	int32_t    *col_cap;
	double		smin;
	double		smax;
} Lists;

static BMatchProblem
AsBMatch(const Lists *l, int64_t nedges)
{
	BMatchProblem p;

	p.nrows = l->nrows;
	p.ncols = l->ncols;
	p.nedges = nedges;
	p.edge_row = l->edge_row;
	p.edge_col = l->edge_col;
	p.score = l->score;
	p.row_cap = l->row_cap;
	p.col_cap = l->col_cap;
	p.score_min = l->smin;
	p.score_max = l->smax;
	return p;
}

/* Pairs of a random subset of rows x columns, in random order. */
static void
MakeLists(Lists *l, int nrows, int ncols, double dens, int maxrow, int maxcol,
		  int style)
{
	int32_t		i,
				j;
	int64_t		e;

	l->nrows = nrows;
	l->ncols = ncols;
	l->edge_row = Xalloc(sizeof(int32_t) * ((size_t) nrows * ncols + 1));
	l->edge_col = Xalloc(sizeof(int32_t) * ((size_t) nrows * ncols + 1));
	l->score = Xalloc(sizeof(double) * ((size_t) nrows * ncols + 1));
	l->row_cap = Xalloc(sizeof(int32_t) * (nrows + 1));
	l->col_cap = Xalloc(sizeof(int32_t) * (ncols + 1));
	l->nedges = 0;
	l->smin = INFINITY;
	l->smax = -INFINITY;
	for (i = 0; i < nrows; i++)
		for (j = 0; j < ncols; j++)
			if (RandUnit() < dens)
			{
				double		s = style == 0 ? RandUnit() :
					style == 1 ? (double) RandInt(0, 3) :
					style == 2 ? (double) RandInt(-2, 3) : RandUnit() * 1e-6;

				l->edge_row[l->nedges] = i;
				l->edge_col[l->nedges] = j;
				l->score[l->nedges] = s;
				if (s < l->smin)
					l->smin = s;
				if (s > l->smax)
					l->smax = s;
				l->nedges++;
			}
	for (e = l->nedges - 1; e > 0; e--)
	{
		int64_t		x = RandInt(0, (int) e);
		int32_t		t;
		double		s;

		t = l->edge_row[e], l->edge_row[e] = l->edge_row[x], l->edge_row[x] = t;
		t = l->edge_col[e], l->edge_col[e] = l->edge_col[x], l->edge_col[x] = t;
		s = l->score[e], l->score[e] = l->score[x], l->score[x] = s;
	}
	for (i = 0; i < nrows; i++)
		l->row_cap[i] = RandInt(0, maxrow);
	for (j = 0; j < ncols; j++)
		l->col_cap[j] = RandInt(0, 12) == 0 ? 1000000000 : RandInt(0, maxcol);
	if (l->nedges == 0)
		l->smin = l->smax = 0.0;
}

static void
FreeLists(Lists *l)
{
	free(l->edge_row);
	free(l->edge_col);
	free(l->score);
	free(l->row_cap);
	free(l->col_cap);
}

/* The count and total of a solve's answer, false if it breaks a cap. */
static bool
MeasureLists(const BMatchProblem *p, const int32_t *flow, int64_t *count,
			 double *total)
{
	int32_t    *rows = Xalloc(sizeof(int32_t) * (p->nrows + 1));
	int32_t    *cols = Xalloc(sizeof(int32_t) * (p->ncols + 1));
	int64_t		e;
	int32_t		x;
	bool		ok = true;

	*count = 0;
	*total = 0.0;
	for (e = 0; e < p->nedges; e++)
		if (bmatch_chosen(p, flow, e))
		{
			rows[p->edge_row[e]]++;
			cols[p->edge_col[e]]++;
			(*count)++;
			*total += p->score[e];
		}
	for (x = 0; x < p->nrows; x++)
		ok &= rows[x] <= p->row_cap[x];
	for (x = 0; x < p->ncols; x++)
		ok &= cols[x] <= p->col_cap[x];
	free(rows);
	free(cols);
	return ok;
}

/* Every subset of the first nedges pairs: the best count and total. */
static void
BruteLists(const Lists *l, int64_t nedges, BMatchObjective objective,
		   int64_t *count, double *total)
{
	uint32_t	set;
	int32_t		rows[8],
				cols[8];

	*count = -1;
	*total = -INFINITY;
	for (set = 0; set < (1u << nedges); set++)
	{
		int64_t		n = 0,
					e;
		double		t = 0.0;
		bool		ok = true;

		memset(rows, 0, sizeof(rows));
		memset(cols, 0, sizeof(cols));
		for (e = 0; e < nedges && ok; e++)
			if (set & (1u << e))
			{
				ok = ++rows[l->edge_row[e]] <= l->row_cap[l->edge_row[e]] &&
					++cols[l->edge_col[e]] <= l->col_cap[l->edge_col[e]];
				n++;
				t += l->score[e];
			}
		if (!ok)
			continue;
		if (objective == BMATCH_TOTAL)
		{
			if (t > *total)
				*total = t;
			continue;
		}
		if (n > *count || (n == *count && t > *total))
		{
			*count = n;
			*total = t;
		}
	}
}

/* s above u + v, or below it (a chosen pair), by more than rounding */
static inline double
DualTolerance(double s, double u, double v)
{
	return 1e-9 * fabs(s) + 64.0 * DBL_EPSILON * (fabs(u) + fabs(v));
}

static inline bool
DualBreaks(double s, double u, double v)
{
	return s > u + v + DualTolerance(s, u, v);
}

static inline bool
DualBelow(double s, double u, double v)
{
	return s < u + v - DualTolerance(s, u, v);
}

static void
CheckBMatchBrute(int reps)
{
	int			r;
	long		certified = 0;

	for (r = 0; r < reps; r++)
	{
		Lists		l;
		BMatchProblem p;
		int			obj;
		int32_t    *flow;
		double	   *pi,
				   *u,
				   *v;

		MakeLists(&l, RandInt(0, 5), RandInt(0, 4), RandUnit(), RandInt(0, 3),
				  RandInt(0, 3), RandInt(0, 3));
		if (l.nedges > 12)
			l.nedges = 12;
		flow = Xalloc(sizeof(int32_t) * (l.nrows + l.ncols + l.nedges + 1));
		pi = Xalloc(sizeof(double) * (l.nrows + l.ncols + 1));
		u = Xalloc(sizeof(double) * (l.nrows + 1));
		v = Xalloc(sizeof(double) * (l.ncols + 1));
		for (obj = 0; obj < 2; obj++)
		{
			BMatchObjective objective = (BMatchObjective) obj;
			int64_t		want_count,
						count,
						kept,
						e;
			double		want_total,
						total,
						tol = 1e-9 * (1.0 + fabs(l.smin) + fabs(l.smax)) * 16;
			size_t		promised;
			bool		ok,
						holds = true;

			p = AsBMatch(&l, l.nedges);
			BruteLists(&l, l.nedges, objective, &want_count, &want_total);
			promised = bmatch_scratch_bytes(l.nrows, l.ncols, l.nedges);
			core_host_reset();
			ok = bmatch_solve(&p, objective, false, flow, pi, u, v);
			CheckPromise("bmatch_solve", core_alloc_total, promised, 0);
			core_host_reset();
			ok = ok && MeasureLists(&p, flow, &count, &total);
			Check(ok && Near(total, want_total, tol) &&
				  (objective == BMATCH_TOTAL || count == want_count),
				  "bmatch_solve obj %d %dx%d %lld pairs: got %lld %.17g want %lld %.17g",
				  obj, l.nrows, l.ncols, (long long) l.nedges, (long long) count,
				  total, (long long) want_count, want_total);

			/* the duals: chosen pairs at or above, others at or below */
			for (e = 0; e < l.nedges; e++)
			{
				int32_t		i = l.edge_row[e],
							j = l.edge_col[e];

				if (bmatch_chosen(&p, flow, e))
					holds &= !DualBelow(l.score[e], u[i], v[j]);
				else
					holds &= !DualBreaks(l.score[e], u[i], v[j]);
			}
			Check(holds, "bmatch_solve obj %d: duals do not hold", obj);

			/*
			 * The certificate: solve the first pairs only; when no pair left
			 * out breaks the duals, the answer is an optimum of all.
			 */
			kept = l.nedges > 0 ? RandInt(0, (int) l.nedges) : 0;
			p = AsBMatch(&l, kept);
			if (!bmatch_solve(&p, objective, false, flow, pi, u, v) ||
				!MeasureLists(&p, flow, &count, &total))
			{
				Check(false, "bmatch_solve on some pairs failed");
				continue;
			}
			core_host_reset();
			holds = true;
			for (e = kept; e < l.nedges; e++)
				holds &= !DualBreaks(l.score[e], u[l.edge_row[e]], v[l.edge_col[e]]);

			/* warm: the rest of the pairs appended, starting empty */
			{
				BMatchProblem whole = AsBMatch(&l, l.nedges);
				int64_t		wc;
				double		wt;

				for (e = kept; e < l.nedges; e++)
					flow[l.nrows + l.ncols + e] = 0;
				ok = bmatch_solve(&whole, objective, true, flow, pi, NULL, NULL) &&
					MeasureLists(&whole, flow, &wc, &wt);
				core_host_reset();
				Check(ok && Near(wt, want_total, tol) &&
					  (objective == BMATCH_TOTAL || wc == want_count),
					  "bmatch_solve warm obj %d: got %lld %.17g want %lld %.17g",
					  obj, (long long) wc, wt, (long long) want_count, want_total);
				/* the duals of the part again, for the certificate below */
				bmatch_solve(&p, objective, false, flow, pi, u, v);
				core_host_reset();
			}
			if (holds)
			{
				certified++;
				Check(Near(total, want_total, tol) &&
					  (objective == BMATCH_TOTAL || count == want_count),
					  "bmatch certificate obj %d: %lld of %lld pairs certified "
					  "%lld %.17g, the optimum %lld %.17g", obj, (long long) kept,
					  (long long) l.nedges, (long long) count, total,
					  (long long) want_count, want_total);
			}
		}
		free(flow);
		free(pi);
		free(u);
		free(v);
		FreeLists(&l);
	}
	printf("bmatch_solve vs every set of pairs: %d instances x 2 objectives, "
		   "duals checked, warm with pairs appended, %ld certificates of a part "
		   "checked against the whole\n", reps, certified);
}

/* ---------------------------------------------------------------------
 * One column a row: lists are assignments
 * ---------------------------------------------------------------------
 */
static void
CheckBMatchAssign(int reps)
{
	int			r;

	for (r = 0; r < reps; r++)
	{
		Inst		in;
		AssignProblem ap;
		BMatchProblem p;
		int32_t    *edge_row,
				   *row_cap,
				   *flow;
		double	   *pi;
		int64_t    *row_edge;
		int			nrows = RandInt(1, 60),
					ncols = RandInt(1, 20),
					obj;
		int64_t		e;
		int32_t		i;
		double		tol;

		MakeInst(&in, nrows, ncols, 0.05 + 0.9 * RandUnit(), RandInt(1, 5),
				 RandInt(0, 4), 1.0);
		ap = AsAssign(&in);
		tol = Tolerance(&in);
		edge_row = Xalloc(sizeof(int32_t) * (in.row_start[nrows] + 1));
		row_cap = Xalloc(sizeof(int32_t) * (nrows + 1));
		row_edge = Xalloc(sizeof(int64_t) * (nrows + 1));
		flow = Xalloc(sizeof(int32_t) * (nrows + ncols + in.row_start[nrows] + 1));
		pi = Xalloc(sizeof(double) * (nrows + ncols + 1));
		for (i = 0; i < nrows; i++)
		{
			row_cap[i] = 1;
			for (e = in.row_start[i]; e < in.row_start[i + 1]; e++)
				edge_row[e] = i;
		}
		p.nrows = nrows;
		p.ncols = ncols;
		p.nedges = in.row_start[nrows];
		p.edge_row = edge_row;
		p.edge_col = in.col;
		p.score = in.score;
		p.row_cap = row_cap;
		p.col_cap = in.capacity;
		p.score_min = INFINITY;
		p.score_max = -INFINITY;
		for (obj = 0; obj < 2; obj++)
		{
			Obj			want;
			int64_t		count = 0;
			double		total = 0.0;
			bool		ok;

			assign_solve(&ap, obj == 0 ? ASSIGN_COVERAGE : ASSIGN_TOTAL, row_edge);
			core_host_reset();
			if (!ValidAssignment(&ap, row_edge, &want, "assign for bmatch"))
				continue;
			ok = bmatch_solve(&p, obj == 0 ? BMATCH_COVERAGE : BMATCH_TOTAL,
							  false, flow, pi, NULL, NULL) &&
				MeasureLists(&p, flow, &count, &total);
			core_host_reset();
			Check(ok && Near(total, want.total, tol) && (obj == 1 || count == want.card),
				  "bmatch vs assign obj %d %dx%d: got %lld %.17g, assign %lld %.17g",
				  obj, nrows, ncols, (long long) count, total,
				  (long long) want.card, want.total);
		}
		free(edge_row);
		free(row_cap);
		free(row_edge);
		free(flow);
		free(pi);
		FreeInst(&in);
	}
	printf("bmatch_solve with one column a row vs assign_solve: %d instances x "
		   "COVERAGE and TOTAL\n", reps);
}

/* ---------------------------------------------------------------------
 * The pruned lists against the lists over every pair
 * ---------------------------------------------------------------------
 */
typedef struct Whole
{
	int32_t		ncols;
	double	   *dense;			/* nrows x ncols, NaN: no pair */
	char	   *refused;		/* nrows x ncols: scored, but no candidate */
	char	   *kept;			/* nrows x ncols: 1 kept, 3 known */
	int64_t		asked_kept;		/* a kept pair was asked for */
	char	   *asked;			/* nrows x ncols: rescored in this solve (1),
								 * only bounded (2) */
	int64_t		asked_twice;	/* while every pair is remembered */
	bool		forgetting;
	int64_t		out_of_order;	/* pairs not row by row */
} Whole;

/* Scores from the whole; now and then a bound up to the limit instead. */
static void
RescoreWhole(void *arg, int64_t n, const int32_t *rows, const int32_t *cols,
			 const double *limit, double *scores, bool *bounded)
{
	Whole	   *w = arg;
	int64_t		x;

	for (x = 0; x < n; x++)
	{
		size_t		at = (size_t) rows[x] * w->ncols + cols[x];

		scores[x] = w->dense[at];
		if (!isnan(scores[x]) && scores[x] <= limit[x] && RandInt(0, 1) == 0)
		{
			scores[x] += (limit[x] - scores[x]) * RandUnit();
			if (scores[x] > limit[x])
				scores[x] = limit[x];
			bounded[x] = true;
		}
		w->asked_kept += w->kept[at] != 0;
		/* a pair given a bound is asked again when the bound breaks */
		w->asked_twice += !w->forgetting && w->asked[at] == 1;
		w->asked[at] = bounded[x] ? 2 : 1;
		w->out_of_order += x > 0 && rows[x] < rows[x - 1];
	}
}

static bool
AdmitWhole(void *arg, int32_t row, int32_t col)
{
	Whole	   *w = arg;

	return !w->refused[(size_t) row * w->ncols + col];
}

/* Every byte allocated must have been reserved first. */
static size_t reserved,
			released;

static void
Reserve(void *memory, size_t bytes)
{
	(void) memory;
	reserved += bytes;
}

static void
Release(void *memory, size_t bytes)
{
	(void) memory;
	released += bytes;
}

static void
CheckBMatchPruned(int reps, int most_rows, int most_cols)
{
	int			r;
	long		rounds = 0,
				warm = 0,
				added = 0;

	for (r = 0; r < reps; r++)
	{
		Lists		l;
		Whole		w;
		BMatchPruned bp;
		BMatchProblem all;
		int32_t    *flow,
				   *kr,
				   *kc;
		double	   *pi,
				   *ks,
				   *bound,
				   *known_score;
		int64_t    *known_start;
		int32_t    *known_col;
		int			obj,
					keep = RandInt(0, 4);
		bool		best = RandInt(0, 2) > 0;
		int64_t		e,
					nk = 0,
					nknown = 0;
		int32_t		i;

		MakeLists(&l, RandInt(1, most_rows), RandInt(1, most_cols),
				  0.3 + 0.7 * RandUnit(), RandInt(0, 4), RandInt(0, 6), RandInt(0, 3));
		w.ncols = l.ncols;
		w.dense = Xalloc(sizeof(double) * ((size_t) l.nrows * l.ncols + 1));
		w.refused = Xalloc((size_t) l.nrows * l.ncols + 1);
		w.kept = Xalloc((size_t) l.nrows * l.ncols + 1);
		w.asked = Xalloc((size_t) l.nrows * l.ncols + 1);
		for (e = 0; e < (int64_t) l.nrows * l.ncols; e++)
		{
			/* pairs that are no candidate, scored (refused) or not */
			w.dense[e] = NAN;
			if (RandInt(0, 5) == 0)
			{
				w.dense[e] = l.smin + (l.smax - l.smin) * RandUnit();
				w.refused[e] = 1;
			}
		}
		for (e = 0; e < l.nedges; e++)
		{
			size_t		at = (size_t) l.edge_row[e] * l.ncols + l.edge_col[e];

			w.dense[at] = l.score[e];
			w.refused[at] = 0;
		}
		kr = Xalloc(sizeof(int32_t) * (l.nedges + 1));
		kc = Xalloc(sizeof(int32_t) * (l.nedges + 1));
		ks = Xalloc(sizeof(double) * (l.nedges + 1));
		known_start = Xalloc(sizeof(int64_t) * (l.nrows + 1));
		known_col = Xalloc(sizeof(int32_t) * (l.nedges + 1));
		known_score = Xalloc(sizeof(double) * (l.nedges + 1));
		bound = Xalloc(sizeof(double) * (l.nrows + 1));

		/*
		 * each row keeps its best few (or a random few), hands over the next
		 * few (or none) with their scores, and bounds the rest (refused
		 * pairs in the bound or not)
		 */
		for (i = 0; i < l.nrows; i++)
		{
			int			k,
						give = RandInt(0, 3) == 0 ? RandInt(1, 3) : 0;

			bound[i] = -INFINITY;
			known_start[i] = nknown;
			for (k = 0; k < keep + give; k++)
			{
				int32_t		j,
							pick = -1;

				for (j = 0; j < l.ncols; j++)
				{
					size_t		at = (size_t) i * l.ncols + j;

					if (isnan(w.dense[at]) || w.refused[at] || w.kept[at])
						continue;
					if (pick < 0 || (best ? w.dense[at] > w.dense[(size_t) i * l.ncols + pick]
									 : RandInt(0, 1) == 0))
						pick = j;
				}
				if (pick < 0)
					break;
				if (k < keep)
				{
					w.kept[(size_t) i * l.ncols + pick] = 1;
					kr[nk] = i;
					kc[nk] = pick;
					ks[nk] = w.dense[(size_t) i * l.ncols + pick];
					nk++;
				}
				else
				{
					w.kept[(size_t) i * l.ncols + pick] = 3;
					known_col[nknown] = pick;
					known_score[nknown] = w.dense[(size_t) i * l.ncols + pick];
					nknown++;
				}
			}
			for (e = 0; e < l.ncols; e++)
			{
				size_t		at = (size_t) i * l.ncols + e;

				if (!isnan(w.dense[at]) && !w.kept[at] && w.dense[at] > bound[i] &&
					(!w.refused[at] || RandInt(0, 1)))
					bound[i] = w.dense[at];
			}
		}
		known_start[l.nrows] = nknown;
		flow = Xalloc(sizeof(int32_t) * (l.nrows + l.ncols + l.nedges + 1));
		pi = Xalloc(sizeof(double) * (l.nrows + l.ncols + 1));
		all = AsBMatch(&l, l.nedges);
		for (obj = 0; obj < 2; obj++)
		{
			BMatchObjective objective = (BMatchObjective) obj;
			int64_t		want_count,
						count;
			double		want_total,
						total,
						tol = 1e-9 * (1.0 + fabs(l.smin) + fabs(l.smax)) * (l.nrows + 1.0);
			bool		ok;

			bmatch_solve(&all, objective, false, flow, pi, NULL, NULL);
			MeasureLists(&all, flow, &want_count, &want_total);
			core_host_reset();

			memset(&bp, 0, sizeof(bp));
			bp.kept = AsBMatch(&l, nk);
			bp.kept.edge_row = kr;
			bp.kept.edge_col = kc;
			bp.kept.score = ks;
			bp.row_bound = bound;
			if (RandInt(0, 1) || nknown > 0)
			{
				bp.known_start = known_start;
				bp.known_col = known_col;
				bp.known_score = known_score;
			}
			bp.rescore = RescoreWhole;
			bp.admit = AdmitWhole;
			/* remember every pair rescored, or next to none */
			w.forgetting = RandInt(0, 2) == 0;
			bp.remember_most = w.forgetting ? RandInt(1, 4) : 0;
			/* warm after any round, a few, or the default */
			bp.warm_share = RandInt(0, 2) == 0 ? 1 : RandInt(0, 1) ? 64 : 0;
			w.asked_twice = 0;
			memset(w.asked, 0, (size_t) l.nrows * l.ncols + 1);
			bp.arg = &w;
			bp.reserve = Reserve;
			bp.release = Release;
			w.asked_kept = 0;
			w.out_of_order = 0;
			reserved = released = 0;
			ok = bmatch_solve_pruned(&bp, objective) &&
				MeasureLists(&bp.kept, bp.flow, &count, &total);
			Check(core_alloc_total <= reserved && released <= reserved,
				  "bmatch_solve_pruned: allocated %zu, reserved %zu, released %zu",
				  core_alloc_total, reserved, released);
			Check(ok && Near(total, want_total, tol) &&
				  (objective == BMATCH_TOTAL || count == want_count),
				  "bmatch pruned obj %d %dx%d keep %d (%s): got %lld %.17g, every "
				  "pair %lld %.17g", obj, l.nrows, l.ncols, keep, best ? "best" : "random",
				  (long long) count, total, (long long) want_count, want_total);
			/* the pairs added back are candidates, each once */
			for (e = nk; e < bp.kept.nedges; e++)
			{
				size_t		at = (size_t) bp.kept.edge_row[e] * l.ncols + bp.kept.edge_col[e];

				Check(!isnan(w.dense[at]) && !w.refused[at] &&
					  w.dense[at] == bp.kept.score[e] && (w.kept[at] == 0 || w.kept[at] == 3),
					  "bmatch pruned: a pair added back twice or wrong");
				w.kept[at] += 4;
			}
			for (e = nk; e < bp.kept.nedges; e++)
				w.kept[(size_t) bp.kept.edge_row[e] * l.ncols + bp.kept.edge_col[e]] -= 4;
			Check(w.asked_kept == 0 && w.out_of_order == 0 && w.asked_twice == 0,
				  "bmatch pruned: %lld kept pairs rescored, %lld out of order, %lld twice",
				  (long long) w.asked_kept, (long long) w.out_of_order,
				  (long long) w.asked_twice);
			rounds += bp.rounds;
			warm += bp.warm;
			added += bp.added;
			core_host_reset();
		}
		free(flow);
		free(pi);
		free(kr);
		free(kc);
		free(ks);
		free(bound);
		free(known_start);
		free(known_col);
		free(known_score);
		free(w.refused);
		free(w.asked);
		free(w.dense);
		free(w.kept);
		FreeLists(&l);
	}
	printf("bmatch_solve_pruned vs bmatch_solve over every pair: %d instances up "
		   "to %d x %d x 2 objectives, rows keeping 0..4 pairs (their best or at "
		   "random), some handing over 1..3 more with their scores, scored pairs "
		   "that are no candidate, rescored pairs remembered or forgotten at once; "
		   "%ld solves (%ld warm), %ld pairs added back\n", reps, most_rows,
		   most_cols, rounds, warm, added);
}

void
CheckBMatch(void)
{
	CheckMcfBrute(3000);
	CheckBMatchBrute(3000);
	CheckBMatchAssign(400);
	CheckBMatchPruned(1500, 40, 14);
	CheckBMatchPruned(60, 400, 60);
}
