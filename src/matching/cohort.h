/*
 * cohort.h
 *		A matching problem on its way from SQL to a solver core.
 *
 * Mentees become rows and mentors columns, numbered densely in order of
 * first appearance; candidate pairs become edges, gathered in arrival order
 * and then laid out row by row (CSR), which is the form core/flow.h and
 * core/deferred_acceptance.h take.  All memory lives in the cohort's own
 * context and is counted against mentormatch.max_solver_memory before it is
 * allocated.
 *
 * The limit guards the edges: once storing them would pass it, the cohort
 * only counts what still comes (counting mode), and CohortEndInput, called
 * once the input is read, refuses the solve (54000) with the figure the
 * whole solve needs, so that a limit set to it is enough.  Profiles and ids
 * are read to the end either way.
 *
 * The cohort knows no query: errors about an input query are raised by the
 * code that reads it, while its cursor is open (base/inner_query.h).
 */
#ifndef MENTORMATCH_COHORT_H
#define MENTORMATCH_COHORT_H

#include "utils/memutils.h"

struct idmap_hash;
struct pairset_hash;

/*
 * Per-row flags: what happened to a mentee's candidates.  A qualifying
 * candidate is one at or above min_score (and above zero for total).
 */
#define ROW_SEATLESS		0x0001	/* a qualifying candidate whose mentor has
									 * no seats */
#define ROW_BELOW_MIN		0x0002	/* a candidate that did not qualify */
#define ROW_FORBIDDEN		0x0004	/* a qualifying candidate was forbidden */
#define ROW_CONFLICT_SHIFT	4		/* bits 4..7: the kinds of conflict
									 * (scoring/conflicts.h) of qualifying
									 * candidates dropped for an excluded
									 * conflict (match) */
#define ROW_CONFLICTS		(0xF << ROW_CONFLICT_SHIFT)
#define ROW_RULE_SHIFT		8		/* bits 8..31: the rules
									 * (scoring/pair_rules.h) qualifying
									 * candidates broke (match) */
#define ROW_RULES			(~(uint32) 0 << ROW_RULE_SHIFT)

typedef struct Cohort
{
	MemoryContext cxt;			/* everything below lives here */
	Size		charged;		/* bytes counted against the limit */
	Size		edge_charged;	/* of which for the edge arrays */
	bool		reading;		/* until CohortEndInput */
	bool		counting;		/* past the limit: edges counted, not stored */
	const char *what;			/* for errors: "assign", "match", ... */
	int			workers;		/* parallel workers reserved for */
	Size		workers_charged;	/* of charged, theirs (CohortReserveWorkers) */

	/* rows: mentees */
	int32		nrows;
	int32		rows_cap;
	int64	   *row_id;
	uint32	   *row_flags;		/* ROW_* */
	struct idmap_hash *row_map;

	/*
	 * Kept pairs (CohortKeep): a kept row's mentor, -1 for the others (NULL
	 * when nothing is kept), and its score (NaN until known).  A kept row
	 * takes no part in the solve; its seat is taken from its mentor.
	 */
	int32	   *kept_col;
	double	   *kept_score;

	/*
	 * Priorities (matching/priority.h): per row, 0 for a row given none;
	 * NULL when none was given.  row_class: their classes, once ranked.
	 */
	int64	   *row_priority;
	int32		priority_cap;	/* rows row_priority has room for */
	int32	   *row_class;
	int32		nclasses;		/* once ranked (row_priority then NULL) */

	/*
	 * Groups, for objective parity (matching/parity.h): per row, its group,
	 * an id of group_dict, or -1 while it has none (the group unknown);
	 * group_dict NULL when no group was read.
	 */
	int32	   *row_group;
	int32		group_cap;		/* rows row_group has room for */
	struct LabelDict *group_dict;

	/* forbidden pairs (CohortForbid); NULL when none */
	struct pairset_hash *forbidden;

	/* columns: mentors */
	int32		ncols;
	int32		cols_cap;
	int64	   *col_id;
	int32	   *capacity;		/* 1 until set */
	bool	   *capacity_set;
	struct idmap_hash *col_map;

	/*
	 * Edges.  While rows arrive grouped (each edge's row no earlier than the
	 * last), edge_row is not stored: the per-row counts say it.
	 */
	int64		nedges;
	int64		edges_cap;
	bool		ungrouped;		/* a row came back after a later one */
	int32	   *edge_row;		/* NULL while grouped */
	int32	   *edge_col;
	double	   *edge_score;
	double	   *edge_score2;	/* a second number per edge, or NULL */
	bool		with_score2;
	int32		last_row;
	int64	   *row_count;		/* per row */

	/*
	 * After CohortLayout: row i's edges are row_start[i] .. row_start[i+1]-1;
	 * after CohortFilter, only those kept and to mentors with seats.
	 */
	int64	   *row_start;
	int32	   *col;
	double	   *score;
	double	   *score2;
} Cohort;

/* Defines mentormatch.max_solver_memory (from _PG_init). */
extern void CohortInit(void);

extern Cohort *CohortCreate(const char *what, bool with_score2);
extern void CohortDestroy(Cohort *c);

/* Counts bytes against the limit (54000 past it); Alloc also allocates. */
extern void CohortCharge(Cohort *c, Size bytes);
extern void *CohortAlloc(Cohort *c, Size bytes);

/* Gives back bytes charged for memory since freed. */
extern void CohortRelease(Cohort *c, Size bytes);

/*
 * While the input is read: reserves bytes for the memory of nworkers
 * parallel workers and what the backend keeps for them, until
 * CohortReleaseWorkers (the solve's end).  False, having charged them all
 * the same and started counting mode, when the solve would pass the limit
 * with them: the workers must not run, and CohortEndInput refuses the
 * solve with the whole figure, saying what the workers' share is.
 */
extern bool CohortReserveWorkers(Cohort *c, int nworkers, Size bytes);
extern void CohortReleaseWorkers(Cohort *c);

/*
 * CohortCharge and CohortRelease for a solver core's reserve and release
 * (core/flow_pruned.h, core/bmatch_pruned.h), the cohort its memory.
 */
extern void CohortReserveFor(void *cohort, size_t bytes);
extern void CohortReleaseFor(void *cohort, size_t bytes);

/*
 * Grows array (elements of size elem) from old to new elements, charging
 * the difference; NULL array: a new one.
 */
extern void *CohortGrow(Cohort *c, void *array, Size elem, int64 old,
						int64 new);

/* The row (column) of an id, added if new. */
extern int32 CohortRow(Cohort *c, int64 id);
extern int32 CohortCol(Cohort *c, int64 id);

/* The row (column) of an id, or -1 when it is not in the cohort. */
extern int32 CohortFindRow(Cohort *c, int64 id);
extern int32 CohortFindCol(Cohort *c, int64 id);

/*
 * Keeps row with column col: the row leaves the solve and takes one of
 * col's seats.  The caller checks that the row is not kept already and
 * that col has a seat left.
 */
extern void CohortKeep(Cohort *c, int32 row, int32 col);

static inline bool
CohortRowKept(const Cohort *c, int32 row)
{
	return c->kept_col != NULL && c->kept_col[row] >= 0;
}

/* Forbids a pair (CohortFilter drops it). */
extern void CohortForbid(Cohort *c, int32 row, int32 col);

/*
 * The forbidden pairs, for a scan over every pair of a row, where marking a
 * row's forbidden columns once is cheaper than a lookup per pair: call
 * ForbiddenMarksRow(m, r) before the row's pairs, then ForbiddenMarked.
 */
typedef struct ForbiddenMarks
{
	int64	   *row_start;		/* row r's columns: cols[row_start[r] ..] */
	int32	   *cols;
	int32	   *mark;			/* mark[j] == r: (r, j) forbidden; NULL when
								 * nothing is */
	int32		row;			/* the row marked last (-1: none) */
} ForbiddenMarks;

extern void ForbiddenMarksInit(Cohort *c, ForbiddenMarks *m);

static inline void
ForbiddenMarksRow(ForbiddenMarks *m, int32 row)
{
	int64		k;

	if (m->mark == NULL || m->row == row)
		return;
	for (k = m->row_start[row]; k < m->row_start[row + 1]; k++)
		m->mark[m->cols[k]] = row;
	m->row = row;
}

static inline bool
ForbiddenMarked(const ForbiddenMarks *m, int32 row, int32 col)
{
	return m->mark != NULL && m->mark[col] == row;
}

/*
 * Edges.  An edge to a mentor whose capacity is already known to be 0 is
 * not stored: it only sets its row's ROW_SEATLESS (one such edge per row is
 * all that is needed, see CohortWantsEdge).
 */
extern void CohortAddEdge(Cohort *c, int32 row, int32 col, double score,
						  double score2);

/* n edges of one row at once (cohorts without a second number). */
extern void CohortAddEdges(Cohort *c, int32 row, const int32 *cols,
						   const double *scores, int n);

/*
 * Whether an edge (row, col) could still change anything: false for a
 * mentor without seats once the row has ROW_SEATLESS.  Lets a caller skip
 * the work of computing an edge.
 */
static inline bool
CohortWantsEdge(const Cohort *c, int32 row, int32 col)
{
	return c->capacity[col] != 0 || !(c->row_flags[row] & ROW_SEATLESS);
}

/*
 * The input is read: the rest of the solve will charge the layout and
 * solve_bytes (the caller's bound of its solve).  Refuses (54000) when the
 * whole needs more than the limit.
 */
extern void CohortEndInput(Cohort *c, Size solve_bytes);

/*
 * Lays the edges out by row.  Returns false if a pair was given twice,
 * with the first such pair's row and column in *dup_row, *dup_col.
 */
extern bool CohortLayout(Cohort *c, int32 *dup_row, int32 *dup_col);

/*
 * Drops the laid-out edges of kept rows (noting the kept pair's score),
 * those that keep(score) rejects (keep may be NULL; ROW_BELOW_MIN), the
 * forbidden ones (ROW_FORBIDDEN) and those to mentors without seats, which
 * no solver can use (ROW_SEATLESS).
 */
extern void CohortFilter(Cohort *c, bool (*keep) (double score, void *arg),
						 void *arg);

/*
 * Whether row r had a candidate left after CohortFilter, with or without
 * seats.
 */
static inline bool
CohortRowHadCandidate(const Cohort *c, int32 r)
{
	return c->row_start[r + 1] > c->row_start[r] ||
		(c->row_flags[r] & ROW_SEATLESS);
}

/* Row numbers sorted by mentee id, for output. */
extern int32 *CohortRowsById(Cohort *c);

#endif							/* MENTORMATCH_COHORT_H */
