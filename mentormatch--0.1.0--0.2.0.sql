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
COMMENT ON FUNCTION explain(profile, profile, jsonb) IS
	'score, the share of the weight on known factors, each factor''s value, whether known, the value used, weight and contribution, conflicts and risk, as jsonb';
COMMENT ON FUNCTION risk(profile, profile, jsonb) IS
	'mismatch risk of a proposed pair from the two profiles: level, reasons (missing_data when under half of the weight is known), score; never low when the score is NULL';
