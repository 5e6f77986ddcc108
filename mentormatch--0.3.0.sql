/* mentormatch--0.3.0.sql — install script */

\echo Use "CREATE EXTENSION mentormatch" to load this file. \quit

--------------------------------------------------------------------------
-- skillset
--------------------------------------------------------------------------

CREATE TYPE skillset;

CREATE FUNCTION skillset_in(cstring) RETURNS skillset
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_out(skillset) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_recv(internal) RETURNS skillset
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_send(skillset) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE skillset (
	INPUT = skillset_in,
	OUTPUT = skillset_out,
	RECEIVE = skillset_recv,
	SEND = skillset_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON FUNCTION skillset_in(cstring) IS 'skillset text input';
COMMENT ON FUNCTION skillset_out(skillset) IS 'skillset text output';
COMMENT ON FUNCTION skillset_recv(internal) IS 'skillset binary input';
COMMENT ON FUNCTION skillset_send(skillset) IS 'skillset binary output';
COMMENT ON TYPE skillset IS
	'set of hierarchical skills (data.ml.nlp) with levels 1..5, written ''data.ml:4, backend.java:5''';

CREATE FUNCTION skillset(skills text[], levels int[]) RETURNS skillset
	AS 'MODULE_PATHNAME', 'skillset_from_arrays'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION skillset(text[], int[]) IS
	'skillset from parallel arrays of skill paths and levels';

CREATE FUNCTION skillset_from_jsonb(jsonb) RETURNS skillset
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION skillset_from_jsonb(jsonb) IS
	'skillset from a jsonb object {"skill": level}; the jsonb -> skillset cast';
CREATE FUNCTION skillset_to_jsonb(skillset) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION skillset_to_jsonb(skillset) IS
	'skillset as a jsonb object {"skill": level}; the skillset -> jsonb cast';
CREATE CAST (jsonb AS skillset) WITH FUNCTION skillset_from_jsonb(jsonb);
CREATE CAST (skillset AS jsonb) WITH FUNCTION skillset_to_jsonb(skillset);

CREATE FUNCTION skills(skillset, OUT skill text, OUT level int) RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'skillset_skills'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION skills(skillset) IS
	'one row per skill of the set: (skill, level), in skill order';

CREATE FUNCTION coverage(offered skillset, wanted skillset) RETURNS float8
	AS 'MODULE_PATHNAME', 'skillset_coverage'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION coverage(skillset, skillset) IS
	'how well offered skills meet wanted skills at their target levels, in [0,1]; NULL when nothing is wanted';

-- comparison, for btree and hash opclasses
CREATE FUNCTION skillset_cmp(skillset, skillset) RETURNS int
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_lt(skillset, skillset) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_le(skillset, skillset) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_eq(skillset, skillset) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_ne(skillset, skillset) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_ge(skillset, skillset) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_gt(skillset, skillset) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_hash(skillset) RETURNS int
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_hash_extended(skillset, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_overlaps(skillset, skillset) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_contains(skillset, skillset) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_contained(skillset, skillset) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION skillset_cmp(skillset, skillset) IS 'btree comparison of skillsets';
COMMENT ON FUNCTION skillset_lt(skillset, skillset) IS 'implementation of < for skillset';
COMMENT ON FUNCTION skillset_le(skillset, skillset) IS 'implementation of <= for skillset';
COMMENT ON FUNCTION skillset_eq(skillset, skillset) IS 'implementation of = for skillset';
COMMENT ON FUNCTION skillset_ne(skillset, skillset) IS 'implementation of <> for skillset';
COMMENT ON FUNCTION skillset_ge(skillset, skillset) IS 'implementation of >= for skillset';
COMMENT ON FUNCTION skillset_gt(skillset, skillset) IS 'implementation of > for skillset';
COMMENT ON FUNCTION skillset_hash(skillset) IS 'hash of a skillset';
COMMENT ON FUNCTION skillset_hash_extended(skillset, bigint) IS 'seeded 64-bit hash of a skillset';
COMMENT ON FUNCTION skillset_overlaps(skillset, skillset) IS 'implementation of && (share a skill) for skillset';
COMMENT ON FUNCTION skillset_contains(skillset, skillset) IS 'implementation of @> (contains every skill, levels ignored) for skillset';
COMMENT ON FUNCTION skillset_contained(skillset, skillset) IS 'implementation of <@ (every skill contained in, levels ignored) for skillset';

CREATE OPERATOR < (LEFTARG = skillset, RIGHTARG = skillset, FUNCTION = skillset_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = skillset, RIGHTARG = skillset, FUNCTION = skillset_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR = (LEFTARG = skillset, RIGHTARG = skillset, FUNCTION = skillset_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = skillset, RIGHTARG = skillset, FUNCTION = skillset_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR >= (LEFTARG = skillset, RIGHTARG = skillset, FUNCTION = skillset_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR > (LEFTARG = skillset, RIGHTARG = skillset, FUNCTION = skillset_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR && (LEFTARG = skillset, RIGHTARG = skillset, FUNCTION = skillset_overlaps,
	COMMUTATOR = &&, RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @> (LEFTARG = skillset, RIGHTARG = skillset, FUNCTION = skillset_contains,
	COMMUTATOR = <@, RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR <@ (LEFTARG = skillset, RIGHTARG = skillset, FUNCTION = skillset_contained,
	COMMUTATOR = @>, RESTRICT = contsel, JOIN = contjoinsel);

CREATE OPERATOR CLASS skillset_ops DEFAULT FOR TYPE skillset USING btree AS
	OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
	FUNCTION 1 skillset_cmp(skillset, skillset);
CREATE OPERATOR CLASS skillset_hash_ops DEFAULT FOR TYPE skillset USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 skillset_hash(skillset),
	FUNCTION 2 skillset_hash_extended(skillset, bigint);

-- GIN: an index on a skillset column serves &&, @> and <@ (levels ignored)
CREATE FUNCTION skillset_gin_extract_value(skillset, internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_gin_extract_query(skillset, internal, int2, internal, internal, internal, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_gin_consistent(internal, int2, skillset, int4, internal, internal, internal, internal)
	RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_gin_triconsistent(internal, int2, skillset, int4, internal, internal, internal)
	RETURNS "char"
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION skillset_gin_extract_value(skillset, internal, internal) IS
	'GIN support: the skill paths of a value, as text';
COMMENT ON FUNCTION skillset_gin_extract_query(skillset, internal, int2, internal, internal, internal, internal) IS
	'GIN support: the skill paths a query for &&, @> or <@ looks for';
COMMENT ON FUNCTION skillset_gin_consistent(internal, int2, skillset, int4, internal, internal, internal, internal) IS
	'GIN support: whether a row can match, from the paths it has';
COMMENT ON FUNCTION skillset_gin_triconsistent(internal, int2, skillset, int4, internal, internal, internal) IS
	'GIN support: whether a row can match, from paths it has, lacks or may have';
CREATE OPERATOR CLASS skillset_gin_ops DEFAULT FOR TYPE skillset USING gin AS
	OPERATOR 1 &&,
	OPERATOR 2 @>,
	OPERATOR 3 <@,
	FUNCTION 1 bttext_pattern_cmp(text, text),
	FUNCTION 2 skillset_gin_extract_value(skillset, internal, internal),
	FUNCTION 3 skillset_gin_extract_query(skillset, internal, int2, internal, internal, internal, internal),
	FUNCTION 4 skillset_gin_consistent(internal, int2, skillset, int4, internal, internal, internal, internal),
	FUNCTION 6 skillset_gin_triconsistent(internal, int2, skillset, int4, internal, internal, internal),
	STORAGE text;

-- skillset_agg(skill, level): normalised HR rows into one value
CREATE FUNCTION skillset_agg_transfn(internal, text, int) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION skillset_agg_combinefn(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION skillset_agg_finalfn(internal) RETURNS skillset
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION skillset_agg_serialfn(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION skillset_agg_deserialfn(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION skillset_agg_transfn(internal, text, int) IS 'skillset_agg transition';
COMMENT ON FUNCTION skillset_agg_combinefn(internal, internal) IS 'skillset_agg combine';
COMMENT ON FUNCTION skillset_agg_finalfn(internal) IS 'skillset_agg final';
COMMENT ON FUNCTION skillset_agg_serialfn(internal) IS 'skillset_agg serialise';
COMMENT ON FUNCTION skillset_agg_deserialfn(bytea, internal) IS 'skillset_agg deserialise';

CREATE AGGREGATE skillset_agg(skill text, level int) (
	SFUNC = skillset_agg_transfn,
	STYPE = internal,
	FINALFUNC = skillset_agg_finalfn,
	COMBINEFUNC = skillset_agg_combinefn,
	SERIALFUNC = skillset_agg_serialfn,
	DESERIALFUNC = skillset_agg_deserialfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE skillset_agg(text, int) IS
	'skills of the group as a skillset: the highest level of a repeated skill; NULL skills or levels ignored; the empty set over no rows';

--------------------------------------------------------------------------
-- workstyle
--------------------------------------------------------------------------

CREATE TYPE workstyle;

CREATE FUNCTION workstyle_in(cstring) RETURNS workstyle
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_out(workstyle) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_recv(internal) RETURNS workstyle
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_send(workstyle) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE workstyle (
	INPUT = workstyle_in,
	OUTPUT = workstyle_out,
	RECEIVE = workstyle_recv,
	SEND = workstyle_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON FUNCTION workstyle_in(cstring) IS 'workstyle text input';
COMMENT ON FUNCTION workstyle_out(workstyle) IS 'workstyle text output';
COMMENT ON FUNCTION workstyle_recv(internal) IS 'workstyle binary input';
COMMENT ON FUNCTION workstyle_send(workstyle) IS 'workstyle binary output';
COMMENT ON TYPE workstyle IS
	'named working-style dimensions, each in [0,1], written ''social=0.2, scope=0.8''';

CREATE FUNCTION workstyle(dimensions text[], "values" float8[]) RETURNS workstyle
	AS 'MODULE_PATHNAME', 'workstyle_from_arrays'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION workstyle(text[], float8[]) IS
	'workstyle from parallel arrays of dimension names and values';

CREATE FUNCTION workstyle_from_jsonb(jsonb) RETURNS workstyle
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION workstyle_from_jsonb(jsonb) IS
	'workstyle from a jsonb object {"dimension": value}; the jsonb -> workstyle cast';
CREATE FUNCTION workstyle_to_jsonb(workstyle) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION workstyle_to_jsonb(workstyle) IS
	'workstyle as a jsonb object {"dimension": value}; the workstyle -> jsonb cast';
CREATE CAST (jsonb AS workstyle) WITH FUNCTION workstyle_from_jsonb(jsonb);
CREATE CAST (workstyle AS jsonb) WITH FUNCTION workstyle_to_jsonb(workstyle);

CREATE FUNCTION style_fit(a workstyle, b workstyle) RETURNS float8
	AS 'MODULE_PATHNAME', 'workstyle_style_fit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION style_fit(workstyle, workstyle) IS
	'1 - mean absolute difference over the dimensions both have, in [0,1]; NULL when they share none';

CREATE FUNCTION workstyle_cmp(workstyle, workstyle) RETURNS int
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_lt(workstyle, workstyle) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_le(workstyle, workstyle) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_eq(workstyle, workstyle) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_ne(workstyle, workstyle) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_ge(workstyle, workstyle) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_gt(workstyle, workstyle) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_hash(workstyle) RETURNS int
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION workstyle_hash_extended(workstyle, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION workstyle_cmp(workstyle, workstyle) IS 'btree comparison of workstyles';
COMMENT ON FUNCTION workstyle_lt(workstyle, workstyle) IS 'implementation of < for workstyle';
COMMENT ON FUNCTION workstyle_le(workstyle, workstyle) IS 'implementation of <= for workstyle';
COMMENT ON FUNCTION workstyle_eq(workstyle, workstyle) IS 'implementation of = for workstyle';
COMMENT ON FUNCTION workstyle_ne(workstyle, workstyle) IS 'implementation of <> for workstyle';
COMMENT ON FUNCTION workstyle_ge(workstyle, workstyle) IS 'implementation of >= for workstyle';
COMMENT ON FUNCTION workstyle_gt(workstyle, workstyle) IS 'implementation of > for workstyle';
COMMENT ON FUNCTION workstyle_hash(workstyle) IS 'hash of a workstyle';
COMMENT ON FUNCTION workstyle_hash_extended(workstyle, bigint) IS 'seeded 64-bit hash of a workstyle';

CREATE OPERATOR < (LEFTARG = workstyle, RIGHTARG = workstyle, FUNCTION = workstyle_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = workstyle, RIGHTARG = workstyle, FUNCTION = workstyle_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR = (LEFTARG = workstyle, RIGHTARG = workstyle, FUNCTION = workstyle_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = workstyle, RIGHTARG = workstyle, FUNCTION = workstyle_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR >= (LEFTARG = workstyle, RIGHTARG = workstyle, FUNCTION = workstyle_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR > (LEFTARG = workstyle, RIGHTARG = workstyle, FUNCTION = workstyle_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);

CREATE OPERATOR CLASS workstyle_ops DEFAULT FOR TYPE workstyle USING btree AS
	OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
	FUNCTION 1 workstyle_cmp(workstyle, workstyle);
CREATE OPERATOR CLASS workstyle_hash_ops DEFAULT FOR TYPE workstyle USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 workstyle_hash(workstyle),
	FUNCTION 2 workstyle_hash_extended(workstyle, bigint);

--------------------------------------------------------------------------
-- profile
--------------------------------------------------------------------------

CREATE TYPE profile AS (
	id bigint,
	skills skillset,
	goals skillset,
	style workstyle,
	grade int,
	hours_per_month real,
	utc_offset int,
	languages text[],
	core_values text[],
	support text[],
	manager_chain bigint[],
	projects text[],
	trained boolean,
	tags text[]
);
COMMENT ON TYPE profile IS
	'one person, as mentor or mentee: skills known, goals wanted (level = target), style, grade, hours per month, UTC offset in minutes, languages, core values, support offered or wanted, managers top down, projects, trained, tags key:value';

CREATE FUNCTION profile(
	id bigint DEFAULT NULL,
	skills skillset DEFAULT NULL,
	goals skillset DEFAULT NULL,
	style workstyle DEFAULT NULL,
	grade int DEFAULT NULL,
	hours_per_month real DEFAULT NULL,
	utc_offset int DEFAULT NULL,
	languages text[] DEFAULT NULL,
	core_values text[] DEFAULT NULL,
	support text[] DEFAULT NULL,
	manager_chain bigint[] DEFAULT NULL,
	projects text[] DEFAULT NULL,
	trained boolean DEFAULT NULL,
	tags text[] DEFAULT NULL
) RETURNS profile
	AS 'MODULE_PATHNAME', 'mentormatch_profile'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION profile(bigint, skillset, skillset, workstyle, int, real, int,
	text[], text[], text[], bigint[], text[], boolean, text[]) IS
	'profile constructor with named arguments, each defaulting to NULL; checks them (tags key:value, hours zero or more, utc_offset -720..840 minutes) as scoring would';

--------------------------------------------------------------------------
-- scoring
--------------------------------------------------------------------------

CREATE TYPE factor_scores AS (
	skills float8,
	style float8,
	stage float8,
	"values" float8,
	availability float8,
	logistics float8,
	expectations float8
);
COMMENT ON TYPE factor_scores IS
	'compatibility factor by factor, each in [0,1] or NULL when an input is missing';

CREATE FUNCTION factors(mentor profile, mentee profile) RETURNS factor_scores
	AS 'MODULE_PATHNAME', 'mentormatch_factors'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION factors(profile, profile) IS
	'compatibility of a mentor and a mentee, factor by factor';

CREATE FUNCTION default_weights() RETURNS jsonb
	AS 'MODULE_PATHNAME', 'mentormatch_default_weights'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION default_weights() IS
	'the factor weights score() uses when none are given';

CREATE FUNCTION score(mentor profile, mentee profile, weights jsonb DEFAULT NULL)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'mentormatch_score'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION score(profile, profile, jsonb) IS
	'weighted mean of the factors in [0,1], an unknown factor counting as the weights key unknown (0.5 by default; null: weights renormalised over the known factors); NULL when no weighted factor is known; NULL weights mean default_weights()';

CREATE FUNCTION conflicts(mentor profile, mentee profile) RETURNS text[]
	AS 'MODULE_PATHNAME', 'mentormatch_conflicts'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION conflicts(profile, profile) IS
	'conflicts of interest, hard rules: self, reporting_line, same_team, shared_project';

CREATE FUNCTION explain(mentor profile, mentee profile, weights jsonb DEFAULT NULL,
						model jsonb DEFAULT NULL)
	RETURNS jsonb
	AS 'MODULE_PATHNAME', 'mentormatch_explain'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION explain(profile, profile, jsonb, jsonb) IS
	'score, the share of the weight on known factors, each factor''s value, whether known, the value used, weight and contribution, conflicts and risk, as jsonb; with a learned model also its probability and each feature''s contribution to the log-odds';

--------------------------------------------------------------------------
-- risk
--------------------------------------------------------------------------

CREATE TYPE risk_level AS ENUM ('low', 'moderate', 'high', 'critical');
COMMENT ON TYPE risk_level IS 'mismatch risk of a pair, sorting by severity';

CREATE TYPE risk_assessment AS (
	level risk_level,
	reasons text[],
	score float8
);
COMMENT ON TYPE risk_assessment IS 'risk level, its reasons and the pair''s score';

CREATE FUNCTION risk(mentor profile, mentee profile, weights jsonb DEFAULT NULL,
					 model jsonb DEFAULT NULL)
	RETURNS risk_assessment
	AS 'MODULE_PATHNAME', 'mentormatch_risk'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION risk(profile, profile, jsonb, jsonb) IS
	'mismatch risk of a proposed pair from the two profiles: level by the rules'' points (critical: a conflict or 8 points or more; high: 6 or 7; moderate: 4 or 5, or no score; low otherwise), reasons (missing_data when under half of the weight is known), score; with a learned model the level follows its probability of success';

--------------------------------------------------------------------------
-- learning from outcomes: learn(), success_probability(), evaluate()
--------------------------------------------------------------------------

-- learn and evaluate keep the rows they see until their final function:
-- one combine, serialise and deserialise function serves both
CREATE FUNCTION aggrows_combinefn(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION aggrows_serialfn(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aggrows_deserialfn(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aggrows_combinefn(internal, internal) IS 'learn and evaluate combine: the rows of both states';
COMMENT ON FUNCTION aggrows_serialfn(internal) IS 'learn and evaluate serialise';
COMMENT ON FUNCTION aggrows_deserialfn(bytea, internal) IS 'learn and evaluate deserialise';

CREATE FUNCTION learn_transfn(internal, profile, profile, boolean) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION learn_finalfn(internal) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn_transfn(internal, profile, profile, boolean) IS 'learn transition';
COMMENT ON FUNCTION learn_finalfn(internal) IS 'learn final: the fit';

CREATE AGGREGATE learn(mentor profile, mentee profile, succeeded boolean) (
	SFUNC = learn_transfn,
	STYPE = internal,
	FINALFUNC = learn_finalfn,
	COMBINEFUNC = aggrows_combinefn,
	SERIALFUNC = aggrows_serialfn,
	DESERIALFUNC = aggrows_deserialfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn(profile, profile, boolean) IS
	'a regularised logistic model of success learned from past pairs and their outcomes (NULL outcomes ignored), as readable jsonb with coefficients per feature and score() weights';

CREATE FUNCTION success_probability(mentor profile, mentee profile, model jsonb)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'mentormatch_success_probability'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION success_probability(profile, profile, jsonb) IS
	'probability in (0,1) that the pair succeeds, by a model learn() made';

CREATE FUNCTION evaluate_transfn(internal, float8, boolean) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION evaluate_finalfn(internal) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION evaluate_transfn(internal, float8, boolean) IS 'evaluate transition';
COMMENT ON FUNCTION evaluate_finalfn(internal) IS 'evaluate final';

CREATE AGGREGATE evaluate(predicted float8, succeeded boolean) (
	SFUNC = evaluate_transfn,
	STYPE = internal,
	FINALFUNC = evaluate_finalfn,
	COMBINEFUNC = aggrows_combinefn,
	SERIALFUNC = aggrows_serialfn,
	DESERIALFUNC = aggrows_deserialfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE evaluate(float8, boolean) IS
	'how well a predictor (a probability, a score, a rank) tells pairs that succeeded from those that did not: pairs, successes, auc (ties half), probabilities (every prediction in [0,1]), brier and log_loss (NULL unless probabilities), calibration by deciles';

--------------------------------------------------------------------------
-- matching: inner queries (SQL text, columns found by name), caller's rights
--------------------------------------------------------------------------

CREATE FUNCTION assign(
	candidates text,
	capacities text DEFAULT NULL,
	objective text DEFAULT 'coverage',
	min_score float8 DEFAULT NULL,
	keep text DEFAULT NULL,
	forbid text DEFAULT NULL,
	priorities text DEFAULT NULL,
	groups text DEFAULT NULL)
RETURNS TABLE (mentee_id bigint, mentor_id bigint, score float8, reason text)
	AS 'MODULE_PATHNAME', 'mentormatch_assign'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION assign(text, text, text, float8, text, text, text, text) IS
	'optimal assignment of mentees to mentors within capacities, around the kept pairs and without the forbidden ones, higher priorities first (priorities (mentee_id, priority), default 0: no mentee left out for one of a lower priority); objective coverage, total, fair or parity (the highest lowest matched rate over the groups of groups (mentee_id, group), a NULL group is unknown, then the most matched, then the highest total); candidates (mentee_id, mentor_id, score) or (mentee_id, mentor_ids[], scores[]); one row per mentee, reason kept, or no_candidate, excluded or capacity when unmatched';

CREATE FUNCTION match(
	mentees text,
	mentors text,
	weights jsonb DEFAULT NULL,
	objective text DEFAULT 'coverage',
	min_score float8 DEFAULT NULL,
	exclude text[] DEFAULT '{self,reporting_line,same_team,shared_project}',
	model jsonb DEFAULT NULL,
	keep text DEFAULT NULL,
	forbid text DEFAULT NULL,
	rules text[] DEFAULT NULL)
RETURNS TABLE (mentee_id bigint, mentor_id bigint, score float8, risk risk_level,
			   reasons text[], reason text)
	AS 'MODULE_PATHNAME', 'mentormatch_match'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION match(text, text, jsonb, text, float8, text[], jsonb, text, text, text[]) IS
	'scores every mentee (id, profile[, priority][, group with objective parity]) against every mentor (id, profile[, capacity]) in C (with a learned model: its probability of success), keeps the kept pairs, never proposes a forbidden pair, an excluded conflict or a pair breaking a rule (shared_language, max_hours_apart=N, same:<key>, different:<key>, min:<factor>=x), then assigns the rest optimally (objective coverage, total, fair, or parity: the highest lowest matched rate over the mentees'' groups, then the most matched, then the highest total), higher priorities first (no mentee left out for one of a lower priority; default 0); reasons: a pair''s risk reasons and the rules a kept pair breaks, or what removed an unmatched mentee''s candidates; reason kept, or no_candidate, conflict, excluded or capacity when unmatched';

CREATE FUNCTION stable_match(
	candidates text,
	capacities text DEFAULT NULL,
	optimal text DEFAULT 'mentee')
RETURNS TABLE (mentee_id bigint, mentor_id bigint, reason text)
	AS 'MODULE_PATHNAME', 'mentormatch_stable_match'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION stable_match(text, text, text) IS
	'stable matching by deferred acceptance with mentor capacities; candidates (mentee_id, mentor_id, mentee_pref, mentor_pref), higher preferred, ties by lower id; optimal mentee or mentor';

CREATE FUNCTION recommend(
	mentees text,
	mentors text,
	k int DEFAULT 5,
	weights jsonb DEFAULT NULL,
	exclude text[] DEFAULT '{self,reporting_line,same_team,shared_project}',
	model jsonb DEFAULT NULL,
	keep text DEFAULT NULL,
	forbid text DEFAULT NULL,
	rules text[] DEFAULT NULL,
	exposure float8 DEFAULT NULL)
RETURNS TABLE (mentee_id bigint, rank int, mentor_id bigint, score float8)
	AS 'MODULE_PATHNAME', 'mentormatch_recommend'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION recommend(text, text, int, jsonb, text[], jsonb, text, text, text[], float8) IS
	'each mentee''s top k eligible mentors with free capacity (kept pairs take seats), best first (with a learned model: by probability of success), ties by lower mentor id; never a forbidden pair, an excluded conflict or a pair breaking a rule; with exposure, no mentor in more lists than ceil(exposure x its free seats), the lists having the highest total score';

--------------------------------------------------------------------------
-- relationship health: the health(met_at, rating, started_at, as_of) aggregate
--------------------------------------------------------------------------

CREATE TYPE health_status AS ENUM ('not_started', 'healthy', 'cooling', 'at_risk', 'stalled');
COMMENT ON TYPE health_status IS 'how a running pair is doing, sorting by severity';

CREATE TYPE relationship_health AS (
	status health_status,
	reasons text[],
	meetings int,
	last_met timestamptz,
	days_since_last float8,
	typical_gap_days float8,
	rating_mean float8,
	rating_trend float8,
	days_running float8
);
COMMENT ON TYPE relationship_health IS
	'status and reasons of a running pair, with its meeting count, last meeting, days since, typical gap, mean rating, rating change per 30 days and days running (as_of - started_at)';

CREATE FUNCTION health_transfn(internal, timestamptz, real, timestamptz, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION health_combinefn(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION health_serialfn(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION health_deserialfn(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION health_finalfn(internal) RETURNS relationship_health
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION health_transfn(internal, timestamptz, real, timestamptz, timestamptz) IS 'health transition';
COMMENT ON FUNCTION health_combinefn(internal, internal) IS 'health combine';
COMMENT ON FUNCTION health_serialfn(internal) IS 'health serialise';
COMMENT ON FUNCTION health_deserialfn(bytea, internal) IS 'health deserialise';
COMMENT ON FUNCTION health_finalfn(internal) IS 'health final';

CREATE AGGREGATE health(met_at timestamptz, rating real, started_at timestamptz, as_of timestamptz) (
	SFUNC = health_transfn,
	STYPE = internal,
	FINALFUNC = health_finalfn,
	COMBINEFUNC = health_combinefn,
	SERIALFUNC = health_serialfn,
	DESERIALFUNC = health_deserialfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE health(timestamptz, real, timestamptz, timestamptz) IS
	'health of a running pair from its check-ins (met_at, rating 1..5 or NULL) as of a given time; check-ins less than 24 hours after the start of a meeting are that meeting, rated the mean of their ratings; rows before started_at or after as_of are ignored; NULL met_at (no check-ins) allowed';

--------------------------------------------------------------------------
-- monitoring that learns: a model that also sees a running pair's health
--------------------------------------------------------------------------

CREATE FUNCTION learn_transfn(internal, profile, profile, boolean, relationship_health) RETURNS internal
	AS 'MODULE_PATHNAME', 'learn_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn_transfn(internal, profile, profile, boolean, relationship_health) IS
	'learn transition, with health';

CREATE AGGREGATE learn(mentor profile, mentee profile, succeeded boolean, health relationship_health) (
	SFUNC = learn_transfn,
	STYPE = internal,
	FINALFUNC = learn_finalfn,
	COMBINEFUNC = aggrows_combinefn,
	SERIALFUNC = aggrows_serialfn,
	DESERIALFUNC = aggrows_deserialfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn(profile, profile, boolean, relationship_health) IS
	'learn() that also sees each pair''s health at some point of its life (health() as of day 60, say): a model "health": true, which predicts running pairs with success_probability(mentor, mentee, model, health) and interventions()';

CREATE FUNCTION success_probability(mentor profile, mentee profile, model jsonb, health relationship_health)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'mentormatch_success_probability'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION success_probability(profile, profile, jsonb, relationship_health) IS
	'probability in (0,1) that a running pair succeeds, from the profiles and its health, by a model learn() made; a model learned with health needs a health, one learned without ignores it; NULL when a profile or the model is NULL';

CREATE FUNCTION interventions(
	running text,
	mentees text,
	mentors text,
	model jsonb,
	as_of timestamptz,
	forbid text DEFAULT NULL,
	rules text[] DEFAULT NULL,
	exclude text[] DEFAULT '{self,reporting_line,same_team,shared_project}')
RETURNS TABLE (mentee_id bigint, mentor_id bigint, action text, new_mentor_id bigint,
			   probability float8, probability_after float8, gain float8, reasons text[])
	AS 'MODULE_PATHNAME', 'mentormatch_interventions'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION interventions(text, text, text, jsonb, timestamptz, text, text[], text[]) IS
	'for each running pair (mentee_id, mentor_id, health) what to do next: none, nudge, train, rematch (to new_mentor_id) or close, with the model''s probability before and after and the gain; rematches are one optimal assignment of the seats free and freed, highest gain first';

--------------------------------------------------------------------------
-- fairness: the impact-ratio audit
--------------------------------------------------------------------------

CREATE FUNCTION audit(rows text, min_share float8 DEFAULT 0.02, threshold float8 DEFAULT 0.8)
RETURNS TABLE (category text, n bigint, selected bigint, selection_rate float8,
			   impact_ratio float8, scoring_rate float8, scoring_impact_ratio float8,
			   p_value float8, excluded boolean, adverse boolean)
	AS 'MODULE_PATHNAME', 'mentormatch_audit'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION audit(text, float8, float8) IS
	'impact-ratio audit of a selection: rows gives (category text, selected boolean[, score]), one row per person (a NULL category is unknown); per category its rows, selected, selection rate, impact ratio against the highest rate among categories with at least min_share of the rows, scoring rate (share scoring above the median of all scores) and its ratio, the two-sided Fisher exact p-value against everyone else, excluded (under min_share) and adverse (a ratio below threshold, not excluded); in the byte order of category';

--------------------------------------------------------------------------
-- group mentoring: peer_fit, peer_circles, circles
--------------------------------------------------------------------------

CREATE FUNCTION peer_fit(a profile, b profile) RETURNS float8
	AS 'MODULE_PATHNAME', 'mentormatch_peer_fit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION peer_fit(profile, profile) IS
	'how well two people learn together as peers, in [0,1]: the weighted mean of the known parts goals (goals in common), exchange (each one''s skills for the other''s goals), logistics (working hours shared, a shared language) and style; symmetric; NULL when no part is known';

CREATE FUNCTION peer_fit(a profile, b profile, weights jsonb) RETURNS float8
	AS 'MODULE_PATHNAME', 'mentormatch_peer_fit'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION peer_fit(profile, profile, jsonb) IS
	'peer_fit(a, b) with the weights of its parts (goals, exchange, logistics, style; a missing key keeps its default, NULL weights are the defaults), as peer_circles(weights => ...) uses them';

CREATE FUNCTION peer_circles(
	people text,
	size int DEFAULT 5,
	weights jsonb DEFAULT NULL,
	forbid text DEFAULT NULL,
	rules text[] DEFAULT NULL)
RETURNS TABLE (circle int, person_id bigint, fit float8)
	AS 'MODULE_PATHNAME', 'mentormatch_peer_circles'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION peer_circles(text, int, jsonb, text, text[]) IS
	'everyone of people (id, profile) into circles of about size (sizes differing by one at most, never under 2), the total peer_fit within circles highest (exact up to 14 people, else a search whose gap to an upper bound is reported at DEBUG1); no forbidden pair (person_id, other_id) and no pair breaking a rule shares a circle; circles numbered 1.. by their smallest member id; fit: the person''s mean peer_fit in its circle';

--------------------------------------------------------------------------
-- group mentoring: circles led by mentors
--------------------------------------------------------------------------

CREATE FUNCTION circles(
	mentees text,
	mentors text,
	min_size int DEFAULT 3,
	max_size int DEFAULT 6,
	cohesion float8 DEFAULT 0.5,
	weights jsonb DEFAULT NULL,
	exclude text[] DEFAULT '{self,reporting_line,same_team,shared_project}',
	forbid text DEFAULT NULL,
	rules text[] DEFAULT NULL)
RETURNS TABLE (mentor_id bigint, mentee_id bigint, score float8, cohesion float8, reason text)
	AS 'MODULE_PATHNAME', 'mentormatch_circles'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION circles(text, text, int, int, float8, jsonb, text[], text, text[]) IS
	'each mentor (id, profile[, capacity]) leads at most one circle of min_size..max_size mentees (id, profile; its capacity lowers the maximum), the total of the mentor-mentee scores (as match scores them) plus cohesion times each member''s mean peer_fit in its circle highest (exact on small rounds, else a search from pairs first whose gap to an upper bound is reported at DEBUG1); conflicts, forbidden pairs (mentee_id, mentor_id) and rules hold between the mentor and every member, shared_language and max_hours_apart between members too; cohesion: the mentee''s mean peer fit in its circle; unmatched mentees have a NULL mentor and match''s reason';
