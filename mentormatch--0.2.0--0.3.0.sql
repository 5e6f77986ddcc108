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

-- Priorities and parity: assign gains trailing priorities (mentee_id,
-- priority) and groups (mentee_id, group) queries; match's mentees query
-- may have a priority column, and a group column with objective parity
DROP FUNCTION assign(text, text, text, float8, text, text);
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

-- Stricter inputs: rules gain min:<factor>=x; tag keys fold to lower case
-- and a same:/different: key no one in the round has is an error; a kept
-- pair's reasons name the rules it breaks
COMMENT ON FUNCTION match(text, text, jsonb, text, float8, text[], jsonb, text, text, text[]) IS
	'scores every mentee (id, profile[, priority][, group with objective parity]) against every mentor (id, profile[, capacity]) in C (with a learned model: its probability of success), keeps the kept pairs, never proposes a forbidden pair, an excluded conflict or a pair breaking a rule (shared_language, max_hours_apart=N, same:<key>, different:<key>, min:<factor>=x), then assigns the rest optimally (objective coverage, total, fair, or parity: the highest lowest matched rate over the mentees'' groups, then the most matched, then the highest total), higher priorities first (no mentee left out for one of a lower priority; default 0); reasons: a pair''s risk reasons and the rules a kept pair breaks, or what removed an unmatched mentee''s candidates; reason kept, or no_candidate, conflict, excluded or capacity when unmatched';
-- Risk levels without a model follow the rules' points, spread so that
-- high and critical single out the pairs the rules find most wanting
COMMENT ON FUNCTION risk(profile, profile, jsonb, jsonb) IS
	'mismatch risk of a proposed pair from the two profiles: level by the rules'' points (critical: a conflict or 8 points or more; high: 6 or 7; moderate: 4 or 5, or no score; low otherwise), reasons (missing_data when under half of the weight is known), score; with a learned model the level follows its probability of success';
COMMENT ON AGGREGATE evaluate(float8, boolean) IS
	'how well a predictor (a probability, a score, a rank) tells pairs that succeeded from those that did not: pairs, successes, auc (ties half), probabilities (every prediction in [0,1]), brier and log_loss (NULL unless probabilities), calibration by deciles';

-- recommend gains exposure: lists that share each mentor out over at most
-- ceil(exposure x its free seats) mentees; dropped and created again
DROP FUNCTION recommend(text, text, int, jsonb, text[], jsonb, text, text, text[]);
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

-- relationship_health gains days_running (as_of - started_at, in days);
-- health values stored before read it as NULL
ALTER TYPE relationship_health ADD ATTRIBUTE days_running float8;
COMMENT ON TYPE relationship_health IS
	'status and reasons of a running pair, with its meeting count, last meeting, days since, typical gap, mean rating, rating change per 30 days and days running (as_of - started_at)';

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
