-- demo/matching_report.sql — match the whole cohort with match(), keep the
-- pairs, and compare with naive matching.
\echo
\echo '=== Matching the cohort with match() ==='
\echo '(mentees without a running pair; mentors with the seats their running pairs leave free;'
\echo ' the programme proposes no pair scoring below 0.6)'
\echo

-- the proposed pairs are written in one transaction: all or nothing
BEGIN;
CREATE TABLE mentoring.proposed_pairs AS
SELECT * FROM mentormatch.match('SELECT id, profile FROM mentoring.mentees',
								'SELECT id, profile, capacity FROM mentoring.mentors',
								min_score => 0.6);
ALTER TABLE mentoring.proposed_pairs ADD PRIMARY KEY (mentee_id);
COMMIT;

\echo '--- Matched and unmatched, with reasons'
SELECT coalesce(reason, 'matched') AS outcome, count(*) AS mentees,
	   round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM mentoring.proposed_pairs GROUP BY 1 ORDER BY 2 DESC;

\echo '--- Score distribution of the matched pairs'
SELECT format('%s-%s', to_char(b / 10.0, '0.0'), to_char((b + 1) / 10.0, '0.0')) AS score,
	   count(*) AS pairs, repeat('#', (60 * count(*) / max(count(*)) OVER ())::int) AS histogram
FROM (SELECT least(floor(score * 10), 9)::int AS b FROM mentoring.proposed_pairs WHERE mentor_id IS NOT NULL) t
GROUP BY b ORDER BY b;

\echo '--- Mentor load: mentees given against seats free'
SELECT m.capacity AS seats_free, count(*) AS mentors,
	   sum(coalesce(n, 0)) AS mentees_given,
	   count(*) FILTER (WHERE coalesce(n, 0) = m.capacity AND m.capacity > 0) AS full,
	   count(*) FILTER (WHERE coalesce(n, 0) = 0) AS unused
FROM mentoring.mentors m
LEFT JOIN (SELECT mentor_id, count(*) AS n FROM mentoring.proposed_pairs GROUP BY 1) p ON p.mentor_id = m.id
GROUP BY m.capacity ORDER BY m.capacity;

\echo '--- Risk of the proposed pairs'
SELECT risk, count(*) AS pairs FROM mentoring.proposed_pairs WHERE mentor_id IS NOT NULL GROUP BY 1 ORDER BY 1;

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
	SELECT 'mentormatch.match' AS plan, mentee_id, mentor_id FROM mentoring.proposed_pairs WHERE mentor_id IS NOT NULL
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
