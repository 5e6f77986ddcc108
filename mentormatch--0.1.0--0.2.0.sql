/* mentormatch--0.1.0--0.2.0.sql — update from 0.1.0 */

\echo Use "ALTER EXTENSION mentormatch UPDATE TO '0.2.0'" to load this file. \quit

-- health(): check-ins within 24 hours of a meeting's start are that
-- meeting; rows before started_at are ignored
COMMENT ON AGGREGATE health(timestamptz, real, timestamptz, timestamptz) IS
	'health of a running pair from its check-ins (met_at, rating 1..5 or NULL) as of a given time; check-ins less than 24 hours after the start of a meeting are that meeting, rated the mean of their ratings; rows before started_at or after as_of are ignored; NULL met_at (no check-ins) allowed';

-- Honest about missing data: an unknown factor counts as a neutral prior
-- (weights key "unknown"); risk reason missing_data
COMMENT ON FUNCTION score(profile, profile, jsonb) IS
	'weighted mean of the factors in [0,1], an unknown factor counting as the weights key unknown (0.5 by default; null: weights renormalised over the known factors); NULL when no weighted factor is known; NULL weights mean default_weights()';

-- Learning from outcomes.  risk, explain, match and recommend gain a
-- trailing model argument: dropped and created again (a view that calls one
-- of them must be dropped before the update and created again after).

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
	'how well a predictor (a probability, a score, a rank) tells pairs that succeeded from those that did not: pairs, successes, auc (ties half), brier, log_loss, calibration by deciles';

DROP FUNCTION risk(profile, profile, jsonb);
CREATE FUNCTION risk(mentor profile, mentee profile, weights jsonb DEFAULT NULL,
					 model jsonb DEFAULT NULL)
	RETURNS risk_assessment
	AS 'MODULE_PATHNAME', 'mentormatch_risk'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION risk(profile, profile, jsonb, jsonb) IS
	'mismatch risk of a proposed pair from the two profiles: level, reasons (missing_data when under half of the weight is known), score; never low when the score is NULL; with a learned model the level follows its probability of success';

DROP FUNCTION explain(profile, profile, jsonb);
CREATE FUNCTION explain(mentor profile, mentee profile, weights jsonb DEFAULT NULL,
						model jsonb DEFAULT NULL)
	RETURNS jsonb
	AS 'MODULE_PATHNAME', 'mentormatch_explain'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION explain(profile, profile, jsonb, jsonb) IS
	'score, the share of the weight on known factors, each factor''s value, whether known, the value used, weight and contribution, conflicts and risk, as jsonb; with a learned model also its probability and each feature''s contribution to the log-odds';

DROP FUNCTION match(text, text, jsonb, text, float8, text[]);
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
	'scores every mentee (id, profile) against every mentor (id, profile[, capacity]) in C (with a learned model: its probability of success), keeps the kept pairs, never proposes a forbidden pair, an excluded conflict or a pair breaking a rule, then assigns the rest optimally; reasons: a pair''s risk reasons, or what removed an unmatched mentee''s candidates; reason kept, or no_candidate, conflict, excluded or capacity when unmatched';

DROP FUNCTION recommend(text, text, int, jsonb, text[]);
CREATE FUNCTION recommend(
	mentees text,
	mentors text,
	k int DEFAULT 5,
	weights jsonb DEFAULT NULL,
	exclude text[] DEFAULT '{self,reporting_line,same_team,shared_project}',
	model jsonb DEFAULT NULL,
	keep text DEFAULT NULL,
	forbid text DEFAULT NULL,
	rules text[] DEFAULT NULL)
RETURNS TABLE (mentee_id bigint, rank int, mentor_id bigint, score float8)
	AS 'MODULE_PATHNAME', 'mentormatch_recommend'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION recommend(text, text, int, jsonb, text[], jsonb, text, text, text[]) IS
	'each mentee''s top k eligible mentors with free capacity (kept pairs take seats), best first (with a learned model: by probability of success), ties by lower mentor id; never a forbidden pair, an excluded conflict or a pair breaking a rule';

-- Programme operations.  profile gains tags; its constructor, assign, match
-- and recommend gain arguments: dropped and created again (see above).
DROP FUNCTION profile(bigint, skillset, skillset, workstyle, int, real, int,
	text[], text[], text[], bigint[], text[], boolean);
ALTER TYPE profile ADD ATTRIBUTE tags text[];
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
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN ROW(id, skills, goals, style, grade, hours_per_month, utc_offset,
			   languages, core_values, support, manager_chain, projects,
			   trained, tags)::@extschema@.profile;
COMMENT ON FUNCTION profile(bigint, skillset, skillset, workstyle, int, real, int,
	text[], text[], text[], bigint[], text[], boolean, text[]) IS
	'profile constructor with named arguments, each defaulting to NULL';

DROP FUNCTION assign(text, text, text, float8);
CREATE FUNCTION assign(
	candidates text,
	capacities text DEFAULT NULL,
	objective text DEFAULT 'coverage',
	min_score float8 DEFAULT NULL,
	keep text DEFAULT NULL,
	forbid text DEFAULT NULL)
RETURNS TABLE (mentee_id bigint, mentor_id bigint, score float8, reason text)
	AS 'MODULE_PATHNAME', 'mentormatch_assign'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION assign(text, text, text, float8, text, text) IS
	'optimal assignment of mentees to mentors within capacities, around the kept pairs and without the forbidden ones; candidates (mentee_id, mentor_id, score) or (mentee_id, mentor_ids[], scores[]); one row per mentee, reason kept, or no_candidate, excluded or capacity when unmatched';

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
