/* mentormatch--0.2.0--0.3.0.sql — update from 0.2.0 */

\echo Use "ALTER EXTENSION mentormatch UPDATE TO '0.3.0'" to load this file. \quit

-- profile() checks its arguments as it builds the value (in C), with the
-- SQLSTATEs scoring would raise later; same signature, so views and
-- functions that call it stay
CREATE OR REPLACE FUNCTION profile(
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

-- Priorities: assign gains a trailing priorities query (mentee_id,
-- priority); match's mentees query may have a priority column
DROP FUNCTION assign(text, text, text, float8, text, text);
CREATE FUNCTION assign(
	candidates text,
	capacities text DEFAULT NULL,
	objective text DEFAULT 'coverage',
	min_score float8 DEFAULT NULL,
	keep text DEFAULT NULL,
	forbid text DEFAULT NULL,
	priorities text DEFAULT NULL)
RETURNS TABLE (mentee_id bigint, mentor_id bigint, score float8, reason text)
	AS 'MODULE_PATHNAME', 'mentormatch_assign'
	LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1000;
COMMENT ON FUNCTION assign(text, text, text, float8, text, text, text) IS
	'optimal assignment of mentees to mentors within capacities, around the kept pairs and without the forbidden ones, higher priorities first (priorities (mentee_id, priority), default 0: no mentee left out for one of a lower priority); candidates (mentee_id, mentor_id, score) or (mentee_id, mentor_ids[], scores[]); one row per mentee, reason kept, or no_candidate, excluded or capacity when unmatched';

-- Stricter inputs: rules gain min:<factor>=x; tag keys fold to lower case
-- and a same:/different: key no one in the round has is an error; a kept
-- pair's reasons name the rules it breaks
COMMENT ON FUNCTION match(text, text, jsonb, text, float8, text[], jsonb, text, text, text[]) IS
	'scores every mentee (id, profile[, priority]) against every mentor (id, profile[, capacity]) in C (with a learned model: its probability of success), keeps the kept pairs, never proposes a forbidden pair, an excluded conflict or a pair breaking a rule (shared_language, max_hours_apart=N, same:<key>, different:<key>, min:<factor>=x), then assigns the rest optimally, higher priorities first (no mentee left out for one of a lower priority; default 0); reasons: a pair''s risk reasons and the rules a kept pair breaks, or what removed an unmatched mentee''s candidates; reason kept, or no_candidate, conflict, excluded or capacity when unmatched';
COMMENT ON AGGREGATE evaluate(float8, boolean) IS
	'how well a predictor (a probability, a score, a rank) tells pairs that succeeded from those that did not: pairs, successes, auc (ties half), probabilities (every prediction in [0,1]), brier and log_loss (NULL unless probabilities), calibration by deciles';
