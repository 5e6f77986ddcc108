/*
 * median.c
 *		The k-th smallest and the median by selection, plain C (no
 *		PostgreSQL headers; see core.h and median.h).
 *
 * Quickselect (Hoare): partition the range holding k around a pivot, the
 * median of three elements (the range's ends and a pseudo-random one),
 * keep the side holding k.  Elements equal to the pivot go to both sides,
 * so ties do not make it quadratic.  A range still unsettled after
 * 16 + 3 log2(n) rounds (about twice what halving would take) is sorted
 * instead.
 */
#include <math.h>
#include <stdlib.h>

#include "median.h"

static int
CompareDoubles(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y ? 1 : 0;
}

static inline double
MedianOfThree(double x, double y, double z)
{
	if (x < y)
		return y < z ? y : x < z ? z : x;
	return x < z ? x : y < z ? z : y;
}

double
select_kth(double *v, int64_t n, int64_t k)
{
	int64_t		lo = 0,
				hi = n - 1,
				rounds = 0,
				budget = 16,
				steps = 0;
	uint64_t	state = 0x9E3779B97F4A7C15ULL;
	int64_t		len;

	for (len = n; len > 1; len >>= 1)
		budget += 3;
	while (lo < hi)
	{
		int64_t		i = lo,
					j = hi,
					mid;
		double		pivot;

		if (++rounds > budget)
		{
			qsort(v + lo, (size_t) (hi - lo + 1), sizeof(double), CompareDoubles);
			break;
		}
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		mid = lo + 1 + (int64_t) ((state >> 33) % (uint64_t) (hi - lo > 1 ? hi - lo - 1 : 1));
		pivot = MedianOfThree(v[lo], v[mid], v[hi]);
		while (i <= j)
		{
			double		t;

			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j)
			{
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
			if ((++steps & 0xFFFFF) == 0)
				core_check_interrupts();
		}
		/* now v[lo..j] <= pivot <= v[i..hi], and what lies between is pivot */
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

double
median_of(double *v, int64_t n)
{
	int64_t		k = (n - 1) / 2,
				i;
	double		lower = select_kth(v, n, k),
				upper,
				mean;

	if (n % 2 == 1)
		return lower;
	/* everything after k is at least lower: the upper middle is their least */
	upper = v[k + 1];
	for (i = k + 2; i < n; i++)
		if (v[i] < upper)
			upper = v[i];
	mean = lower + 0.5 * (upper - lower);
	if (!isfinite(mean))
		mean = lower / 2.0 + upper / 2.0;
	return mean;
}
