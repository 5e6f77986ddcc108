/*
 * cohort_scoring.c
 *		Compact copies of a cohort's people for scoring many pairs (see
 *		cohort_scoring.h).
 */
#include "postgres.h"

#include "scoring/cohort_scoring.h"

Size
ScoreKernelBytes(int32 nrows, int32 ncols)
{
	return add_size(mul_size(sizeof(KernelPerson), Max(nrows, 1)),
					mul_size(sizeof(KernelPerson), Max(ncols, 1)));
}

/* Person p's set of kind s. */
static const IdSet *
PersonSet(const Person *p, int s)
{
	switch (s)
	{
		case KS_LANGUAGES:
			return &p->languages;
		case KS_VALUES:
			return &p->core_values;
		case KS_SUPPORT:
			return &p->support;
		default:
			return &p->projects;
	}
}

/* The largest name id any person's sets or style name, plus one. */
static int32
IdsBound(const Person *side[2], const int32 n[2])
{
	int32		bound = 1;
	int			x,
				s,
				d;
	int32		i;

	for (x = 0; x < 2; x++)
		for (i = 0; i < n[x]; i++)
		{
			const Person *p = &side[x][i];

			for (s = 0; s < NUM_KERNEL_SETS; s++)
			{
				const IdSet *set = PersonSet(p, s);

				if (set->count > 0)
					bound = Max(bound, set->ids[set->count - 1] + 1);
			}
			if (p->has_style)
				for (d = 0; d < p->style.count; d++)
					bound = Max(bound, p->style.dims[d] + 1);
		}
	return bound;
}

/*
 * Numbers the names of one kind (sets of kind s, or style dimensions when s
 * < 0) in id order into bit[], -1 for names of other kinds; returns how
 * many there are, or -1 once they pass most.
 */
static int
NumberNames(const Person *side[2], const int32 n[2], int s, int16 *bit,
			int32 bound, int most)
{
	int			x,
				e,
				count = 0;
	int32		i,
				id;

	for (id = 0; id < bound; id++)
		bit[id] = -1;
	for (x = 0; x < 2; x++)
		for (i = 0; i < n[x]; i++)
		{
			const Person *p = &side[x][i];

			if (s >= 0)
			{
				const IdSet *set = PersonSet(p, s);

				for (e = 0; e < set->count; e++)
					bit[set->ids[e]] = 0;
			}
			else if (p->has_style)
				for (e = 0; e < p->style.count; e++)
					bit[p->style.dims[e]] = 0;
		}
	for (id = 0; id < bound; id++)
		if (bit[id] == 0)
		{
			if (count == most)
				return -1;
			bit[id] = (int16) count++;
		}
	return count;
}

static void
LayOut(const ScoreKernel *k, const Person *p, KernelPerson *out,
	   int16 *const bits[NUM_KERNEL_SETS], const int16 *style_bit)
{
	int			s,
				e;

	memset(out, 0, sizeof(*out));
	for (s = 0; s < NUM_KERNEL_SETS; s++)
	{
		const IdSet *set = PersonSet(p, s);

		out->count[s] = set->count;
		for (e = 0; e < set->count; e++)
			out->sets[s] |= UINT64CONST(1) <<
				(k->masked[s] ? bits[s][set->ids[e]] : set->ids[e] % 64);
	}
	for (e = 0; e < p->nchain; e++)
		out->chain |= KernelIdBit(p->chain[e]);
	out->id = p->id;
	out->manager = p->manager;
	out->hours = p->hours;
	out->grade = p->grade;
	out->utc_offset = p->utc_offset;
	out->flags = (p->has_skills ? KP_SKILLS : 0) |
		(p->has_goals && p->goals.count > 0 ? KP_GOALS : 0) |
		(p->has_style ? KP_STYLE : 0) |
		(p->has_grade ? KP_GRADE : 0) |
		(p->has_hours ? KP_HOURS : 0) |
		(p->has_utc_offset ? KP_OFFSET : 0) |
		(p->wants_reverse ? KP_REVERSE : 0) |
		(p->has_id ? KP_ID : 0) |
		(p->has_manager ? KP_MANAGER : 0);
	if (k->style_compact && p->has_style)
	{
		out->style_n = (int8) p->style.count;
		for (e = 0; e < p->style.count; e++)
		{
			int			d = style_bit[p->style.dims[e]];

			out->style_dim[e] = (uint8) d;
			out->style_value[e] = p->style.values[e];
			out->style_at[d] = p->style.values[e];
			out->style_mask |= 1 << d;
		}
	}
}

void
ScoreKernelInit(ScoreKernel *k, const Person *mentees, int32 nrows,
				const Person *mentors, int32 ncols, void *memory)
{
	const Person *side[2] = {mentees, mentors};
	const int32 n[2] = {nrows, ncols};
	int32		bound = IdsBound(side, n),
				i;
	int16	   *bits[NUM_KERNEL_SETS];
	int16	   *style_bit = palloc(sizeof(int16) * bound);
	int			s;

	k->mentees = mentees;
	k->mentors = mentors;
	k->rows = memory;
	k->cols = k->rows + Max(nrows, 1);
	for (s = 0; s < NUM_KERNEL_SETS; s++)
	{
		bits[s] = palloc(sizeof(int16) * bound);
		k->masked[s] = s != KS_PROJECTS &&
			NumberNames(side, n, s, bits[s], bound, 64) >= 0;
	}
	k->style_compact = NumberNames(side, n, -1, style_bit, bound,
								   KERNEL_STYLE_DIMS) >= 0;
	for (i = 0; i < nrows; i++)
		LayOut(k, &mentees[i], &k->rows[i], bits, style_bit);
	for (i = 0; i < ncols; i++)
		LayOut(k, &mentors[i], &k->cols[i], bits, style_bit);
	for (s = 0; s < NUM_KERNEL_SETS; s++)
		pfree(bits[s]);
	pfree(style_bit);
}
