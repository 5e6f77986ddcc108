/*
 * cohort.h
 *		A matching problem on its way from SQL to a solver core.
 *
 * Mentees become rows and mentors columns, numbered densely in order of
 * first appearance; candidate pairs become edges, gathered in arrival order
 * and then laid out row by row (CSR), which is the form flow.h and stable.h
 * take.  All memory lives in the cohort's own context and is counted
 * against mentormatch.max_solver_memory before it is allocated.
 */
#ifndef MENTORMATCH_COHORT_H
#define MENTORMATCH_COHORT_H

#include "utils/memutils.h"

struct idmap_hash;

typedef struct Cohort
{
	MemoryContext cxt;			/* everything below lives here */
	Size		charged;		/* bytes counted against the limit */
	const char *what;			/* for errors: "assign", "match", ... */
	const char *query;			/* for errors: the candidates query, if any */
	const char *mentor_column;	/* for errors: its mentor column */

	/* rows: mentees */
	int32		nrows;
	int32		rows_cap;
	int64	   *row_id;
	struct idmap_hash *row_map;

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
	int32	   *edge_row;		/* NULL while grouped */
	int32	   *edge_col;
	double	   *edge_score;
	double	   *edge_score2;	/* a second number per edge, or NULL */
	bool		with_score2;
	int32		last_row;
	int64	   *row_count;		/* per row */

	/*
	 * After CohortLayout: row i's edges are row_start[i] .. row_start[i+1]-1,
	 * only those to mentors with seats; row_seatless[i] says whether it had
	 * a kept candidate whose mentor has none.
	 */
	int64	   *row_start;
	bool	   *row_seatless;
	int32	   *col;
	double	   *score;
	double	   *score2;
} Cohort;

extern Cohort *CohortCreate(const char *what, bool with_score2);
extern void CohortDestroy(Cohort *c);

/* Counts bytes against the limit (54000 past it); Alloc also allocates. */
extern void CohortCharge(Cohort *c, Size bytes);
extern void *CohortAlloc(Cohort *c, Size bytes);

/* The row (column) of an id, added if new. */
extern int32 CohortRow(Cohort *c, int64 id);
extern int32 CohortCol(Cohort *c, int64 id);

/* The column of an id, or -1 if it has none. */
extern int32 CohortFindCol(Cohort *c, int64 id);

extern void CohortAddEdge(Cohort *c, int32 row, int32 col, double score,
						  double score2);

/*
 * Room for about n edges in all, from an estimate; it is capped, so a wild
 * estimate costs nothing but a later grow.
 */
extern void CohortExpectEdges(Cohort *c, double n);

/* n edges of one row at once (cohorts without a second number). */
extern void CohortAddEdges(Cohort *c, int32 row, const int32 *cols,
						   const double *scores, int n);

/*
 * Lays the edges out by row.  A pair given twice is an error (22023) that
 * names the two ids and the query (errcontext from the caller).  Then edges
 * with keep(score) false are dropped; keep may be NULL.
 */
extern void CohortLayout(Cohort *c, const char *argname,
						 bool (*keep) (double score, void *arg), void *arg);

/* Row numbers sorted by mentee id, for output. */
extern int32 *CohortRowsById(Cohort *c);

#endif							/* MENTORMATCH_COHORT_H */
