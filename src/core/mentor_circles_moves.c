/*
 * mentor_circles_moves.c
 *		Placing a mentee, the moves of one mentee and the local search,
 *		opening and closing circles, and the rounds of the search (see
 *		mentor_circles.h).
 */
#include "mentor_circles_internal.h"

/*
 * x's fit with mentor j's members but x and skip; *ok false when one may
 * not be with x.
 */
double
mc_against(State *s, int32_t x, int32_t j, int32_t skip, bool *ok)
{
	const int32_t *m = &s->mem[(size_t) j * s->width];
	double		sum = 0.0;
	int32_t		k;

	*ok = true;
	for (k = 0; k < s->size[j]; k++)
		if (m[k] != x && m[k] != skip)
		{
			bool		together;

			sum += Fit(s, x, m[k], &together);
			*ok = *ok && together;
		}
	return sum;
}

/* Puts mentee x with mentor to (-1: none), keeping the sums and total. */
void
mc_place(State *s, int32_t x, int32_t to)
{
	int32_t		from = s->who[x],
				k;
	bool		ok;

	if (from == to)
		return;
	if (s->logging)
	{
		if (s->nundo == s->undo_cap)
			s->logging = false; /* cannot happen: the log holds a round */
		else
		{
			s->undo_who[s->nundo] = x;
			s->undo_from[s->nundo++] = from;
		}
	}
	if (from >= 0)
	{
		int32_t    *m = &s->mem[(size_t) from * s->width];
		int32_t		at = -1;

		s->total -= WorthOf(s, from);
		for (k = 0; k < s->size[from]; k++)
			if (m[k] == x)
				at = k;
			else
			{
				double		f = Fit(s, x, m[k], &ok);

				s->inner[m[k]] -= f;
				s->F[from] -= f;
			}
		s->S[from] -= s->mine[x];
		m[at] = m[--s->size[from]];
		if (s->size[from] == 0)
			s->S[from] = s->F[from] = 0.0;	/* no rounding left behind */
		s->total += WorthOf(s, from);
		s->changed[from] = ++s->tick;
		MarkDirty(s, from);
	}
	if (s->tracking)
		Enqueue(s, x);
	s->who[x] = to;
	s->inner[x] = 0.0;
	s->mine[x] = 0.0;
	if (to >= 0)
	{
		int32_t    *m = &s->mem[(size_t) to * s->width];

		s->total -= WorthOf(s, to);
		for (k = 0; k < s->size[to]; k++)
		{
			double		f = Fit(s, x, m[k], &ok);

			s->inner[m[k]] += f;
			s->inner[x] += f;
		}
		s->F[to] += s->inner[x];
		(void) Score(s, x, to, &s->mine[x]);
		s->S[to] += s->mine[x];
		m[s->size[to]++] = x;
		s->total += WorthOf(s, to);
		s->changed[to] = ++s->tick;
		MarkDirty(s, to);
	}
	s->moves++;
}

/* Undoes the log back to mark. */
void
mc_undo(State *s, int32_t mark)
{
	bool		logging = s->logging;

	s->logging = false;
	while (s->nundo > mark)
	{
		s->nundo--;
		mc_place(s, s->undo_who[s->nundo], s->undo_from[s->nundo]);
	}
	s->logging = logging;
}

/* ---------------------------------------------------------------------
 * Moves of one mentee
 * ---------------------------------------------------------------------
 */

/* Whether nothing x's moves read changed since x was found without one. */
static bool
Unchanged(const State *s, int32_t x)
{
	const MentorCircleProblem *p = s->p;
	int64_t		e;

	if (s->looked[x] < 0 || (s->who[x] >= 0 && s->changed[s->who[x]] > s->looked[x]))
		return false;
	for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
		if (s->changed[p->col[e]] > s->looked[x])
			return false;
	return true;
}

/*
 * The best move of mentee x, applied when it gains: leave its circle,
 * join or move to a candidate's circle, or swap with a member of one.
 * Returns whether it moved.
 */
static bool
ImproveOne(State *s, int32_t x)
{
	const MentorCircleProblem *p = s->p;
	int32_t		a = s->who[x],
				best_to = -2,
				best_with = -1;
	double		best = MC_EPSILON,
				sa = s->mine[x],
				gxa = s->inner[x],
				worth_a = a >= 0 ? WorthOf(s, a) : 0.0,
				leave = 0.0,
			   *fx = s->fx;
	bool		can_leave = true,
			   *okx = s->okx;
	int64_t		e;

	if (Unchanged(s, x))
		return false;
	if (a >= 0)
	{
		can_leave = SizeFits(s, a, s->size[a] - 1);
		leave = Worth(s, s->size[a] - 1, s->S[a] - sa, s->F[a] - gxa) - worth_a;
		if (can_leave && leave > best)
		{
			best = leave;
			best_to = -1;
		}
	}
	for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
	{
		int32_t		b = p->col[e],
					size = s->size[b],
					bad = 0,
					k;
		const int32_t *m = &s->mem[(size_t) b * s->width];
		double		sb = p->score[e],
					here = WorthOf(s, b),
					sum = 0.0;

		if (b == a || p->cap[b] < p->min_size)
			continue;
		for (k = 0; k < size; k++)
		{
			fx[k] = Fit(s, x, m[k], &okx[k]);
			sum += fx[k];
			bad += !okx[k];
		}
		/* join b */
		if (can_leave && bad == 0 && SizeFits(s, b, size + 1))
		{
			double		gain = leave + Worth(s, size + 1, s->S[b] + sb, s->F[b] + sum) - here;

			if (gain > best)
			{
				best = gain;
				best_to = b;
				best_with = -1;
			}
		}
		/* swap with a member y of b */
		for (k = 0; k < size; k++)
		{
			int32_t		y = m[k];
			double		sy_a = 0.0,
						gain,
						gya;
			bool		ok;

			if (bad - !okx[k] > 0)
				continue;
			gain = Worth(s, size, s->S[b] - s->mine[y] + sb,
						 s->F[b] - s->inner[y] + sum - fx[k]) - here;
			if (a >= 0)
			{
				double		most;

				if (!Score(s, y, a, &sy_a))
					continue;
				/* y's fits in a at their best first: most are not worth it */
				most = Worth(s, s->size[a], s->S[a] - sa + sy_a,
							 s->F[a] - gxa + (s->size[a] - 1) * s->best_fit[y]) - worth_a;
				if (gain + most <= best)
					continue;
				gya = mc_against(s, y, a, x, &ok);
				if (!ok)
					continue;
				gain += Worth(s, s->size[a], s->S[a] - sa + sy_a, s->F[a] - gxa + gya) - worth_a;
			}
			if (gain > best)
			{
				best = gain;
				best_to = b;
				best_with = y;
			}
		}
	}
	if (best_to == -2)
	{
		s->looked[x] = s->tick;
		return false;
	}
	if (best_with >= 0)
	{
		mc_place(s, best_with, -1);
		mc_place(s, x, best_to);
		if (a >= 0)
			mc_place(s, best_with, a);
	}
	else
		mc_place(s, x, best_to);
	return true;
}

/* Local search: every mentee's best move, again until none gains. */
void
mc_local_search(State *s)
{
	int32_t		pass,
				x;
	bool		moved = true;

	for (pass = 0; moved && pass < 50; pass++)
	{
		moved = false;
		for (x = 0; x < s->n; x = core_next_row(x))
			moved |= ImproveOne(s, x);
	}
}

/*
 * The local search where circles changed (while tracking): the mentees
 * that moved and the members of each changed circle look for a move, until
 * none gains (or 50 n looks).
 */
void
mc_local_search_dirty(State *s)
{
	int64_t		looks = 0;
	int32_t		k;

	for (;;)
	{
		int32_t		x;

		while (s->ndirty > 0)
		{
			int32_t		j = s->dirty_list[--s->ndirty];

			s->dirty[j] = false;
			for (k = 0; k < s->size[j]; k++)
				Enqueue(s, s->mem[(size_t) j * s->width + k]);
		}
		if (s->qlen == 0 || looks++ > (int64_t) 50 * s->n)
			break;
		x = s->queue[s->qhead];
		s->qhead = (s->qhead + 1) % s->n;
		s->qlen--;
		s->queued[x] = false;
		if ((looks & 1023) == 0)
			core_check_interrupts();
		(void) ImproveOne(s, x);
	}
	while (s->qlen > 0)
	{
		s->queued[s->queue[s->qhead]] = false;
		s->qhead = (s->qhead + 1) % s->n;
		s->qlen--;
	}
	while (s->ndirty > 0)
		s->dirty[s->dirty_list[--s->ndirty]] = false;
}

/* ---------------------------------------------------------------------
 * Opening and closing circles
 * ---------------------------------------------------------------------
 */

/*
 * What mentee x's leaving its circle gains (negative: costs), or false
 * when it may not leave.
 */
static bool
LeaveGain(State *s, int32_t x, double *gain)
{
	int32_t		a = s->who[x];

	if (a < 0)
	{
		*gain = 0.0;
		return true;
	}
	if (!SizeFits(s, a, s->size[a] - 1))
		return false;
	*gain = Worth(s, s->size[a] - 1, s->S[a] - s->mine[x], s->F[a] - s->inner[x]) -
		WorthOf(s, a);
	return true;
}

/*
 * Mentor j, without a circle, takes mentees one by one, each time the one
 * adding most (its score, what leaving its circle gains, cohesion times
 * its mean fit with those taken), at most one from any other circle; kept
 * when the whole gains.
 */
bool
mc_open_circle(State *s, int32_t j, bool force)
{
	const MentorCircleProblem *p = s->p;
	int32_t		mark = s->nundo,
				taken = 0;
	double		before = s->total;

	s->now++;
	while (taken < p->cap[j])
	{
		int32_t		pick = -1;
		double		pick_value = -INFINITY;
		int64_t		e;

		for (e = s->col_start[j]; e < s->col_start[j + 1]; e++)
		{
			int32_t		x = s->col_row[e];
			double		sx,
						leave,
						value;
			bool		ok;

			if (s->who[x] == j ||
				(s->who[x] >= 0 && s->stamp[s->who[x]] == s->now) ||
				!LeaveGain(s, x, &leave))
				continue;
			value = mc_against(s, x, j, -1, &ok);
			if (!ok)
				continue;
			(void) Score(s, x, j, &sx);
			value = sx + leave + p->cohesion * (taken > 0 ? value / taken : 0.0);
			if (value > pick_value)
			{
				pick_value = value;
				pick = x;
			}
		}
		core_add_work(&s->work, (s->col_start[j + 1] - s->col_start[j]) * (taken + 1));
		if (pick < 0 || (taken >= p->min_size && pick_value <= MC_EPSILON))
			break;
		if (s->who[pick] >= 0)
			s->stamp[s->who[pick]] = s->now;
		mc_place(s, pick, j);
		taken++;
	}
	if (taken >= p->min_size && (force || s->total > before + MC_EPSILON))
		return true;
	mc_undo(s, mark);
	return false;
}

/*
 * The best circle with room for mentee x (in no circle) that it may join:
 * the mentor, or -1 when joining none gains.
 */
static int32_t
BestJoin(State *s, int32_t x, double *gain_out)
{
	const MentorCircleProblem *p = s->p;
	int32_t		best_to = -1;
	double		best = MC_EPSILON;
	int64_t		e;

	for (e = p->row_start[x]; e < p->row_start[x + 1]; e++)
	{
		int32_t		b = p->col[e];
		bool		ok;
		double		g,
					gain;

		if (s->size[b] == 0 && p->min_size > 1)
			continue;
		if (!SizeFits(s, b, s->size[b] + 1))
			continue;
		g = mc_against(s, x, b, -1, &ok);
		if (!ok)
			continue;
		gain = Worth(s, s->size[b] + 1, s->S[b] + p->score[e], s->F[b] + g) - WorthOf(s, b);
		if (gain > best)
		{
			best = gain;
			best_to = b;
		}
	}
	if (gain_out)
		*gain_out = best;
	return best_to;
}

/*
 * Whether every one of the count members may join mentor b's circle
 * whole: each has b as a candidate, may be with b's members, and the
 * circle has room.
 */
static bool
CanMerge(State *s, const int32_t *members, int32_t count, int32_t b)
{
	const MentorCircleProblem *p = s->p;
	int32_t		k;
	double		score;
	bool		ok;

	if (s->size[b] + count > p->cap[b] || s->size[b] + count < p->min_size)
		return false;
	for (k = 0; k < count; k++)
	{
		if (!Score(s, members[k], b, &score))
			return false;
		(void) mc_against(s, members[k], b, -1, &ok);
		if (!ok)
			return false;
	}
	return true;
}

/*
 * Closes mentor j's circle, kept when the total gains: its members move
 * whole to another mentor (its circle, or one it has none), the best such
 * move, or else each joins the best other circle with room, or none.
 */
static bool
CloseCircle(State *s, int32_t j)
{
	const MentorCircleProblem *p = s->p;
	int32_t		mark = s->nundo,
			   *members = s->members,
				count = 0,
				best_to = -1,
				k;
	double		before = s->total,
				best = before + MC_EPSILON;
	int64_t		e;

	if (s->size[j] == 0)
		return false;
	memcpy(members, &s->mem[(size_t) j * s->width], sizeof(int32_t) * s->size[j]);
	count = s->size[j];
	/* the whole circle to another mentor: one of the first member's */
	for (e = p->row_start[members[0]]; e < p->row_start[members[0] + 1]; e++)
	{
		int32_t		b = p->col[e];

		core_add_work(&s->work, (int64_t) count * count);
		if (b == j || !CanMerge(s, members, count, b))
			continue;
		for (k = 0; k < count; k++)
			mc_place(s, members[k], b);
		if (s->total > best)
		{
			best = s->total;
			best_to = b;
		}
		mc_undo(s, mark);
	}
	if (best_to >= 0)
	{
		for (k = 0; k < count; k++)
			mc_place(s, members[k], best_to);
		return true;
	}
	for (k = 0; k < count; k++)
		mc_place(s, members[k], -1);
	for (k = 0; k < count; k++)
	{
		int32_t		b = BestJoin(s, members[k], NULL);

		core_add_work(&s->work, p->row_start[members[k] + 1] - p->row_start[members[k]]);
		if (b >= 0 && b != j)
			mc_place(s, members[k], b);
	}
	if (s->total > before + MC_EPSILON)
		return true;
	mc_undo(s, mark);
	return false;
}

/* Unmatched mentees join the best circle with room, while one gains. */
void
mc_join_unmatched(State *s)
{
	int32_t		x;

	for (x = 0; x < s->n; x = core_next_row(x))
		if (s->who[x] < 0)
		{
			int32_t		b = BestJoin(s, x, NULL);

			if (b >= 0)
				mc_place(s, x, b);
		}
}

/* Rounds of local search, opening and closing, until none gains. */
int32_t
mc_search(State *s)
{
	int32_t		round,
				j;
	bool		better = true;

	for (round = 0; better && round < 30; round++)
	{
		double		before = s->total;

		mc_local_search(s);
		s->logging = true;
		for (j = 0; j < s->m; j = core_next_row(j))
		{
			s->nundo = 0;
			if (s->size[j] == 0 && s->p->cap[j] >= s->p->min_size)
				(void) mc_open_circle(s, j, false);
		}
		mc_local_search(s);
		for (j = 0; j < s->m; j = core_next_row(j))
		{
			s->nundo = 0;
			if (s->size[j] > 0)
				(void) CloseCircle(s, j);
		}
		s->logging = false;
		s->nundo = 0;
		better = s->total > before + MC_EPSILON * (1.0 + fabs(before));
	}
	mc_local_search(s);
	return round;
}
