/*
 * score.h
 *		Factor-by-factor compatibility of a mentor and a mentee, the
 *		weighted score, conflicts of interest and mismatch risk.
 *
 * Everything here works on decoded Persons (profile.h) and depends on its
 * arguments alone, so score(), explain(), risk() and match() agree exactly.
 */
#ifndef MENTORMATCH_SCORE_H
#define MENTORMATCH_SCORE_H

#include "utils/array.h"
#include "utils/jsonb.h"

#include "profile.h"

typedef enum Factor
{
	FACTOR_SKILLS,
	FACTOR_STYLE,
	FACTOR_STAGE,
	FACTOR_VALUES,
	FACTOR_AVAILABILITY,
	FACTOR_LOGISTICS,
	FACTOR_EXPECTATIONS,
	NUM_FACTORS
} Factor;

extern const char *const factor_names[NUM_FACTORS];
extern const double default_weights[NUM_FACTORS];

typedef struct FactorValues
{
	bool		known[NUM_FACTORS];
	double		value[NUM_FACTORS];
	/* the parts that risk reasons look at */
	bool		grade_known;
	int64		grade_gap;		/* mentor.grade - mentee.grade */
	bool		overlap_known;
	double		overlap;		/* shared working hours / 8 */
	bool		language_known;
	bool		language_shared;
} FactorValues;

extern void ComputeFactors(const Person *mentor, const Person *mentee,
						   FactorValues *out);

/*
 * Weighted mean of the known factors, weights renormalised over them.
 * Returns false when the known factors carry no weight (score NULL).
 * contribution[f] (optional) receives each factor's share; they add up to
 * the score exactly, because the score is their sum.
 */
extern bool WeightedScore(const FactorValues *f, const double *weights,
						  double *score, double *contribution);

/* Weights from jsonb (NULL: the defaults); errors are 22023. */
extern void ParseWeights(Jsonb *jb, double *weights);

/* Conflicts of interest, a bit per kind, in this (reporting) order. */
#define CONFLICT_SELF				0x01
#define CONFLICT_REPORTING_LINE		0x02
#define CONFLICT_SAME_TEAM			0x04
#define CONFLICT_SHARED_PROJECT		0x08
#define NUM_CONFLICTS				4
extern const char *const conflict_names[NUM_CONFLICTS];

extern int	ComputeConflicts(const Person *mentor, const Person *mentee);

/* Parses an exclude list (text[] of conflict names) into a mask; 22023. */
extern int	ParseConflictMask(ArrayType *names);

/* Mismatch risk; see risk.c for the rules and thresholds. */
typedef enum RiskLevel
{
	RISK_LOW,
	RISK_MODERATE,
	RISK_HIGH,
	RISK_CRITICAL,
	NUM_RISK_LEVELS
} RiskLevel;

extern const char *const risk_level_names[NUM_RISK_LEVELS];

#define NUM_RISK_REASONS 11
extern const char *const risk_reason_names[NUM_RISK_REASONS];
extern const char *const risk_reason_rules[NUM_RISK_REASONS];

typedef struct RiskResult
{
	RiskLevel	level;
	int			reasons;		/* bit i: risk_reason_names[i] */
	int			points;
} RiskResult;

extern RiskResult ComputeRisk(const Person *mentor, const Person *mentee,
							  const FactorValues *f, int conflicts,
							  bool score_known, double score);

/* The risk reasons each factor can raise (bits of risk_reason_names). */
extern const int factor_risk_reasons[NUM_FACTORS];

/* Per call site state in fn_extra, for the SQL functions. */
typedef struct CallCache
{
	bool		weights_valid;
	bool		weights_isnull;
	Size		weights_len;
	char	   *weights_bytes;	/* the jsonb the weights were parsed from */
	double		weights[NUM_FACTORS];
	Oid			level_oids[NUM_RISK_LEVELS];	/* 0 until looked up */
	TupleDesc	result_desc;	/* the composite result, blessed */

	/*
	 * The last mentor (side 0) and mentee (side 1) decoded, with the bytes
	 * they came from: in a cross join one side repeats row after row.  Both
	 * are interned in one dictionary that lives as long as the cache.
	 */
	MemoryContext pair_cxt;
	LabelDict  *dict;
	MemoryContext side_cxt[2];
	bool		side_valid[2];
	Size		side_len[2];
	char	   *side_bytes[2];
	Person		side[2];
} CallCache;

extern CallCache *GetCallCache(FunctionCallInfo fcinfo);

/* The function's composite result type, looked up once per call site. */
extern TupleDesc CachedResultDesc(FunctionCallInfo fcinfo);

/* The weights argument argno (NULL: defaults), parsed once per query. */
extern const double *CachedWeights(FunctionCallInfo fcinfo, int argno);

/* Decodes profile arguments 0 and 1. */
extern void DecodePair(FunctionCallInfo fcinfo, Person *mentor, Person *mentee);

/* The risk_level enum value of a level (enumtype: risk_level's OID). */
extern Datum RiskLevelDatum(FunctionCallInfo fcinfo, Oid enumtype,
							RiskLevel level);

/* A text[] of the names whose bits are set in mask. */
extern Datum NamesToTextArray(const char *const *names, int n, int mask);

#endif							/* MENTORMATCH_SCORE_H */
