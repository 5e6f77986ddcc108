/*
 * core_bench.c
 *		Times the plain-C solver cores alone on an instance file written by
 *		bench/core_vs_scipy.py.  Only the core call is timed.
 *
 * File layout (native endianness):
 *		char magic[8] "MMCORE01"; int64 kind (0 dense, 1 sparse);
 *		int64 nrows, ncols, nedges, objective (0 coverage, 1 total, 2 fair)
 *		dense:  double score[nrows * ncols]
 *		sparse: int64 row_start[nrows + 1]; int32 col[nedges];
 *				double score[nedges]; int32 capacity[ncols]
 *
 * Usage: core_bench FILE [REPEATS]; prints one line per run and a summary
 * line "best <seconds> objective <total> matched <rows>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lap.h"
#include "flow.h"
#include "../test/core/host.h"

static void
ReadExact(FILE *f, void *buf, size_t n)
{
	if (n > 0 && fread(buf, 1, n, f) != n)
	{
		fprintf(stderr, "core_bench: short read\n");
		exit(2);
	}
}

static void *
Xmalloc(size_t n)
{
	void	   *p = malloc(n > 0 ? n : 1);

	if (p == NULL)
	{
		fprintf(stderr, "core_bench: out of memory\n");
		exit(2);
	}
	return p;
}

static double
Now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	FILE	   *f;
	char		magic[8];
	int64_t		hdr[5];
	int			repeats = argc > 2 ? atoi(argv[2]) : 3;
	int			r;
	double		best = 1e300,
				objective = 0.0;
	long		matched = 0;

	if (argc < 2 || (f = fopen(argv[1], "rb")) == NULL)
	{
		fprintf(stderr, "usage: core_bench FILE [REPEATS]\n");
		return 2;
	}
	ReadExact(f, magic, 8);
	ReadExact(f, hdr, sizeof(hdr));
	if (memcmp(magic, "MMCORE01", 8) != 0)
	{
		fprintf(stderr, "core_bench: bad magic\n");
		return 2;
	}

	if (hdr[0] == 0)
	{
		int			nrows = (int) hdr[1],
					ncols = (int) hdr[2];
		size_t		count = (size_t) nrows * ncols;
		double	   *score = Xmalloc(count * sizeof(double));
		int		   *row_to_col = Xmalloc((size_t) nrows * sizeof(int));

		ReadExact(f, score, count * sizeof(double));
		for (r = 0; r < repeats; r++)
		{
			double		t0 = Now(),
						t;
			int			i;

			objective = lap_dense_max(nrows, ncols, score, row_to_col);
			t = Now() - t0;
			core_host_reset();
			matched = 0;
			for (i = 0; i < nrows; i++)
				matched += row_to_col[i] >= 0;
			printf("run %d seconds %.6f\n", r, t);
			if (t < best)
				best = t;
		}
	}
	else
	{
		AssignProblem p;
		int64_t    *row_start;
		int32_t    *col,
				   *cap;
		double	   *score;
		int64_t    *row_edge;
		int64_t		nedges = hdr[3];

		p.nrows = (int32_t) hdr[1];
		p.ncols = (int32_t) hdr[2];
		row_start = Xmalloc((size_t) (p.nrows + 1) * sizeof(int64_t));
		col = Xmalloc((size_t) nedges * sizeof(int32_t));
		score = Xmalloc((size_t) nedges * sizeof(double));
		cap = Xmalloc((size_t) p.ncols * sizeof(int32_t));
		row_edge = Xmalloc((size_t) p.nrows * sizeof(int64_t));
		ReadExact(f, row_start, (size_t) (p.nrows + 1) * sizeof(int64_t));
		ReadExact(f, col, (size_t) nedges * sizeof(int32_t));
		ReadExact(f, score, (size_t) nedges * sizeof(double));
		ReadExact(f, cap, (size_t) p.ncols * sizeof(int32_t));
		p.row_start = row_start;
		p.col = col;
		p.score = score;
		p.capacity = cap;
		for (r = 0; r < repeats; r++)
		{
			/* counting asks core_alloc for scratch of its own: not the solve's */
			size_t		promised = assign_scratch_bytes(&p, (AssignObjective) hdr[4]);
			double		t0,
						t;
			int			i;

			core_host_reset();
			t0 = Now();
			assign_solve(&p, (AssignObjective) hdr[4], row_edge);
			t = Now() - t0;
			if (core_alloc_total > promised)
				printf("warning: allocated %zu > promised %zu\n",
					   core_alloc_total, promised);
			core_host_reset();
			objective = 0.0;
			matched = 0;
			for (i = 0; i < p.nrows; i++)
				if (row_edge[i] >= 0)
				{
					objective += score[row_edge[i]];
					matched++;
				}
			printf("run %d seconds %.6f\n", r, t);
			if (t < best)
				best = t;
		}
	}
	fclose(f);
	printf("best %.6f objective %.17g matched %ld\n", best, objective, matched);
	return 0;
}
