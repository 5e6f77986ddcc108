/*
 * mentor_blocks.h
 *		Mentors in blocks of similar ones, and an upper bound on what any
 *		mentor of a block can score with a mentee: what lets recommend()
 *		skip the blocks that cannot beat a mentee's picks.
 *
 * Mentors with seats are sorted by what they fill in (which factors their
 * profile makes known), then by skills, grade and hours, and cut into
 * blocks of at most BLOCK_COLS with one such presence each.  A block keeps
 * per factor what bounds its mentors' values: the union of its name sets
 * (masks, or signatures, scoring/cohort_scoring.h), its range of grades and of
 * UTC offsets, its most hours.  With the skills factor's bound per block from
 * the caller (the best credit in the block per wanted skill, averaged as
 * SkillCoverage averages), the bound is WeightTableScore over the factors'
 * bounds for the block's known factors (style, which a pair may or may not
 * share, both ways).  Every formula of scoring/factors.h is monotone in the
 * parts bounded and the weighted sum is taken in the same order, so the bound
 * holds to the bit: no pair of the block scores above it.
 */
#ifndef MENTORMATCH_MENTOR_BLOCKS_H
#define MENTORMATCH_MENTOR_BLOCKS_H

#include "scoring/cohort_scoring.h"
#include "scoring/factors.h"

/* The most mentors in a block. */
#define BLOCK_COLS	16

/* What a mentor fills in that decides which factors of a pair are known. */
#define BP_SKILLS		0x01
#define BP_STYLE		0x02
#define BP_GRADE		0x04
#define BP_HOURS		0x08
#define BP_OFFSET		0x10
#define BP_LANGUAGES	0x20	/* some */
#define BP_VALUES		0x40	/* some */
#define BP_SUPPORT		0x80	/* not NULL */

typedef struct ColumnBlock
{
	int32		start;			/* its mentors: ColumnBlocks.cols[start ..] */
	int32		end;
	uint8		presence;		/* BP_*, the same for all of them */
	uint64		sets[NUM_KERNEL_SETS];	/* union of the sets' bits */
	double		hours_max;
	int32		grade_min;
	int32		grade_max;
	int32		offset_min;
	int32		offset_max;
} ColumnBlock;

typedef struct ColumnBlocks
{
	int32		nblocks;		/* 0: none (too few mentors) */
	ColumnBlock *block;
	int32	   *cols;			/* mentors with seats, block by block */
	int32	   *block_of;		/* per mentor; -1: without seats */
} ColumnBlocks;

/* The bytes ColumnBlocksInit lays out for ncols mentors. */
extern Size ColumnBlocksBytes(int32 ncols);

/*
 * Blocks of the mentors with seats (capacity > 0) of kernel k, into memory
 * (ColumnBlocksBytes); none when fewer than min_cols have seats.
 */
extern void ColumnBlocksInit(ColumnBlocks *b, const ScoreKernel *k,
							 int32 ncols, const int32 *capacity,
							 int32 min_cols, void *memory);

/*
 * ub[x] for every block x: no mentor of block x scores above it with
 * mentee i (-INFINITY: none has a score).  coverage[x] bounds the skills
 * factor of the block's mentors (NULL: 1).
 */
extern void ColumnBlocksBound(const ColumnBlocks *b, const ScoreKernel *k,
							  const WeightTable *t, int32 i,
							  const double *coverage, double *ub);

#endif							/* MENTORMATCH_MENTOR_BLOCKS_H */
