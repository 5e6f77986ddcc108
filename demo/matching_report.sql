-- demo/matching_report.sql — the programme's matching round in one match()
-- call, the pairs kept, and a comparison with naive matching.
\echo
\echo '=== The matching round with match() ==='
\echo '(every enrolled mentee and mentor with all its seats; running pairs are kept, except'
\echo ' stalled ones, which are re-matched without fault, their mentor forbidden; no past pair'
\echo ' is proposed again; a pair must share a language; no new pair scores below 0.6)'
\echo

-- what the round keeps and forbids, from the pairs table
CREATE VIEW mentoring.stalled_pairs WITH (security_invoker = true) AS
SELECT p.id, p.mentee_id, p.mentor_id
FROM hr.mentoring_pairs p LEFT JOIN hr.checkins c ON c.pair_id = p.id
WHERE p.ended_at IS NULL
GROUP BY p.id
HAVING (mentormatch.health(c.met_at, c.rating::real, p.started_at, mentoring.as_of())).status = 'stalled';
CREATE VIEW mentoring.round_keep WITH (security_invoker = true) AS
SELECT mentee_id, mentor_id FROM hr.mentoring_pairs
WHERE ended_at IS NULL AND id NOT IN (SELECT id FROM mentoring.stalled_pairs);
-- (a past pair that runs again is kept, not forbidden)
CREATE VIEW mentoring.round_forbid WITH (security_invoker = true) AS
(SELECT mentee_id, mentor_id FROM hr.mentoring_pairs WHERE ended_at IS NOT NULL
 UNION
 SELECT mentee_id, mentor_id FROM mentoring.stalled_pairs)
EXCEPT
SELECT mentee_id, mentor_id FROM mentoring.round_keep;

-- the round is written in one transaction: all or nothing
BEGIN;
CREATE TABLE mentoring.proposed_pairs AS
SELECT * FROM mentormatch.match('SELECT id, profile FROM mentoring.profiles WHERE role = ''mentee''',
								'SELECT id, profile, capacity FROM mentoring.profiles WHERE role = ''mentor''',
								min_score => 0.6,
								keep => 'SELECT mentee_id, mentor_id FROM mentoring.round_keep',
								forbid => 'SELECT mentee_id, mentor_id FROM mentoring.round_forbid',
								rules => '{shared_language}');
ALTER TABLE mentoring.proposed_pairs ADD PRIMARY KEY (mentee_id);
COMMIT;

\echo '--- Kept, matched and unmatched, with reasons'
SELECT coalesce(reason, 'matched') AS outcome, count(*) AS mentees,
	   round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM mentoring.proposed_pairs GROUP BY 1 ORDER BY 2 DESC;

\echo '--- What removed the candidates of the unmatched'
SELECT reason, reasons, count(*) AS mentees FROM mentoring.proposed_pairs
WHERE mentor_id IS NULL GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 8;

\echo '--- The stalled pairs, re-matched'
SELECT s.mentee_id, s.mentor_id AS old_mentor, p.mentor_id AS new_mentor,
	   round(p.score::numeric, 3) AS new_score, coalesce(p.reason, 'matched') AS outcome
FROM mentoring.stalled_pairs s JOIN mentoring.proposed_pairs p USING (mentee_id)
ORDER BY s.mentee_id LIMIT 8;

\echo '--- Score distribution of the new pairs'
SELECT format('%s-%s', to_char(b / 10.0, '0.0'), to_char((b + 1) / 10.0, '0.0')) AS score,
	   count(*) AS pairs, repeat('#', (60 * count(*) / max(count(*)) OVER ())::int) AS histogram
FROM (SELECT least(floor(score * 10), 9)::int AS b FROM mentoring.proposed_pairs WHERE reason IS NULL) t
GROUP BY b ORDER BY b;

\echo '--- Mentor load: kept and new mentees against seats'
SELECT m.capacity AS seats, count(*) AS mentors,
	   sum(coalesce(kept, 0)) AS kept, sum(coalesce(given, 0)) AS new,
	   count(*) FILTER (WHERE coalesce(kept, 0) + coalesce(given, 0) = m.capacity) AS full,
	   count(*) FILTER (WHERE coalesce(kept, 0) + coalesce(given, 0) = 0) AS unused
FROM mentoring.profiles m
LEFT JOIN (SELECT mentor_id, count(*) FILTER (WHERE reason = 'kept') AS kept,
				  count(*) FILTER (WHERE reason IS NULL) AS given
		   FROM mentoring.proposed_pairs GROUP BY 1) p ON p.mentor_id = m.id
WHERE m.role = 'mentor'
GROUP BY m.capacity ORDER BY m.capacity;

\echo '--- Risk of the new and the kept pairs'
SELECT coalesce(reason, 'new') AS pairs_kind, risk, count(*) AS pairs FROM mentoring.proposed_pairs
WHERE mentor_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1 DESC, 2;

-- Two naive matchings, for comparison: each mentee in id order takes the
-- most senior mentor with a free seat, (a) in the same department, or
-- (b) anywhere.  Nothing checks fit or conflicts.
CREATE FUNCTION mentoring.naive_match(same_department boolean)
RETURNS TABLE (mentee_id bigint, mentor_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
	e record;
	chosen bigint;
BEGIN
	CREATE TEMP TABLE naive_seats ON COMMIT DROP AS
		SELECT m.id, (m.profile).grade AS grade, m.department, m.capacity AS free FROM mentoring.mentors m;
	FOR e IN SELECT id, department FROM mentoring.mentees ORDER BY id LOOP
		SELECT s.id INTO chosen FROM naive_seats s
		WHERE s.free > 0 AND s.id <> e.id AND (NOT same_department OR s.department = e.department)
		ORDER BY s.grade DESC, s.id LIMIT 1;
		IF chosen IS NOT NULL THEN
			UPDATE naive_seats SET free = free - 1 WHERE id = chosen;
			mentee_id := e.id;
			mentor_id := chosen;
			RETURN NEXT;
		END IF;
	END LOOP;
	DROP TABLE naive_seats;
END
$$;

\echo '--- mentormatch against naive matching'
\echo '(low fit: score below 0.5; conflict: self, reporting line, same team or shared project)'
WITH plans AS (
	SELECT 'mentormatch.match' AS plan, p.mentee_id, p.mentor_id FROM mentoring.proposed_pairs p
	JOIN mentoring.mentees e ON e.id = p.mentee_id WHERE p.reason IS NULL
	UNION ALL
	SELECT 'same department, most senior', * FROM mentoring.naive_match(true)
	UNION ALL
	SELECT 'most senior available', * FROM mentoring.naive_match(false)
)
SELECT plan, count(*) AS pairs,
	   round(avg(mentormatch.score(m.profile, e.profile))::numeric, 3) AS mean_score,
	   round(100.0 * avg((mentormatch.conflicts(m.profile, e.profile) <> '{}')::int), 1) AS conflict_pct,
	   round(100.0 * avg((coalesce(mentormatch.score(m.profile, e.profile), 0) < 0.5)::int), 1) AS low_fit_pct,
	   round(100.0 * avg(((mentormatch.risk(m.profile, e.profile)).level >= 'high')::int), 1) AS high_risk_pct
FROM plans p
JOIN mentoring.profiles m ON m.id = p.mentor_id
JOIN mentoring.profiles e ON e.id = p.mentee_id
GROUP BY plan ORDER BY mean_score DESC;
