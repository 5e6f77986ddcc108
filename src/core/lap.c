/*
 * lap.c
 *		Dense maximum-total assignment: Jonker-Volgenant shortest augmenting
 *		paths, plain C (no PostgreSQL headers; see core.h).
 *
 * We solve min sum c[i][j] with c = -score, read on the fly from the
 * caller's matrix (no copy when nrows <= ncols).  Column prices are kept as
 * w[j] = -v[j] in JV's notation, so a reduced cost is w[j] - score[i][j]
 * and every hot loop is one subtraction over a contiguous row.
 *
 * Invariant (dual feasibility): each assigned row i sits on a column of
 * minimum reduced cost w[j] - s[i][j] over all columns.  For the square
 * case every column ends up assigned, so prices are free and JV's column
 * reduction and reduction transfer are valid.  For n < m (rectangular) the
 * optimality conditions also demand that unassigned columns carry the
 * lowest price; we start from w = 0 and only ever raise the price of a
 * column that is (and stays) assigned, which keeps that true, so the
 * rectangular case skips column reduction and starts at augmenting row
 * reduction.  nrows > ncols is solved on the transpose.
 */
#include <float.h>
#include <math.h>

#include "lap.h"

/* Scores above this magnitude are rescaled by a power of two (exact). */
#define LAP_BIG_SCORE	0x1p900

typedef struct LapWork
{
	int		   *rowsol;			/* column of each row, -1 */
	int		   *colsol;			/* row of each column, -1 */
	int		   *freerows;		/* free row list */
	int		   *collist;		/* column order for Dijkstra */
	int		   *pred;			/* Dijkstra predecessor row per column */
	int		   *aux;			/* column reduction: best row per column;
								 * also per-row match counts */
	double	   *w;				/* column prices (-v) */
	double	   *d;				/* Dijkstra distances */
} LapWork;

/*
 * Column reduction and reduction transfer (square case only).  w[j] becomes
 * the highest score in column j; each column goes to its best row unless
 * that row already has a better column.  Rows holding exactly one column
 * then transfer their slack to it, so that the row is indifferent between
 * its column and its next best one.  Returns the number of free rows.
 */
static int
ReduceColumns(int n, const double *s, LapWork *lw)
{
	int		   *best = lw->aux;
	int		   *matches;
	double	   *w = lw->w;
	int			i,
				j,
				nfree = 0;

	for (j = 0; j < n; j++)
	{
		w[j] = s[j];
		best[j] = 0;
	}
	for (i = 1; i < n; i++)
	{
		const double *row = s + (size_t) i * n;

		for (j = 0; j < n; j++)
		{
			if (row[j] > w[j])
			{
				w[j] = row[j];
				best[j] = i;
			}
		}
		if ((i & 255) == 0)
			core_check_interrupts();
	}

	/* per-row match counts share storage with pred (free here) */
	matches = lw->pred;
	for (i = 0; i < n; i++)
	{
		matches[i] = 0;
		lw->rowsol[i] = -1;
	}
	for (j = n - 1; j >= 0; j--)
	{
		i = best[j];
		if (++matches[i] == 1)
		{
			lw->rowsol[i] = j;
			lw->colsol[j] = i;
		}
		else if (w[j] > w[lw->rowsol[i]])
		{
			int			j1 = lw->rowsol[i];

			lw->rowsol[i] = j;
			lw->colsol[j] = i;
			lw->colsol[j1] = -1;
		}
		else
			lw->colsol[j] = -1;
	}

	for (i = 0; i < n; i++)
	{
		if (matches[i] == 0)
			lw->freerows[nfree++] = i;
		else if (matches[i] == 1)
		{
			const double *row = s + (size_t) i * n;
			int			j1 = lw->rowsol[i];
			double		min = DBL_MAX;

			for (j = 0; j < n; j++)
			{
				double		h = w[j] - row[j];

				if (j != j1 && h < min)
					min = h;
			}
			w[j1] += min;
		}
	}
	return nfree;
}

/*
 * Augmenting row reduction (JV): a free row takes its cheapest column j1;
 * the price of j1 rises by the gap to the row's second cheapest column, so
 * the row stays on a minimum and the displaced owner (if any) is retried at
 * once.  On a tie the row takes the second column instead and the displaced
 * row waits for the next pass.  Prices only rise on columns that end up
 * assigned.  The number of immediate retries is bounded so that tiny
 * floating point price steps cannot loop for long.  Returns the new number
 * of free rows.
 */
static int
ReduceRows(int n, int m, const double *s, LapWork *lw, int nfree)
{
	double	   *w = lw->w;
	int			pass;
	int64_t		budget = (int64_t) n * 4 + 1000;

	for (pass = 0; pass < 2; pass++)
	{
		int			k = 0,
					prvnfree = nfree;

		nfree = 0;
		while (k < prvnfree)
		{
			int			i = lw->freerows[k++];
			const double *row = s + (size_t) i * m;
			double		umin = w[0] - row[0],
						usubmin = DBL_MAX;
			int			j,
						j1 = 0,
						j2 = -1,
						i0;

			for (j = 1; j < m; j++)
			{
				double		h = w[j] - row[j];

				if (h < usubmin)
				{
					if (h >= umin)
					{
						usubmin = h;
						j2 = j;
					}
					else
					{
						usubmin = umin;
						umin = h;
						j2 = j1;
						j1 = j;
					}
				}
			}
			i0 = lw->colsol[j1];
			if (umin < usubmin)
				w[j1] += usubmin - umin;
			else if (i0 >= 0)
			{
				j1 = j2;
				i0 = lw->colsol[j2];
			}
			lw->rowsol[i] = j1;
			lw->colsol[j1] = i;
			if (i0 >= 0)
			{
				lw->rowsol[i0] = -1;
				if (umin < usubmin && budget-- > 0)
					lw->freerows[--k] = i0;
				else
					lw->freerows[nfree++] = i0;
			}
			core_check_interrupts();
		}
	}
	return nfree;
}

/*
 * Shortest augmenting path from each remaining free row (JV's Dijkstra).
 * collist keeps the columns partitioned as [scanned | at minimum distance |
 * to do]; a column at minimum distance that is unassigned ends the path.
 * Afterwards the scanned columns' prices rise by (min - d[j]), which keeps
 * every reduced cost non-negative and the new path tight.
 */
static void
Augment(int n, int m, const double *s, LapWork *lw, int nfree)
{
	double	   *w = lw->w,
			   *d = lw->d;
	int		   *collist = lw->collist,
			   *pred = lw->pred,
			   *colsol = lw->colsol,
			   *rowsol = lw->rowsol;
	int			f;

	(void) n;
	for (f = 0; f < nfree; f++)
	{
		int			freerow = lw->freerows[f];
		const double *row = s + (size_t) freerow * m;
		int			j,
					k,
					low = 0,
					up = 0,
					last = 0,
					endofpath = -1,
					i;
		double		min = 0.0;

		core_check_interrupts();
		for (j = 0; j < m; j++)
		{
			d[j] = w[j] - row[j];
			pred[j] = freerow;
			collist[j] = j;
		}

		for (;;)
		{
			int			j1;
			double		h;

			if (up == low)
			{
				/* collect the columns at the new minimum distance */
				last = low - 1;
				min = d[collist[up++]];
				for (k = up; k < m; k++)
				{
					double		dk;

					j = collist[k];
					dk = d[j];
					if (dk <= min)
					{
						if (dk < min)
						{
							up = low;
							min = dk;
						}
						collist[k] = collist[up];
						collist[up++] = j;
					}
				}
				for (k = low; k < up; k++)
				{
					if (colsol[collist[k]] < 0)
					{
						endofpath = collist[k];
						break;
					}
				}
				if (endofpath >= 0)
					break;
			}

			/* scan the row holding the next column at minimum distance */
			j1 = collist[low++];
			i = colsol[j1];
			row = s + (size_t) i * m;
			h = w[j1] - row[j1] - min;
			for (k = up; k < m; k++)
			{
				double		v2;

				j = collist[k];
				v2 = w[j] - row[j] - h;
				if (v2 < d[j])
				{
					pred[j] = i;
					if (v2 == min)
					{
						if (colsol[j] < 0)
						{
							endofpath = j;
							break;
						}
						collist[k] = collist[up];
						collist[up++] = j;
					}
					d[j] = v2;
				}
			}
			if (endofpath >= 0)
				break;
		}

		/* price update on the scanned columns */
		for (k = 0; k <= last; k++)
		{
			j = collist[k];
			w[j] += min - d[j];
		}

		/* augment along the path */
		do
		{
			int			jn;

			i = pred[endofpath];
			colsol[endofpath] = i;
			jn = rowsol[i];
			rowsol[i] = endofpath;
			endofpath = jn;
		} while (i != freerow);
	}
}

/*
 * Solve an n x m problem with n <= m, scores row-major with stride m.
 * rowsol receives each row's column.
 */
static void
SolveJV(int n, int m, const double *s, int *rowsol_out)
{
	LapWork		lw;
	int			nfree,
				i,
				j;

	if (n == 0)
		return;
	if (m == 1)
	{
		rowsol_out[0] = 0;
		return;
	}

	lw.rowsol = rowsol_out;
	lw.colsol = core_alloc_array(m, sizeof(int));
	lw.freerows = core_alloc_array(n, sizeof(int));
	lw.collist = core_alloc_array(m, sizeof(int));
	lw.pred = core_alloc_array(m, sizeof(int));
	lw.aux = core_alloc_array(m, sizeof(int));
	lw.w = core_alloc_array(m, sizeof(double));
	lw.d = core_alloc_array(m, sizeof(double));

	if (n == m)
		nfree = ReduceColumns(n, s, &lw);
	else
	{
		for (j = 0; j < m; j++)
		{
			lw.w[j] = 0.0;
			lw.colsol[j] = -1;
		}
		for (i = 0; i < n; i++)
		{
			lw.rowsol[i] = -1;
			lw.freerows[i] = i;
		}
		nfree = n;
	}
	nfree = ReduceRows(n, m, s, &lw, nfree);
	Augment(n, m, s, &lw, nfree);
}

/* Largest absolute score, to decide whether rescaling is needed. */
static double
MaxAbs(size_t count, const double *s)
{
	double		hi = 0.0,
				lo = 0.0;
	size_t		k;

	for (k = 0; k < count; k++)
	{
		double		x = s[k];

		hi = x > hi ? x : hi;
		lo = x < lo ? x : lo;
	}
	return hi > -lo ? hi : -lo;
}

double
lap_dense_max(int nrows, int ncols, const double *score, int *row_to_col)
{
	size_t		count = (size_t) nrows * (size_t) ncols;
	const double *s = score;
	double		amax,
				total = 0.0;
	int			i,
				j;

	for (i = 0; i < nrows; i++)
		row_to_col[i] = -1;
	if (nrows == 0 || ncols == 0)
		return 0.0;

	/*
	 * Prices and reduced costs reach a few times the score range; rescale
	 * astronomically large scores by a power of two (exact) so that nothing
	 * overflows.  Copy only then, or when we must transpose.
	 */
	amax = MaxAbs(count, score);
	if (amax > LAP_BIG_SCORE || nrows > ncols)
	{
		double		scale = 1.0;
		double	   *t = core_alloc_array(count, sizeof(double));

		if (amax > LAP_BIG_SCORE)
		{
			int			e;

			(void) frexp(amax, &e);
			scale = ldexp(1.0, 900 - e);
		}
		if (nrows > ncols)
		{
			/* work on the transpose, ncols x nrows */
			for (i = 0; i < nrows; i++)
				for (j = 0; j < ncols; j++)
					t[(size_t) j * nrows + i] = score[(size_t) i * ncols + j] * scale;
		}
		else
		{
			for (i = 0; i < nrows; i++)
				for (j = 0; j < ncols; j++)
					t[(size_t) i * ncols + j] = score[(size_t) i * ncols + j] * scale;
		}
		s = t;
	}

	if (nrows <= ncols)
		SolveJV(nrows, ncols, s, row_to_col);
	else
	{
		int		   *col_to_row = core_alloc_array(ncols, sizeof(int));

		SolveJV(ncols, nrows, s, col_to_row);
		for (j = 0; j < ncols; j++)
			row_to_col[col_to_row[j]] = j;
	}

	for (i = 0; i < nrows; i++)
		if (row_to_col[i] >= 0)
			total += score[(size_t) i * ncols + row_to_col[i]];
	return total;
}

size_t
lap_dense_scratch_bytes(int nrows, int ncols)
{
	size_t		n = (size_t) (nrows < ncols ? nrows : ncols);
	size_t		m = (size_t) (nrows < ncols ? ncols : nrows);

	if (nrows <= 0 || ncols <= 0)
		return 0;
	/* possible copy (transpose or rescale), 8 arrays, col_to_row */
	return (n * m + 2 * (m + 1)) * sizeof(double) +
		(n + 1 + 4 * (m + 1) + n + 1) * sizeof(int) + 64 * 10;
}
