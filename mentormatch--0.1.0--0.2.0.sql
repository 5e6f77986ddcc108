/* mentormatch--0.1.0--0.2.0.sql — update from 0.1.0 */

\echo Use "ALTER EXTENSION mentormatch UPDATE TO '0.2.0'" to load this file. \quit

-- health(): check-ins within 24 hours of a meeting's start are that
-- meeting; rows before started_at are ignored
COMMENT ON AGGREGATE health(timestamptz, real, timestamptz, timestamptz) IS
	'health of a running pair from its check-ins (met_at, rating 1..5 or NULL) as of a given time; check-ins less than 24 hours after the start of a meeting are that meeting, rated the mean of their ratings; rows before started_at or after as_of are ignored; NULL met_at (no check-ins) allowed';
