-- demo/risk_views.sql — views a BI tool reads.  They are built on the hr
-- tables (and the proposed pairs) only through mentormatch functions, and
-- hold flat columns only: reasons as one text, each severity enum with a
-- numeric rank beside it (1 the mildest) that sorts the same way, no
-- arrays or composites.

-- The rank of a risk level or health status: its place in the enum.
CREATE FUNCTION mentoring.level_rank(l mentormatch.risk_level) RETURNS int
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN array_position(enum_range(NULL::mentormatch.risk_level), l);
CREATE FUNCTION mentoring.status_rank(s mentormatch.health_status) RETURNS int
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN array_position(enum_range(NULL::mentormatch.health_status), s);

-- Mismatch risk of every proposed pair and every running pair.
CREATE VIEW mentoring.pair_risk WITH (security_invoker = true) AS
SELECT 'proposed' AS pair_kind, NULL::bigint AS pair_id, p.mentor_id, p.mentee_id,
	   e.department, (r).level, mentoring.level_rank((r).level) AS level_rank,
	   array_to_string((r).reasons, ', ') AS reasons, (r).score
FROM mentoring.proposed_pairs p
JOIN mentoring.profiles m ON m.id = p.mentor_id
JOIN mentoring.profiles ee ON ee.id = p.mentee_id
JOIN hr.employees e ON e.id = p.mentee_id
CROSS JOIN LATERAL mentormatch.risk(m.profile, ee.profile) r
WHERE p.reason IS NULL
UNION ALL
SELECT 'running', p.id, p.mentor_id, p.mentee_id, e.department, (r).level,
	   mentoring.level_rank((r).level), array_to_string((r).reasons, ', '), (r).score
FROM hr.mentoring_pairs p
JOIN mentoring.profiles m ON m.id = p.mentor_id
JOIN mentoring.profiles ee ON ee.id = p.mentee_id
JOIN hr.employees e ON e.id = p.mentee_id
CROSS JOIN LATERAL mentormatch.risk(m.profile, ee.profile) r
WHERE p.ended_at IS NULL;

-- How each running pair is doing, from its check-ins, as of the programme date.
CREATE VIEW mentoring.relationship_health WITH (security_invoker = true) AS
SELECT p.id AS pair_id, p.mentor_id, p.mentee_id, e.department, p.started_at,
	   (h).status, mentoring.status_rank((h).status) AS status_rank,
	   array_to_string((h).reasons, ', ') AS reasons, (h).meetings, (h).last_met,
	   (h).days_since_last, (h).typical_gap_days, (h).rating_mean, (h).rating_trend
FROM (SELECT p.id, mentormatch.health(c.met_at, c.rating::real, p.started_at, mentoring.as_of()) AS h
	  FROM hr.mentoring_pairs p LEFT JOIN hr.checkins c ON c.pair_id = p.id
	  WHERE p.ended_at IS NULL
	  GROUP BY p.id) x
JOIN hr.mentoring_pairs p ON p.id = x.id
JOIN hr.employees e ON e.id = p.mentee_id;

-- Counts by risk level and health status, per department and in all
-- (department NULL).  Proposed pairs have no health status yet.
CREATE VIEW mentoring.program_health WITH (security_invoker = true) AS
SELECT r.department, r.pair_kind, r.level, r.level_rank, h.status, h.status_rank, count(*) AS pairs
FROM mentoring.pair_risk r
LEFT JOIN mentoring.relationship_health h ON h.pair_id = r.pair_id
GROUP BY GROUPING SETS ((r.department, r.pair_kind, r.level, r.level_rank, h.status, h.status_rank),
						(r.pair_kind, r.level, r.level_rank, h.status, h.status_rank));
