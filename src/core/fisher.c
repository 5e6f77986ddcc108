/*
 * fisher.c
 *		The two-sided Fisher exact test of a 2x2 table, plain C (no
 *		PostgreSQL headers; see core.h and fisher.h).
 *
 * With the margins fixed, the table is determined by its first cell x,
 * lo <= x <= hi.  Its probability is proportional to
 * C(K, x) C(N - K, n - x) (n = a + b draws, K = a + c yes, N in all), and
 * consecutive tables differ by the factor
 *		p(x + 1) / p(x) = (b_x / (x + 1)) (c_x / (d_x + 1))
 * where b_x = n - x, c_x = K - x and d_x = N - n - K + x are the other
 * cells of table x.  The distribution is log-concave: the logs of these
 * factors fall as x grows, so it rises to a mode and falls away from it.
 *
 * Every table's log-probability is taken relative to the mode's (0 there),
 * summing the logs of the factors outwards with Neumaier's compensation,
 * so that rounding stays small however far a table lies from the mode.
 * Two walks from the mode, down and up, sum exp() of each value (the
 * normaliser) and, for the tables at most the observed one's probability
 * (with the relative tolerance), exp() of its difference from the
 * observed one's.  A walk stops where the tables fall under e^-50 of the
 * observed one's: what is left out is below 1e-21 of the answer per table.
 */
#include <math.h>

#include "fisher.h"

/* Tables this far (in nats) under the observed one's are left out. */
#define FISHER_TAIL_NATS	50.0

/* A running sum of logs with Neumaier's compensation. */
typedef struct LogSum
{
	double		sum;
	double		carry;
} LogSum;

static inline void
LogSumAdd(LogSum *s, double v)
{
	double		t = s->sum + v;

	if (fabs(s->sum) >= fabs(v))
		s->carry += (s->sum - t) + v;
	else
		s->carry += (v - t) + s->sum;
	s->sum = t;
}

static inline double
LogSumValue(const LogSum *s)
{
	return s->sum + s->carry;
}

/* The margins of the table (as doubles: counts stay exact below 2^53). */
typedef struct Margins
{
	double		n;				/* draws: a + b */
	double		k;				/* yes: a + c */
	double		all;			/* a + b + c + d */
} Margins;

/*
 * log p(x + dir) / p(x), dir 1 or -1, from the cells of table x: up,
 * (b / (a + 1)) (c / (d + 1)); down, (a / (b + 1)) (d / (c + 1)).
 */
static inline double
Step(const Margins *m, int64_t x, int dir)
{
	double		a = (double) x,
				b = m->n - a,
				c = m->k - a,
				d = m->all - m->n - m->k + a;

	if (dir > 0)
		return log((b / (a + 1.0)) * (c / (d + 1.0)));
	return log((a / (b + 1.0)) * (d / (c + 1.0)));
}

/* What the walks sum: see the file's comment. */
typedef struct Walk
{
	const Margins *m;
	int64_t		mode;
	double		obs;			/* the observed table's value */
	double		limit;			/* at most this counts in the p-value */
	double		cutoff;			/* under this, a walk stops */
	double		normaliser;
	double		within;
	int64_t		steps;			/* for interrupt checks */
} Walk;

/*
 * Walks from the mode towards end (dir 1 up, -1 down), summing each
 * table's log-probability relative to the mode's; with sum, adds every
 * table passed until one falls under the cutoff.  Returns the value at
 * end (or where it stopped).
 */
static double
WalkFromMode(Walk *w, int64_t end, int dir, bool sum)
{
	LogSum		s = {0.0, 0.0};
	double		v = 0.0;
	int64_t		x;

	for (x = w->mode; x != end; x += dir)
	{
		if ((++w->steps & 0xFFFFF) == 0)
			core_check_interrupts();
		LogSumAdd(&s, Step(w->m, x, dir));
		v = LogSumValue(&s);
		if (!sum)
			continue;
		if (v < w->cutoff)
			break;
		w->normaliser += exp(v);
		if (v <= w->limit)
			w->within += exp(v - w->obs);
	}
	return v;
}

double
fisher_two_sided(int64_t a, int64_t b, int64_t c, int64_t d)
{
	Margins		m;
	Walk		w;
	int64_t		lo = a - (a < d ? a : d),
				hi = a + (b < c ? b : c),
				mode;
	double		guess,
				p;

	if (lo == hi)
		return 1.0;
	m.n = (double) (a + b);
	m.k = (double) (a + c);
	m.all = (double) (a + b + c + d);

	/* the mode: (n + 1)(K + 1) / (N + 2) rounded down, then made exact */
	guess = floor((m.n + 1.0) * (m.k + 1.0) / (m.all + 2.0));
	mode = guess < (double) lo ? lo : guess > (double) hi ? hi : (int64_t) guess;
	while (mode < hi && Step(&m, mode, 1) > 0.0)
		mode++;
	while (mode > lo && Step(&m, mode, -1) > 0.0)
		mode--;

	/* the observed table's value, then the tables down and up from the mode */
	w.m = &m;
	w.mode = mode;
	w.steps = 0;
	w.obs = WalkFromMode(&w, a, a > mode ? 1 : -1, false);
	w.limit = w.obs + log1p(FISHER_RELATIVE_TOLERANCE);
	w.cutoff = w.obs - FISHER_TAIL_NATS;
	w.normaliser = 1.0;			/* the mode's term */
	w.within = 0.0 <= w.limit ? exp(-w.obs) : 0.0;
	(void) WalkFromMode(&w, lo, -1, true);
	(void) WalkFromMode(&w, hi, 1, true);

	/* p = within e^obs / normaliser, in logs: e^obs may be under DBL_MIN */
	p = exp(log(w.within) + w.obs - log(w.normaliser));
	return p > 1.0 ? 1.0 : p;
}
