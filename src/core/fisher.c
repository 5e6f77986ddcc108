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
 * so that a table's value does not depend on how far off the walk began.
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

/*
 * The table with first cell x: its other cells from the margins (as
 * doubles: counts stay exact below 2^53).
 */
typedef struct Margins
{
	double		n;				/* draws: a + b */
	double		k;				/* yes: a + c */
	double		all;			/* a + b + c + d */
} Margins;

/* log p(x + 1) / p(x) */
static inline double
StepUp(const Margins *m, int64_t x)
{
	double		a = (double) x,
				b = m->n - a,
				c = m->k - a,
				d = m->all - m->n - m->k + a;

	return log((b / (a + 1.0)) * (c / (d + 1.0)));
}

/* log p(x - 1) / p(x) */
static inline double
StepDown(const Margins *m, int64_t x)
{
	double		a = (double) x,
				b = m->n - a,
				c = m->k - a,
				d = m->all - m->n - m->k + a;

	return log((a / (b + 1.0)) * (d / (c + 1.0)));
}

/* checks for interrupts every 2^20 steps of a walk */
static inline void
Stepped(int64_t *steps)
{
	if ((++*steps & 0xFFFFF) == 0)
		core_check_interrupts();
}

double
fisher_two_sided(int64_t a, int64_t b, int64_t c, int64_t d)
{
	Margins		m;
	int64_t		lo = a - (a < d ? a : d),
				hi = a + (b < c ? b : c),
				mode,
				x,
				steps = 0;
	double		guess,
				obs,
				limit,
				cutoff,
				normaliser = 1.0,	/* the mode's term */
				within = 0.0,
				p;
	LogSum		s;

	if (lo == hi)
		return 1.0;
	m.n = (double) (a + b);
	m.k = (double) (a + c);
	m.all = (double) (a + b + c + d);

	/* the mode: (n + 1)(K + 1) / (N + 2) rounded down, then made exact */
	guess = floor((m.n + 1.0) * (m.k + 1.0) / (m.all + 2.0));
	mode = guess < (double) lo ? lo : guess > (double) hi ? hi : (int64_t) guess;
	while (mode < hi && StepUp(&m, mode) > 0.0)
		mode++;
	while (mode > lo && StepDown(&m, mode) > 0.0)
		mode--;

	/* the observed table's log-probability, relative to the mode's */
	s.sum = s.carry = 0.0;
	for (x = mode; x < a; x++, Stepped(&steps))
		LogSumAdd(&s, StepUp(&m, x));
	for (x = mode; x > a; x--, Stepped(&steps))
		LogSumAdd(&s, StepDown(&m, x));
	obs = LogSumValue(&s);
	limit = obs + log1p(FISHER_RELATIVE_TOLERANCE);
	cutoff = obs - FISHER_TAIL_NATS;

	if (0.0 <= limit)
		within += exp(-obs);
	/* down from the mode, then up: the same sums in the same order */
	s.sum = s.carry = 0.0;
	for (x = mode; x > lo; x--, Stepped(&steps))
	{
		double		v;

		LogSumAdd(&s, StepDown(&m, x));
		v = LogSumValue(&s);
		if (v < cutoff)
			break;
		normaliser += exp(v);
		if (v <= limit)
			within += exp(v - obs);
	}
	s.sum = s.carry = 0.0;
	for (x = mode; x < hi; x++, Stepped(&steps))
	{
		double		v;

		LogSumAdd(&s, StepUp(&m, x));
		v = LogSumValue(&s);
		if (v < cutoff)
			break;
		normaliser += exp(v);
		if (v <= limit)
			within += exp(v - obs);
	}

	/* p = within e^obs / normaliser, in logs: e^obs may be under DBL_MIN */
	p = exp(log(within) + obs - log(normaliser));
	return p > 1.0 ? 1.0 : p;
}
