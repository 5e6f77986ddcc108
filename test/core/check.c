/*
 * check.c
 *		The standalone checks of the solver cores (src/core/): what every
 *		check file shares (random numbers, random instances, validity,
 *		brute force, an independent Hungarian method) and main().
 *
 * Every check compares a core against an independent answer (brute-force
 * enumeration, a textbook Hungarian method, blocking pairs, published
 * examples), never against the cores themselves.
 *
 * Usage: core_check [SEED]; prints "core checks: N passed, M failed" last
 * and exits non-zero on any failure.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"

static long n_passed = 0;
static long n_failed = 0;
static uint64_t rng_state = 0x243F6A8885A308D3ULL;

/* ---------------------------------------------------------------------
 * Utilities
 * ---------------------------------------------------------------------
 */
uint64_t
Rand64(void)
{
	/* splitmix64 */
	uint64_t	z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int
RandInt(int lo, int hi)
{
	return lo + (int) (Rand64() % (uint64_t) (hi - lo + 1));
}

double
RandUnit(void)
{
	return (double) (Rand64() >> 11) * 0x1p-53;
}

void *
Xalloc(size_t n)
{
	void	   *p = calloc(n > 0 ? n : 1, 1);

	if (p == NULL)
	{
		fprintf(stderr, "core_check: out of memory\n");
		exit(2);
	}
	return p;
}

void
Check(bool ok, const char *fmt,...)
{
	if (ok)
		n_passed++;
	else
	{
		va_list		ap;

		n_failed++;
		if (n_failed <= 30)
		{
			fprintf(stderr, "FAIL: ");
			va_start(ap, fmt);
			vfprintf(stderr, fmt, ap);
			va_end(ap);
			fputc('\n', stderr);
		}
	}
}

bool
Near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

void
FreeInst(Inst *in)
{
	free(in->row_start);
	free(in->col);
	free(in->score);
	free(in->score2);
	free(in->capacity);
	free(in->row_id);
	free(in->col_id);
	free(in->row_class);
}

/* A score drawn according to the instance's style. */
static double
DrawScore(int style, double mag)
{
	switch (style)
	{
		case 0:
			return RandUnit();
		case 1:
			return (double) RandInt(0, 3);		/* many ties */
		case 2:
			return (double) RandInt(-3, 3);		/* ties, negatives */
		case 3:
			return (RandUnit() * 2.0 - 1.0) * mag;	/* huge or tiny */
		default:
			return RandUnit() - 0.7;
	}
}

/*
 * Random instance: edges with probability dens, rows list their columns in
 * a random order, capacities 0..maxcap (sometimes huge).
 */
void
MakeInst(Inst *in, int nrows, int ncols, double dens, int maxcap, int style,
		 double mag)
{
	int32_t		i,
				j,
				k;
	int64_t		ne = 0;
	int32_t    *perm = Xalloc(sizeof(int32_t) * (ncols + 1));

	in->nrows = nrows;
	in->ncols = ncols;
	in->row_start = Xalloc(sizeof(int64_t) * (nrows + 1));
	in->col = Xalloc(sizeof(int32_t) * ((size_t) nrows * ncols + 1));
	in->score = Xalloc(sizeof(double) * ((size_t) nrows * ncols + 1));
	in->score2 = Xalloc(sizeof(double) * ((size_t) nrows * ncols + 1));
	in->capacity = Xalloc(sizeof(int32_t) * (ncols + 1));
	in->row_id = Xalloc(sizeof(int64_t) * (nrows + 1));
	in->col_id = Xalloc(sizeof(int64_t) * (ncols + 1));
	in->row_class = NULL;
	for (i = 0; i < nrows; i++)
	{
		for (j = 0; j < ncols; j++)
			perm[j] = j;
		for (j = ncols - 1; j > 0; j--)
		{
			int32_t		x = RandInt(0, j),
						t = perm[j];

			perm[j] = perm[x];
			perm[x] = t;
		}
		in->row_start[i] = ne;
		for (k = 0; k < ncols; k++)
		{
			if (RandUnit() < dens)
			{
				in->col[ne] = perm[k];
				in->score[ne] = DrawScore(style, mag);
				in->score2[ne] = DrawScore(style == 3 ? 0 : style, mag);
				ne++;
			}
		}
	}
	in->row_start[nrows] = ne;
	for (j = 0; j < ncols; j++)
		in->capacity[j] = RandInt(0, 9) == 0 ? 1000000000 : RandInt(0, maxcap);
	/* ids: a random permutation-ish with occasional structure */
	for (i = 0; i < nrows; i++)
		in->row_id[i] = (int64_t) RandInt(0, 1000) * 1000 + i;
	for (j = 0; j < ncols; j++)
		in->col_id[j] = (int64_t) RandInt(0, 1000) * 1000 + j;
	free(perm);
}

AssignProblem
AsAssign(const Inst *in)
{
	AssignProblem p;

	p.nrows = in->nrows;
	p.ncols = in->ncols;
	p.row_start = in->row_start;
	p.col = in->col;
	p.score = in->score;
	p.capacity = in->capacity;
	p.row_class = in->row_class;
	return p;
}

bool
ValidAssignment(const AssignProblem *p, const int64_t *row_edge, Obj *obj,
				const char *what)
{
	int32_t    *used = Xalloc(sizeof(int32_t) * (p->ncols + 1));
	int32_t		i;
	bool		ok = true;

	obj->card = 0;
	obj->min = INFINITY;
	obj->total = 0.0;
	obj->weight = 0;
	for (i = 0; i < p->nrows; i++)
	{
		int64_t		e = row_edge[i];

		if (e == -1)
			continue;
		if (e < p->row_start[i] || e >= p->row_start[i + 1])
		{
			Check(false, "%s: row %d edge %lld outside its range", what, i, (long long) e);
			ok = false;
			continue;
		}
		used[p->col[e]]++;
		obj->card++;
		obj->weight += p->row_class != NULL ? p->row_class[i] + 1 : 1;
		obj->total += p->score[e];
		if (p->score[e] < obj->min)
			obj->min = p->score[e];
	}
	for (i = 0; i < p->ncols; i++)
	{
		if (used[i] > p->capacity[i])
		{
			Check(false, "%s: column %d holds %d > capacity %d", what, i, used[i], p->capacity[i]);
			ok = false;
		}
	}
	free(used);
	return ok;
}

static bool
Better(const Obj *a, const Obj *b, AssignObjective o)
{
	if (o == ASSIGN_TOTAL)
		return a->total > b->total;
	if (a->card != b->card)
		return a->card > b->card;
	if (o == ASSIGN_FAIR && a->min != b->min)
		return a->min > b->min;
	return a->total > b->total;
}

void
BruteRec(Brute *b, int32_t i, int64_t card, double min, double total)
{
	const Inst *in = b->in;
	int64_t		e;

	if (i == in->nrows)
	{
		if (b->stable_mode)
		{
			int32_t		r;

			if (!IsStable(in, b->cur))
				return;
			b->nstable++;
			for (r = 0; r < in->nrows; r++)
			{
				int32_t		rk = b->cur[r] < 0 ? INT32_MAX : b->rank[b->cur[r]];

				if (rk < b->best_rank[r])
					b->best_rank[r] = rk;
				if (b->worst_rank[r] == -1 || rk > b->worst_rank[r])
					b->worst_rank[r] = rk;
			}
		}
		else
		{
			Obj			o;
			int			k;

			o.card = card;
			o.min = min;
			o.total = total;
			for (k = 0; k < 3; k++)
			{
				if (!b->have[k] || Better(&o, &b->best[k], (AssignObjective) k))
				{
					b->best[k] = o;
					b->have[k] = true;
				}
			}
		}
		return;
	}
	b->cur[i] = -1;
	BruteRec(b, i + 1, card, min, total);
	for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
	{
		int32_t		j = in->col[e];

		if (b->used[j] >= in->capacity[j])
			continue;
		b->used[j]++;
		b->cur[i] = e;
		BruteRec(b, i + 1, card + 1, in->score[e] < min ? in->score[e] : min,
				 total + in->score[e]);
		b->used[j]--;
	}
	b->cur[i] = -1;
}

double
Tolerance(const Inst *in)
{
	double		maxabs = 1.0;
	int64_t		e;

	for (e = 0; e < in->row_start[in->nrows]; e++)
		if (fabs(in->score[e]) > maxabs)
			maxabs = fabs(in->score[e]);
	return 1e-9 * maxabs * (in->nrows + 1.0);
}

/* ---------------------------------------------------------------------
 * Independent Hungarian method (e-maxx style, O(n^2 m)), max total on an
 * n x m matrix with n <= m: every row assigned.
 * ---------------------------------------------------------------------
 */
double
HungarianMax(int n, int m, const double *a, int *row_to_col)
{
	double	   *u = Xalloc(sizeof(double) * (n + 1));
	double	   *v = Xalloc(sizeof(double) * (m + 1));
	double	   *minv = Xalloc(sizeof(double) * (m + 1));
	int		   *p = Xalloc(sizeof(int) * (m + 1));
	int		   *way = Xalloc(sizeof(int) * (m + 1));
	bool	   *used = Xalloc(sizeof(bool) * (m + 1));
	double		total = 0.0;
	int			i,
				j;

	for (i = 1; i <= n; i++)
	{
		int			j0 = 0;

		p[0] = i;
		for (j = 0; j <= m; j++)
		{
			minv[j] = INFINITY;
			used[j] = false;
		}
		do
		{
			int			i0 = p[j0],
						j1 = 0;
			double		delta = INFINITY;

			used[j0] = true;
			for (j = 1; j <= m; j++)
			{
				if (!used[j])
				{
					/* cost = -score */
					double		cur = -a[(size_t) (i0 - 1) * m + (j - 1)] - u[i0] - v[j];

					if (cur < minv[j])
					{
						minv[j] = cur;
						way[j] = j0;
					}
					if (minv[j] < delta)
					{
						delta = minv[j];
						j1 = j;
					}
				}
			}
			for (j = 0; j <= m; j++)
			{
				if (used[j])
				{
					u[p[j]] += delta;
					v[j] -= delta;
				}
				else
					minv[j] -= delta;
			}
			j0 = j1;
		} while (p[j0] != 0);
		do
		{
			int			j1 = way[j0];

			p[j0] = p[j1];
			j0 = j1;
		} while (j0);
	}
	for (j = 1; j <= m; j++)
		if (p[j] != 0)
		{
			row_to_col[p[j] - 1] = j - 1;
			total += a[(size_t) (p[j] - 1) * m + (j - 1)];
		}
	free(u);
	free(v);
	free(minv);
	free(p);
	free(way);
	free(used);
	return total;
}

/*
 * How far a promise may exceed the allocation: half again, plus a constant
 * for the arrays every solve allocates at their minimum of one element.
 */
#define PROMISE_SLACK(allocated)	((allocated) / 2 + 16384)

void
CheckPromise(const char *label, size_t allocated, size_t promised,
			 size_t bound)
{
	Check(allocated <= promised, "%s: allocated %zu > promised %zu", label,
		  allocated, promised);
	Check(promised <= allocated + PROMISE_SLACK(allocated),
		  "%s: promised %zu for %zu allocated", label, promised, allocated);
	if (bound > 0)
		Check(promised <= bound, "%s: promised %zu > the bound %zu", label,
			  promised, bound);
}

void
SeatDuplicatedOptimum(const Inst *in, AssignObjective objective, double lo,
					  int64_t *card, double *total)
{
	int			nrows = in->nrows,
				nseats = 0,
				m,
				i,
				j,
				k;
	int		   *first_seat;
	double	   *w;
	int		   *rc;
	double		maxabs = 1.0,
				M,
				forbidden;
	int64_t		e;

	*card = 0;
	*total = 0.0;
	if (nrows == 0)
		return;
	first_seat = Xalloc(sizeof(int) * (in->ncols + 1));
	for (j = 0; j < in->ncols; j++)
	{
		first_seat[j] = nseats;
		nseats += in->capacity[j] < nrows ? in->capacity[j] : nrows;
	}
	first_seat[in->ncols] = nseats;
	for (e = 0; e < in->row_start[nrows]; e++)
		if (fabs(in->score[e]) > maxabs)
			maxabs = fabs(in->score[e]);

	/*
	 * rows x (seats + rows): each seat of a column, then each row's own
	 * "unmatched" column.  COVERAGE: a usable edge's seats weigh M + score,
	 * with M above any change of total, so one more matched row always
	 * wins; other seats and the other rows' unmatched columns are
	 * forbidden.  TOTAL: a usable edge's seats weigh max(score, 0),
	 * everything else 0.
	 */
	M = 4.0 * (nrows + 1) * maxabs;
	forbidden = -4.0 * (nrows + 1) * M;
	m = nseats + nrows;
	w = Xalloc(sizeof(double) * (size_t) nrows * m);
	rc = Xalloc(sizeof(int) * (nrows + m + 1));
	for (i = 0; i < nrows; i++)
	{
		double	   *row = w + (size_t) i * m;

		for (k = 0; k < m; k++)
			row[k] = objective == ASSIGN_COVERAGE && k != nseats + i ?
				forbidden : 0.0;
		for (e = in->row_start[i]; e < in->row_start[i + 1]; e++)
		{
			double		s = in->score[e];

			if (!(s >= lo))
				continue;
			for (k = first_seat[in->col[e]]; k < first_seat[in->col[e] + 1]; k++)
				row[k] = objective == ASSIGN_COVERAGE ? M + s : (s > 0 ? s : 0.0);
		}
	}
	(void) HungarianMax(nrows, m, w, rc);
	for (i = 0; i < nrows; i++)
	{
		double		x = w[(size_t) i * m + rc[i]];

		if (rc[i] >= nseats)
			continue;
		if (objective == ASSIGN_COVERAGE)
		{
			(*card)++;
			*total += x - M;
		}
		else if (x > 0)
		{
			(*card)++;
			*total += x;
		}
	}
	free(first_seat);
	free(w);
	free(rc);
}

int
main(int argc, char **argv)
{
	int			r;
	long		brute = 0,
				stable = 0;

	if (argc > 1)
		rng_state = strtoull(argv[1], NULL, 10);
	setvbuf(stdout, NULL, _IOLBF, 0);

	CheckEdgeCases();

	for (r = 0; r < 4000; r++)
	{
		Inst		in;
		int			nrows = RandInt(0, 7),
					ncols = RandInt(0, 4),
					style = RandInt(0, 4);
		double		mag = RandInt(0, 1) ? 1e300 : 1e-300;

		MakeInst(&in, nrows, ncols, RandUnit(), RandInt(0, 3), style, mag);
		CheckAssignBrute(&in, "brute");
		brute++;
		FreeInst(&in);
	}
	printf("assign_solve vs brute force: %ld instances x 3 objectives\n", brute);

	CheckLapSmall(3000);
	CheckLapMedium(300);
	CheckLapLarge();
	CheckLapHuge();
	printf("lap_dense_max: 3000 brute-force, 300 medium x 4 ways, 4 large vs Hungarian\n");

	CheckAssignMedium(400, false);
	CheckAssignMedium(30, true);
	printf("assign_solve vs seat-duplicated Hungarian: 400 sparse + 30 dense "
		   "capacitated instances x 2 objectives\n");

	CheckFairMedium(150);
	printf("assign_solve FAIR vs a seat-duplicated Hungarian per threshold: "
		   "150 medium capacitated instances\n");

	CheckParity(3000);
	printf("parity_solve vs brute force: 3000 instances of 1 to 3 groups, "
		   "some rows kept outside the solve\n");

	CheckPruned(3000);
	printf("assign_solve_pruned vs assign_solve over every pair: 3000 instances "
		   "x 3 objectives, rows keeping 0..4 pairs (their best or at random), "
		   "some handing over 1..3 more with their scores\n");

	CheckClassBrute(3000);
	CheckClassMedium(200);
	CheckPrunedClasses(1500);
	printf("assign_solve with row classes vs brute force (3000 instances) and "
		   "vs class bonuses in a seat-duplicated Hungarian (200 medium); "
		   "assign_solve_pruned with classes vs assign_solve (1500) x 3 objectives\n");
	CheckBMatch();

	CheckStableTextbook();
	for (r = 0; r < 3000; r++)
	{
		Inst		in;
		int			nrows = RandInt(0, 6),
					ncols = RandInt(0, 4),
					style = RandInt(0, 2);

		MakeInst(&in, nrows, ncols, RandUnit(), RandInt(0, 3), style, 1.0);
		CheckStableBrute(&in, "stable brute");
		stable++;
		FreeInst(&in);
	}
	CheckStableLarge();
	printf("stable_solve: textbook cases, %ld brute-force instances, 1 large\n", stable);

	CheckSparseLarge();

	CheckHandover(4000);
	printf("batch hand-over: 4000 batches of 1..6 rows to teams of 1, 3 and 5 "
		   "threads and the leader, every step delayed at random\n");

	CheckLogistic();
	printf("logistic_fit: 200 closed forms (one binary feature, the intercept alone), "
		   "120 random fits by their optimality certificate\n");

	CheckFisher();
	CheckMedian();
	CheckCircles();
	printf("circles_solve: the sizes of 2..200 people by 2..30, 1500 small problems "
		   "against every partition (and the search's bounds above their optimum), "
		   "60 larger ones (valid, bounds, never under pairs first, deterministic)\n");

	CheckMentorCircles();
	printf("mentor_circles_solve: 2000 small rounds against every assignment (the exact solve, "
		   "and the search: valid, bound above the optimum, never under pairs first), "
		   "40 larger ones (valid, bound, pairs first, deterministic)\n");

	printf("core checks: %ld passed, %ld failed\n", n_passed, n_failed);
	return n_failed > 0 ? 1 : 0;
}
