/*
 * audit.c
 *		audit(rows, min_share, threshold): the impact-ratio table of a
 *		selection, one row per category, as New York City's Local Law 144
 *		defines it, with a Fisher exact p-value per category.
 *
 * rows gives (category text, selected boolean[, score]), one row per
 * person.  One pass over the query (base/inner_query) counts, per category
 * (interned by base/string_ids; a NULL category is 'unknown'), its rows and
 * those selected, and keeps each score with its category.  Then:
 *	 selection rate	selected / n;
 *	 impact ratio	that / the highest selection rate among the categories
 *					not excluded (those with at least min_share of the rows;
 *					an excluded category is shown, and its ratio is taken
 *					against the same reference, but it is never the
 *					reference); NULL when that highest rate is 0 or every
 *					category is excluded;
 *	 scoring rate	the share of the category's scored rows (score not NULL)
 *					scoring strictly above the median of every score
 *					(core/median.h: by selection, no sort); NULL without a
 *					score column or a scored row; its impact ratio likewise;
 *	 p_value		the two-sided Fisher exact test (core/fisher.h) of the
 *					table (category selected / not, the rest selected / not);
 *	 adverse		a ratio (either) below threshold, not excluded.
 * Rows come out in the byte order of the category (as COLLATE "C"), the
 * same in a database of any collation.
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "base/inner_query.h"
#include "base/string_ids.h"
#include "core/fisher.h"
#include "core/median.h"
#include "matching/solve.h"

/* The category of a NULL. */
#define UNKNOWN_CATEGORY	"unknown"

/* The columns of the rows query. */
enum
{
	COL_CATEGORY,
	COL_SELECTED,
	COL_SCORE
};

typedef struct Category
{
	char	   *name;
	int			len;
	int64		n;
	int64		selected;
	int64		scored;			/* rows with a score */
	int64		above;			/* scored above the median */
} Category;

/* What one pass over the rows query gathers. */
typedef struct Tally
{
	LabelDict  *dict;			/* category -> index */
	Category   *categories;
	int32		ncategories;
	int32		categories_cap;
	int64		rows;
	int64		selected;
	bool		has_score;
	double	   *scores;			/* per scored row */
	int32	   *score_category;
	int64		nscores;
	int64		scores_cap;
} Tally;

/* A share or ratio argument: not NULL (22004), in [0, 1] (22023). */
static double
UnitArgument(FunctionCallInfo fcinfo, int argno, const char *name)
{
	double		v;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", name)));
	v = PG_GETARG_FLOAT8(argno);
	if (isnan(v) || v < 0.0 || v > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 0 and 1", name),
				 errdetail("It is %g.", v)));
	return v;
}

/* The index of a category, added with n = 0 when new. */
static int32
CategoryIndex(Tally *t, const char *name, int len)
{
	int32		i = InternLabel(t->dict, name, len);

	if (i == t->ncategories)
	{
		Category   *c;

		if (t->ncategories == t->categories_cap)
		{
			t->categories_cap *= 2;
			t->categories = repalloc_huge(t->categories,
										  sizeof(Category) * t->categories_cap);
		}
		c = &t->categories[t->ncategories++];
		memset(c, 0, sizeof(Category));
		c->name = palloc(len + 1);
		memcpy(c->name, name, len);
		c->name[len] = '\0';
		c->len = len;
	}
	return i;
}

static void
AddScore(Tally *t, int32 category, double score)
{
	if (t->nscores == t->scores_cap)
	{
		t->scores_cap *= 2;
		t->scores = repalloc_huge(t->scores, sizeof(double) * t->scores_cap);
		t->score_category = repalloc_huge(t->score_category,
										  sizeof(int32) * t->scores_cap);
	}
	t->scores[t->nscores] = score;
	t->score_category[t->nscores++] = category;
	t->categories[category].scored++;
}

/* One pass over the rows query, in the current memory context. */
static void
ReadRows(FunctionCallInfo fcinfo, Tally *t)
{
	static const InnerColumn cols[3] = {
		INNER_COLUMN("category", COLUMN_TEXT, true),
		INNER_COLUMN("selected", COLUMN_BOOLEAN, true),
		INNER_COLUMN("score", COLUMN_NUMBER, false),
	};
	MemoryContext cxt = CurrentMemoryContext;
	InnerQuery	q;
	int32		last = -1;
	const char *last_name = NULL;
	int			last_len = 0;

	t->dict = CreateLabelDict(16, NULL, NULL);
	t->categories_cap = 16;
	t->categories = palloc(sizeof(Category) * t->categories_cap);
	t->scores_cap = 1024;
	t->scores = palloc(sizeof(double) * t->scores_cap);
	t->score_category = palloc(sizeof(int32) * t->scores_cap);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	InnerQueryOpen(&q, "rows", RequiredText(fcinfo, 0, "rows"), cols, 3);
	t->has_score = InnerQueryHas(&q, COL_SCORE);
	while (InnerQueryNext(&q))
	{
		MemoryContext spi = MemoryContextSwitchTo(cxt);
		const char *name = UNKNOWN_CATEGORY;
		int			len = strlen(UNKNOWN_CATEGORY);
		bool		selected = InnerQueryBool(&q, COL_SELECTED);
		int32		i;

		if (!InnerQueryIsNull(&q, COL_CATEGORY))
			name = InnerQueryText(&q, COL_CATEGORY, &len);
		/* rows often come grouped: the last category needs no lookup */
		if (last >= 0 && len == last_len && memcmp(name, last_name, len) == 0)
			i = last;
		else
		{
			i = CategoryIndex(t, name, len);
			last = i;
			last_name = t->categories[i].name;
			last_len = len;
		}
		t->categories[i].n++;
		t->rows++;
		if (selected)
		{
			t->categories[i].selected++;
			t->selected++;
		}
		if (t->has_score && !InnerQueryIsNull(&q, COL_SCORE))
			AddScore(t, i, InnerQueryNumber(&q, COL_SCORE));
		MemoryContextSwitchTo(spi);
	}
	InnerQueryClose(&q);
	SPI_finish();
}

/* Each category's scores above the median of them all. */
static void
CountAboveMedian(Tally *t)
{
	double	   *copy,
				median;
	int64		r;

	if (t->nscores == 0)
		return;
	copy = palloc_extended(sizeof(double) * t->nscores, MCXT_ALLOC_HUGE);
	memcpy(copy, t->scores, sizeof(double) * t->nscores);
	median = median_of(copy, t->nscores);
	pfree(copy);
	for (r = 0; r < t->nscores; r++)
		if (t->scores[r] > median)
			t->categories[t->score_category[r]].above++;
}

/* Categories in the byte order of their names (qsort_arg over indexes). */
static int
CompareCategories(const void *a, const void *b, void *arg)
{
	const Category *cs = arg;
	const Category *x = &cs[*(const int32 *) a];
	const Category *y = &cs[*(const int32 *) b];
	int			c = memcmp(x->name, y->name, Min(x->len, y->len));

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len ? 1 : 0;
}

/* audit(rows, min_share, threshold): the impact-ratio table by category */
PG_FUNCTION_INFO_V1(mentormatch_audit);
Datum
mentormatch_audit(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	double		min_share = UnitArgument(fcinfo, 1, "min_share");
	double		threshold = UnitArgument(fcinfo, 2, "threshold");
	MemoryContext cxt,
				old;
	Tally		t;
	bool	   *excluded;
	double		best_rate = -1.0,
				best_scoring = -1.0;
	int32	   *order,
				x;

	InitMaterializedSRF(fcinfo, 0);
	cxt = AllocSetContextCreate(CurrentMemoryContext, "mentormatch audit",
								ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	memset(&t, 0, sizeof(Tally));
	ReadRows(fcinfo, &t);
	CountAboveMedian(&t);

	/* the references: the highest rates among the categories not excluded */
	excluded = palloc(sizeof(bool) * Max(t.ncategories, 1));
	for (x = 0; x < t.ncategories; x++)
	{
		Category   *c = &t.categories[x];

		excluded[x] = (double) c->n / (double) t.rows < min_share;
		if (excluded[x])
			continue;
		best_rate = Max(best_rate, (double) c->selected / (double) c->n);
		if (c->scored > 0)
			best_scoring = Max(best_scoring, (double) c->above / (double) c->scored);
	}

	order = palloc(sizeof(int32) * Max(t.ncategories, 1));
	for (x = 0; x < t.ncategories; x++)
		order[x] = x;
	qsort_arg(order, t.ncategories, sizeof(int32), CompareCategories, t.categories);

	for (x = 0; x < t.ncategories; x++)
	{
		Category   *c = &t.categories[order[x]];
		Datum		values[10];
		bool		nulls[10];
		double		rate = (double) c->selected / (double) c->n,
					ratio = 0.0,
					scoring = 0.0,
					scoring_ratio = 0.0;
		bool		has_ratio = best_rate > 0.0,
					has_scoring = t.has_score && c->scored > 0,
					has_scoring_ratio = has_scoring && best_scoring > 0.0;

		CHECK_FOR_INTERRUPTS();
		memset(nulls, 0, sizeof(nulls));
		if (has_ratio)
			ratio = rate / best_rate;
		if (has_scoring)
			scoring = (double) c->above / (double) c->scored;
		if (has_scoring_ratio)
			scoring_ratio = scoring / best_scoring;
		values[0] = PointerGetDatum(cstring_to_text_with_len(c->name, c->len));
		values[1] = Int64GetDatum(c->n);
		values[2] = Int64GetDatum(c->selected);
		values[3] = Float8GetDatum(rate);
		values[4] = Float8GetDatum(ratio);
		nulls[4] = !has_ratio;
		values[5] = Float8GetDatum(scoring);
		nulls[5] = !has_scoring;
		values[6] = Float8GetDatum(scoring_ratio);
		nulls[6] = !has_scoring_ratio;
		values[7] = Float8GetDatum(fisher_two_sided(c->selected, c->n - c->selected,
													t.selected - c->selected,
													(t.rows - c->n) - (t.selected - c->selected)));
		values[8] = BoolGetDatum(excluded[order[x]]);
		values[9] = BoolGetDatum(!excluded[order[x]] &&
								 ((has_ratio && ratio < threshold) ||
								  (has_scoring_ratio && scoring_ratio < threshold)));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
	PG_RETURN_NULL();
}
