/*
 * cohort.c
 *		Gathering a matching problem (see cohort.h).
 */
#include "postgres.h"

#include <limits.h>

#include "common/hashfn.h"
#include "miscadmin.h"
#include "utils/float.h"
#include "utils/guc.h"

#include "matching/cohort.h"

/* mentormatch.max_solver_memory, in kB */
static int	max_solver_memory_kb = 4 * 1024 * 1024;

void
CohortInit(void)
{
	DefineCustomIntVariable("mentormatch.max_solver_memory",
							"Largest amount of memory one solve may use.",
							"A matching problem that would need more is refused "
							"before its candidate pairs are stored (SQLSTATE "
							"54000), with the figure it needs.",
							&max_solver_memory_kb,
							4 * 1024 * 1024,
							1024,
							MAX_KILOBYTES,
							PGC_SUSET,
							GUC_UNIT_KB,
							NULL, NULL, NULL);
}

static Size
SolverMemoryLimit(void)
{
	return (Size) max_solver_memory_kb * 1024;
}

/* The 64-bit finaliser of splitmix64: ids that differ little hash apart. */
static inline uint32
MixId(uint64 x)
{
	x ^= x >> 30;
	x *= UINT64CONST(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64CONST(0x94d049bb133111eb);
	x ^= x >> 31;
	return (uint32) x;
}

/*
 * int64 id -> dense index, by PostgreSQL's simplehash, whose element arrays
 * are charged to the cohort (private_data) before they are allocated.
 */
typedef struct IdMapEntry
{
	int64		key;
	int32		index;
	char		status;
} IdMapEntry;

#define SH_PREFIX idmap
#define SH_ELEMENT_TYPE IdMapEntry
#define SH_KEY_TYPE int64
#define SH_KEY key
#define SH_HASH_KEY(tb, k) MixId((uint64) (k))
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_USE_NONDEFAULT_ALLOCATOR
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* What the cohort's hash tables allocate: charged, zeroed. */
static void *
HashAllocate(MemoryContext cxt, void *cohort, Size size)
{
	CohortCharge((Cohort *) cohort, size);
	return MemoryContextAllocExtended(cxt, size, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

static inline void *
idmap_allocate(idmap_hash *map, Size size)
{
	return HashAllocate(map->ctx, map->private_data, size);
}

static inline void
idmap_free(idmap_hash *map, void *pointer)
{
	pfree(pointer);
}

/* A set of (row, col) pairs, row << 32 | col, charged the same way. */
typedef struct PairSetEntry
{
	uint64		key;
	char		status;
} PairSetEntry;

#define SH_PREFIX pairset
#define SH_ELEMENT_TYPE PairSetEntry
#define SH_KEY_TYPE uint64
#define SH_KEY key
#define SH_HASH_KEY(tb, k) MixId(k)
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_USE_NONDEFAULT_ALLOCATOR
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

static inline void *
pairset_allocate(pairset_hash *set, Size size)
{
	return HashAllocate(set->ctx, set->private_data, size);
}

static inline void
pairset_free(pairset_hash *set, void *pointer)
{
	pfree(pointer);
}

static inline uint64
PairKey(int32 row, int32 col)
{
	return ((uint64) (uint32) row << 32) | (uint32) col;
}

Cohort *
CohortCreate(const char *what, bool with_score2)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext,
											  "mentormatch solve",
											  ALLOCSET_DEFAULT_SIZES);
	Cohort	   *c = MemoryContextAllocZero(cxt, sizeof(Cohort));

	c->cxt = cxt;
	c->what = what;
	c->with_score2 = with_score2;
	c->reading = true;
	c->row_map = idmap_create(cxt, 1024, c);
	c->col_map = idmap_create(cxt, 1024, c);
	c->last_row = -1;
	return c;
}

void
CohortDestroy(Cohort *c)
{
	MemoryContextDelete(c->cxt);
}

/*
 * The 54000 error: the cohort needs need bytes in all (its parallel
 * workers' share included: without them it needs that much less).
 */
static void
ReportNeed(Cohort *c, Size need)
{
	Size		limit = SolverMemoryLimit();
	Size		need_kb = (need + 1023) >> 10;

	if (c->workers_charged > 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s needs more memory than mentormatch.max_solver_memory allows",
						c->what),
				 errdetail("It needs %zu kB, of which %zu kB for %d parallel workers; "
						   "the limit is %zu kB.",
						   need_kb, (c->workers_charged + 1023) >> 10, c->workers,
						   limit >> 10),
				 errhint("Ask a superuser to raise mentormatch.max_solver_memory to "
						 "that figure, give fewer candidate pairs (min_score, fewer "
						 "per mentee), or use fewer parallel workers: without them "
						 "(SET max_parallel_workers_per_gather = 0) it needs %zu kB.",
						 (need - c->workers_charged + 1023) >> 10)));
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("%s needs more memory than mentormatch.max_solver_memory allows",
					c->what),
			 errdetail("It needs %zu kB; the limit is %zu kB.",
					   need_kb, limit >> 10),
			 errhint("Ask a superuser to raise mentormatch.max_solver_memory to "
					 "that figure, or give fewer candidate pairs (min_score, "
					 "fewer per mentee).")));
}

/*
 * While the input is read, going past the limit only starts counting mode:
 * edges are counted, no longer stored, and CohortEndInput reports what the
 * whole solve needs.  Afterwards it is the 54000 error at once (which
 * CohortEndInput's check makes a cannot-happen).
 */
void
CohortCharge(Cohort *c, Size bytes)
{
	c->charged = add_size(c->charged, bytes);
	if (c->charged > SolverMemoryLimit())
	{
		if (!c->reading)
			ReportNeed(c, c->charged);
		c->counting = true;
	}
}

bool
CohortReserveWorkers(Cohort *c, int nworkers, Size bytes)
{
	bool		fits = add_size(c->charged, bytes) <= SolverMemoryLimit();

	Assert(c->reading && c->workers_charged == 0);
	c->workers = nworkers;
	c->workers_charged = bytes;
	c->charged = add_size(c->charged, bytes);
	if (!fits)
		c->counting = true;
	return fits;
}

void
CohortReleaseWorkers(Cohort *c)
{
	CohortRelease(c, c->workers_charged);
	c->workers_charged = 0;
	c->workers = 0;
}

/* Charges bytes of edge arrays, if they fit; else starts counting mode. */
static bool
ChargeEdges(Cohort *c, Size bytes)
{
	if (c->counting || add_size(c->charged, bytes) > SolverMemoryLimit())
	{
		c->counting = true;
		return false;
	}
	c->charged += bytes;
	c->edge_charged += bytes;
	return true;
}

void
CohortRelease(Cohort *c, Size bytes)
{
	c->charged -= Min(bytes, c->charged);
}

void
CohortReserveFor(void *cohort, size_t bytes)
{
	CohortCharge((Cohort *) cohort, bytes);
}

void
CohortReleaseFor(void *cohort, size_t bytes)
{
	CohortRelease((Cohort *) cohort, bytes);
}

void *
CohortAlloc(Cohort *c, Size bytes)
{
	CohortCharge(c, bytes);
	return MemoryContextAllocHuge(c->cxt, Max(bytes, 1));
}

/*
 * An array grown to new elements (new, when NULL).  Large chunks are
 * reallocated in place by the allocator (mremap), so growing the edge
 * arrays does not copy them.
 */
static void *
GrowArray(Cohort *c, void *array, Size elem, int64 new)
{
	if (array == NULL)
		return MemoryContextAllocHuge(c->cxt, Max(mul_size(elem, new), 1));
	return repalloc_huge(array, mul_size(elem, new));
}

void *
CohortGrow(Cohort *c, void *array, Size elem, int64 old, int64 new)
{
	CohortCharge(c, mul_size(elem, new - old));
	return GrowArray(c, array, elem, new);
}

static int32
Lookup(Cohort *c, struct idmap_hash *map, int64 id, int32 *n, int32 *cap,
	   int64 **ids, bool is_col)
{
	bool		found;
	IdMapEntry *entry = idmap_insert(map, id, &found);

	if (found)
		return entry->index;
	if (*n >= *cap)
	{
		int32		newcap = Max(1024, *cap * 2);

		*ids = CohortGrow(c, *ids, sizeof(int64), *cap, newcap);
		if (is_col)
		{
			c->capacity = CohortGrow(c, c->capacity, sizeof(int32), *cap, newcap);
			c->capacity_set = CohortGrow(c, c->capacity_set, sizeof(bool), *cap, newcap);
		}
		else
		{
			c->row_count = CohortGrow(c, c->row_count, sizeof(int64), *cap, newcap);
			c->row_flags = CohortGrow(c, c->row_flags, sizeof(uint32), *cap, newcap);
		}
		*cap = newcap;
	}
	(*ids)[*n] = id;
	if (is_col)
	{
		c->capacity[*n] = 1;
		c->capacity_set[*n] = false;
	}
	else
	{
		c->row_count[*n] = 0;
		c->row_flags[*n] = 0;
	}
	entry->index = (*n)++;
	return entry->index;
}

int32
CohortRow(Cohort *c, int64 id)
{
	return Lookup(c, c->row_map, id, &c->nrows, &c->rows_cap, &c->row_id, false);
}

int32
CohortCol(Cohort *c, int64 id)
{
	return Lookup(c, c->col_map, id, &c->ncols, &c->cols_cap, &c->col_id, true);
}

int32
CohortFindRow(Cohort *c, int64 id)
{
	IdMapEntry *entry = idmap_lookup(c->row_map, id);

	return entry ? entry->index : -1;
}

int32
CohortFindCol(Cohort *c, int64 id)
{
	IdMapEntry *entry = idmap_lookup(c->col_map, id);

	return entry ? entry->index : -1;
}

void
CohortKeep(Cohort *c, int32 row, int32 col)
{
	if (c->kept_col == NULL)
	{
		int32		r;

		c->kept_col = CohortAlloc(c, mul_size(sizeof(int32), Max(c->rows_cap, 1)));
		c->kept_score = CohortAlloc(c, mul_size(sizeof(double), Max(c->rows_cap, 1)));
		for (r = 0; r < c->rows_cap; r++)
			c->kept_col[r] = -1;
	}
	Assert(row < c->nrows && c->kept_col[row] < 0 && c->capacity[col] > 0);
	c->kept_col[row] = col;
	c->kept_score[row] = get_float8_nan();
	c->capacity[col]--;
}

void
CohortForbid(Cohort *c, int32 row, int32 col)
{
	bool		found;

	if (c->forbidden == NULL)
		c->forbidden = pairset_create(c->cxt, 1024, c);
	(void) pairset_insert(c->forbidden, PairKey(row, col), &found);
}

static bool
CohortForbidden(const Cohort *c, int32 row, int32 col)
{
	return c->forbidden != NULL &&
		pairset_lookup(c->forbidden, PairKey(row, col)) != NULL;
}

void
ForbiddenMarksInit(Cohort *c, ForbiddenMarks *m)
{
	pairset_iterator it;
	PairSetEntry *entry;
	int64	   *fill;
	int32		r;

	m->row_start = NULL;
	m->cols = NULL;
	m->mark = NULL;
	m->row = -1;
	if (c->forbidden == NULL)
		return;
	m->row_start = CohortAlloc(c, mul_size(sizeof(int64), c->nrows + 1));
	memset(m->row_start, 0, sizeof(int64) * (c->nrows + 1));
	pairset_start_iterate(c->forbidden, &it);
	while ((entry = pairset_iterate(c->forbidden, &it)) != NULL)
		m->row_start[(entry->key >> 32) + 1]++;
	for (r = 0; r < c->nrows; r++)
		m->row_start[r + 1] += m->row_start[r];
	m->cols = CohortAlloc(c, mul_size(sizeof(int32), Max(m->row_start[c->nrows], 1)));
	fill = CohortAlloc(c, mul_size(sizeof(int64), Max(c->nrows, 1)));
	memcpy(fill, m->row_start, sizeof(int64) * c->nrows);
	pairset_start_iterate(c->forbidden, &it);
	while ((entry = pairset_iterate(c->forbidden, &it)) != NULL)
		m->cols[fill[entry->key >> 32]++] = (int32) (entry->key & 0xFFFFFFFF);
	pfree(fill);
	m->mark = CohortAlloc(c, mul_size(sizeof(int32), Max(c->ncols, 1)));
	memset(m->mark, -1, sizeof(int32) * c->ncols);
}

/* Bytes of edge arrays for cap edges. */
static Size
EdgeArrayBytes(const Cohort *c, int64 cap, bool with_rows)
{
	Size		per_edge = sizeof(int32) + sizeof(double) +
		(c->with_score2 ? sizeof(double) : 0) + (with_rows ? sizeof(int32) : 0);

	return mul_size(per_edge, cap);
}

/* Room for exactly newcap edges in all; false in counting mode. */
static bool
GrowEdges(Cohort *c, int64 newcap)
{
	if (!ChargeEdges(c, EdgeArrayBytes(c, newcap - c->edges_cap,
									   c->edge_row != NULL)))
		return false;
	c->edge_col = GrowArray(c, c->edge_col, sizeof(int32), newcap);
	c->edge_score = GrowArray(c, c->edge_score, sizeof(double), newcap);
	if (c->with_score2)
		c->edge_score2 = GrowArray(c, c->edge_score2, sizeof(double), newcap);
	if (c->edge_row)
		c->edge_row = GrowArray(c, c->edge_row, sizeof(int32), newcap);
	c->edges_cap = newcap;
	return true;
}

/* The capacity the doubling in ReserveEdges reaches for n edges. */
static int64
EdgeCapacityFor(int64 n)
{
	int64		cap = 16384;

	if (n == 0)
		return 0;
	while (cap < n)
		cap *= 2;
	return cap;
}

/* Makes room for n more edges, doubling; false in counting mode. */
static bool
ReserveEdges(Cohort *c, int64 n)
{
	if (c->counting)
		return false;
	if (c->nedges + n <= c->edges_cap)
		return true;
	return GrowEdges(c, EdgeCapacityFor(c->nedges + n));
}

/*
 * Notes that edges of row are about to be added.  If rows stop arriving
 * grouped, each earlier edge's row is written down from the counts.
 * Returns false in counting mode.
 */
static bool
StartRowEdges(Cohort *c, int32 row)
{
	if (!c->ungrouped && row < c->last_row)
	{
		c->ungrouped = true;
		if (!c->counting && ChargeEdges(c, mul_size(sizeof(int32), c->edges_cap)))
		{
			int64		e = 0;
			int32		r;

			c->edge_row = MemoryContextAllocHuge(c->cxt,
												 Max(mul_size(sizeof(int32), c->edges_cap), 1));
			for (r = 0; r < c->nrows; r++)
			{
				int64		k;

				for (k = 0; k < c->row_count[r]; k++)
					c->edge_row[e++] = r;
			}
			Assert(e == c->nedges);
		}
	}
	c->last_row = Max(c->last_row, row);
	return !c->counting;
}

void
CohortAddEdge(Cohort *c, int32 row, int32 col, double score, double score2)
{
	if (c->capacity[col] == 0)
	{
		c->row_flags[row] |= ROW_SEATLESS;
		return;
	}
	if (StartRowEdges(c, row) && ReserveEdges(c, 1))
	{
		if (c->edge_row)
			c->edge_row[c->nedges] = row;
		c->edge_col[c->nedges] = col;
		c->edge_score[c->nedges] = score;
		if (c->with_score2)
			c->edge_score2[c->nedges] = score2;
	}
	c->row_count[row]++;
	c->nedges++;
}

void
CohortAddEdges(Cohort *c, int32 row, const int32 *cols, const double *scores,
			   int n)
{
	int			k;

	Assert(!c->with_score2);
	if (StartRowEdges(c, row) && ReserveEdges(c, n))
	{
		if (c->edge_row)
			for (k = 0; k < n; k++)
				c->edge_row[c->nedges + k] = row;
		memcpy(c->edge_col + c->nedges, cols, sizeof(int32) * n);
		memcpy(c->edge_score + c->nedges, scores, sizeof(double) * n);
	}
	c->row_count[row] += n;
	c->nedges += n;
}

/*
 * What CohortLayout and CohortRowsById charge: row_start; for edges that
 * came ungrouped the fill cursors and the laid-out copies; the stamps of
 * the duplicate check; the row order.
 */
static Size
LayoutBytes(const Cohort *c)
{
	Size		bytes = mul_size(sizeof(int64), c->nrows + 1);

	if (c->ungrouped)
		bytes = add_size(bytes,
						 add_size(mul_size(sizeof(int64), Max(c->nrows, 1)),
								  EdgeArrayBytes(c, c->nedges, false)));
	bytes = add_size(bytes, mul_size(sizeof(int32), Max(c->ncols, 1)));
	return add_size(bytes, mul_size(sizeof(int32), Max(c->nrows, 1)));
}

void
CohortEndInput(Cohort *c, Size solve_bytes)
{
	Size		need = c->charged;

	if (c->counting)
		need = add_size(need - c->edge_charged,
						EdgeArrayBytes(c, EdgeCapacityFor(c->nedges), c->ungrouped));
	need = add_size(need, add_size(LayoutBytes(c), solve_bytes));
	c->reading = false;
	if (need > SolverMemoryLimit())
		ReportNeed(c, need);
}

bool
CohortLayout(Cohort *c, int32 *dup_row, int32 *dup_col)
{
	int32	   *stamp;
	int32		r;

	c->row_start = CohortAlloc(c, mul_size(sizeof(int64), c->nrows + 1));
	c->row_start[0] = 0;
	for (r = 0; r < c->nrows; r++)
		c->row_start[r + 1] = c->row_start[r] + c->row_count[r];

	Assert(!c->reading && !c->counting);
	if (!c->ungrouped)
	{
		/* arrived grouped by row, in row order: already laid out */
		c->col = c->edge_col;
		c->score = c->edge_score;
		c->score2 = c->edge_score2;
	}
	else
	{
		int64	   *fill = CohortAlloc(c, mul_size(sizeof(int64), Max(c->nrows, 1)));
		int64		e;

		c->col = CohortAlloc(c, mul_size(sizeof(int32), c->nedges));
		c->score = CohortAlloc(c, mul_size(sizeof(double), c->nedges));
		if (c->with_score2)
			c->score2 = CohortAlloc(c, mul_size(sizeof(double), c->nedges));
		memcpy(fill, c->row_start, sizeof(int64) * c->nrows);
		for (e = 0; e < c->nedges; e++)
		{
			int64		to = fill[c->edge_row[e]]++;

			c->col[to] = c->edge_col[e];
			c->score[to] = c->edge_score[e];
			if (c->with_score2)
				c->score2[to] = c->edge_score2[e];
		}
		pfree(fill);
		pfree(c->edge_row);
		pfree(c->edge_col);
		pfree(c->edge_score);
		if (c->with_score2)
			pfree(c->edge_score2);
		c->edge_row = NULL;
	}

	/* a pair given twice: a column seen twice in one row */
	stamp = CohortAlloc(c, mul_size(sizeof(int32), Max(c->ncols, 1)));
	memset(stamp, -1, sizeof(int32) * c->ncols);
	for (r = 0; r < c->nrows; r++)
	{
		int64		e;

		if ((r & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		for (e = c->row_start[r]; e < c->row_start[r + 1]; e++)
		{
			if (stamp[c->col[e]] == r)
			{
				*dup_row = r;
				*dup_col = c->col[e];
				pfree(stamp);
				return false;
			}
			stamp[c->col[e]] = r;
		}
	}
	pfree(stamp);
	return true;
}

void
CohortFilter(Cohort *c, bool (*keep) (double score, void *arg), void *arg)
{
	int64		kept = 0;
	int32		r;

	for (r = 0; r < c->nrows; r++)
	{
		int64		start = c->row_start[r];
		int64		end = c->row_start[r + 1];
		int64		e;

		if ((r & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		/* compact in place: kept never passes start */
		c->row_start[r] = kept;
		if (CohortRowKept(c, r))
		{
			for (e = start; e < end; e++)
				if (c->col[e] == c->kept_col[r])
					c->kept_score[r] = c->score[e];
			continue;
		}
		for (e = start; e < end; e++)
		{
			if (keep != NULL && !keep(c->score[e], arg))
			{
				c->row_flags[r] |= ROW_BELOW_MIN;
				continue;
			}
			if (CohortForbidden(c, r, c->col[e]))
			{
				c->row_flags[r] |= ROW_FORBIDDEN;
				continue;
			}
			if (c->capacity[c->col[e]] == 0)
			{
				c->row_flags[r] |= ROW_SEATLESS;
				continue;
			}
			c->col[kept] = c->col[e];
			c->score[kept] = c->score[e];
			if (c->with_score2)
				c->score2[kept] = c->score2[e];
			kept++;
		}
	}
	c->row_start[c->nrows] = kept;
}

static int
CompareRowIds(const void *a, const void *b, void *arg)
{
	const int64 *ids = arg;
	int64		x = ids[*(const int32 *) a];
	int64		y = ids[*(const int32 *) b];

	return (x > y) - (x < y);
}

int32 *
CohortRowsById(Cohort *c)
{
	int32	   *order = CohortAlloc(c, mul_size(sizeof(int32), Max(c->nrows, 1)));
	int32		r;

	for (r = 0; r < c->nrows; r++)
		order[r] = r;
	qsort_arg(order, c->nrows, sizeof(int32), CompareRowIds, c->row_id);
	return order;
}
