-- interventions(): what to do next for each running pair, the rematches as
-- one optimal assignment, checked against an exhaustive search over every
-- way to keep, train, rematch or close on small programmes.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- A model with health, written out so its numbers can be followed: skills
-- and a trained mentor help; a stalled or at-risk pair does worse; at the
-- start, without health, skills and training alone.
CREATE TABLE regress.iv_model AS SELECT
	'{"model": "logistic", "version": 1, "health": true, "intercept": -0.5,
	  "coefficients": {"skills": 2, "mentor_untrained": -1, "health_stalled": -2, "health_at_risk": -1,
					   "health_no_meeting": -0.5},
	  "at_start": {"intercept": -0.5, "coefficients": {"skills": 2, "mentor_untrained": -1}}}'::jsonb AS m;

-- mentors 10..13, capacities counting their running pairs
CREATE TABLE regress.iv_people (id bigint PRIMARY KEY, role text, capacity int, profile profile);
INSERT INTO regress.iv_people VALUES
	(10, 'mentor', 2, profile(id => 10, skills => 'data.ml:5', trained => true)),
	(11, 'mentor', 1, profile(id => 11, skills => 'data.ml:2', trained => false)),
	(12, 'mentor', 2, profile(id => 12, skills => 'backend.go:5', trained => true)),
	(13, 'mentor', 1, profile(id => 13, skills => 'data.ml:4', trained => true, manager_chain => '{90}')),
	(1, 'mentee', NULL, profile(id => 1, goals => 'data.ml:4')),
	(2, 'mentee', NULL, profile(id => 2, goals => 'data.ml:4')),
	(3, 'mentee', NULL, profile(id => 3, goals => 'backend.go:3')),
	(4, 'mentee', NULL, profile(id => 4, goals => 'data.ml:3', manager_chain => '{90,13}')),
	(5, 'mentee', NULL, profile(id => 5, goals => 'data.ml:5'));
-- running pairs, their check-ins, and their health as of 2026-03-01
CREATE TABLE regress.iv_running (mentee_id bigint, mentor_id bigint, started_at timestamptz);
INSERT INTO regress.iv_running VALUES
	(1, 11, '2026-01-01'),	-- poor fit, untrained mentor, meeting well
	(2, 12, '2025-09-01'),	-- poor fit, stalled: no meeting since October
	(3, 12, '2026-01-05'),	-- good fit, the first meeting not yet held
	(4, 10, '2026-01-01'),	-- good fit, healthy
	(5, 13, '2026-02-20');	-- just started
CREATE TABLE regress.iv_checkins (mentee_id bigint, met_at timestamptz, rating real);
INSERT INTO regress.iv_checkins VALUES
	(1, '2026-01-08', 4), (1, '2026-01-22', 4), (1, '2026-02-05', 4), (1, '2026-02-19', 5),
	(2, '2025-09-10', 2), (2, '2025-10-01', 2),
	(4, '2026-01-06', 5), (4, '2026-01-20', 5), (4, '2026-02-03', 4), (4, '2026-02-17', 5);
CREATE VIEW regress.iv_health AS
SELECT r.mentee_id, r.mentor_id, health(c.met_at, c.rating, r.started_at, timestamptz '2026-03-01') AS health
FROM regress.iv_running r LEFT JOIN regress.iv_checkins c USING (mentee_id)
GROUP BY r.mentee_id, r.mentor_id, r.started_at;
SELECT mentee_id, (health).status, (health).reasons FROM regress.iv_health ORDER BY 1;

CREATE FUNCTION regress.iv(forbid text DEFAULT NULL, rules text[] DEFAULT NULL,
						   exclude text[] DEFAULT '{self,reporting_line,same_team,shared_project}',
						   mentors text DEFAULT 'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''')
RETURNS TABLE (mentee_id bigint, mentor_id bigint, action text, new_mentor_id bigint,
			   probability numeric, probability_after numeric, gain numeric, reasons text[])
LANGUAGE sql AS $$
	SELECT mentee_id, mentor_id, action, new_mentor_id, round(probability::numeric, 4),
		   round(probability_after::numeric, 4), round(gain::numeric, 4), reasons
	FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health',
					   'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
					   mentors, (SELECT m FROM regress.iv_model), '2026-03-01',
					   forbid => forbid, rules => rules, exclude => exclude)
$$;

-- Mentee 2's pair is stalled: it moves to the best mentor with a seat
-- (10 has one left; 13, as good, is taken).  Mentee 1's mentor is
-- untrained: training him gains.  Mentee 3 has not met yet, three weeks
-- on, but fits well: a nudge.  Mentee 5 has just started: nothing yet.
-- Highest gain first.
SELECT * FROM regress.iv();
-- the probabilities are the model's: as the pair runs (with its health),
-- and, for a rematch, the new pair at its start
SELECT round(success_probability(m.profile, e.profile, (SELECT m FROM regress.iv_model), h.health)::numeric, 4) AS running_2,
	   round(success_probability(n.profile, e.profile,
			 jsonb_build_object('model', 'logistic', 'version', 1) || ((SELECT m FROM regress.iv_model)->'at_start'))::numeric, 4) AS new_2_with_10
FROM regress.iv_health h JOIN regress.iv_people e ON e.id = h.mentee_id JOIN regress.iv_people m ON m.id = h.mentor_id,
	 regress.iv_people n WHERE h.mentee_id = 2 AND n.id = 10;
-- no better mentor with a seat for the stalled pair: it closes
SELECT mentee_id, action, new_mentor_id, gain, reasons FROM regress.iv(forbid => 'SELECT 2 AS mentee_id, 10 AS mentor_id')
WHERE mentee_id = 2;
-- never the current mentor, a forbidden pair, an excluded conflict
-- (13 is mentee 4's manager) or a pair breaking a rule
SELECT bool_and(new_mentor_id IS DISTINCT FROM mentor_id) AS never_current,
	   bool_and(NOT (mentee_id = 4 AND new_mentor_id = 13)) AS never_a_conflict
FROM regress.iv();
SELECT mentee_id, action, new_mentor_id FROM regress.iv(rules => '{min:skills=0.9}') WHERE mentee_id = 2;

-- The exhaustive search: every way for each running pair to stay (gaining
-- what training gains, if it does), close (a stalled pair) or, in trouble
-- (stalled, at risk, cooling, or no first meeting yet), move to any other
-- mentor it may have, within every mentor's seats; the most total
-- gain must be interventions' total gain.  Probabilities from
-- success_probability(), at the start from the model's at_start part.
CREATE FUNCTION regress.trained(p profile) RETURNS profile LANGUAGE sql IMMUTABLE
RETURN ROW((p).id, (p).skills, (p).goals, (p).style, (p).grade, (p).hours_per_month, (p).utc_offset,
		   (p).languages, (p).core_values, (p).support, (p).manager_chain, (p).projects,
		   CASE WHEN (p).trained IS FALSE THEN true ELSE (p).trained END, (p).tags)::profile;
CREATE FUNCTION regress.best_total(pairs jsonb, seats jsonb, i int DEFAULT 0) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	best float8 := '-Infinity';
	o jsonb;
	left_seats int;
BEGIN
	IF i >= jsonb_array_length(pairs) THEN
		RETURN 0;
	END IF;
	FOR o IN SELECT * FROM jsonb_array_elements(pairs->i->'options') LOOP
		IF o->>'mentor' IS NULL THEN	-- closing takes no seat
			best := greatest(best, (o->>'gain')::float8 + regress.best_total(pairs, seats, i + 1));
		ELSE
			left_seats := (seats->>(o->>'mentor'))::int;
			IF left_seats > 0 THEN
				best := greatest(best, (o->>'gain')::float8 + regress.best_total(
					pairs, jsonb_set(seats, ARRAY[o->>'mentor'], to_jsonb(left_seats - 1)), i + 1));
			END IF;
		END IF;
	END LOOP;
	RETURN best;
END $$;
CREATE FUNCTION regress.exhaustive(model jsonb) RETURNS float8 LANGUAGE sql AS $$
	WITH running AS (
		SELECT h.mentee_id, h.mentor_id, h.health, e.profile AS mentee, m.profile AS mentor,
			   success_probability(m.profile, e.profile, model, h.health) AS p,
			   (h.health).status = 'stalled' AS stalled,
			   (h.health).status IN ('stalled', 'at_risk', 'cooling')
			   OR 'no_first_meeting' = ANY ((h.health).reasons) AS in_trouble
		FROM regress.iv_health h JOIN regress.iv_people e ON e.id = h.mentee_id
		JOIN regress.iv_people m ON m.id = h.mentor_id
	), options AS (
		-- staying (training if it gains), or closing a stalled pair
		SELECT mentee_id, CASE WHEN NOT stalled THEN mentor_id END AS mentor,
			   CASE WHEN stalled THEN 0 ELSE greatest(0, success_probability(regress.trained(mentor),
					regress.trained(mentee), model, health) - p) END AS gain
		FROM running
		UNION ALL
		-- for a pair in trouble, any other mentor with seats, no excluded conflict
		SELECT r.mentee_id, n.id, success_probability(n.profile, r.mentee,
			   jsonb_build_object('model', 'logistic', 'version', 1) || coalesce(model->'at_start', model - 'health')) - r.p
		FROM running r JOIN regress.iv_people n ON n.role = 'mentor' AND n.id <> r.mentor_id AND n.capacity > 0
		WHERE r.in_trouble AND conflicts(n.profile, r.mentee) = '{}'
	)
	SELECT regress.best_total(
		(SELECT jsonb_agg(jsonb_build_object('options', (SELECT jsonb_agg(jsonb_build_object('mentor', o.mentor, 'gain', o.gain))
														 FROM options o WHERE o.mentee_id = r.mentee_id))
						  ORDER BY r.mentee_id) FROM running r),
		(SELECT jsonb_object_agg(id::text, capacity) FROM regress.iv_people WHERE role = 'mentor'))
$$;
SELECT round(regress.exhaustive(m)::numeric, 9) AS exhaustive,
	   round((SELECT sum(gain) FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health',
			  'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
			  'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', m, '2026-03-01')
			  WHERE action IN ('train', 'rematch'))::numeric, 9) AS interventions
FROM regress.iv_model;

-- The same on random small programmes: 6 running pairs among 9 people, 4
-- mentors of 1 to 3 seats, random profiles, health and model.
CREATE FUNCTION regress.iv_random(seed int) RETURNS TABLE (exhaustive numeric, interventions numeric, seats_held boolean)
LANGUAGE plpgsql AS $$
DECLARE
	m jsonb;
BEGIN
	DELETE FROM regress.iv_checkins; DELETE FROM regress.iv_running; DELETE FROM regress.iv_people;
	INSERT INTO regress.iv_people
	SELECT 100 + g, 'mentor', 1 + (hashint4(seed * 31 + g) & 3) % 3,
		   profile(id => 100 + g, skills => format('data.ml:%s', 1 + (hashint4(seed * 37 + g) & 7) % 5)::skillset,
				   trained => (hashint4(seed * 41 + g) & 1) = 0)
	FROM generate_series(1, 4) g;
	INSERT INTO regress.iv_people
	SELECT g, 'mentee', NULL, profile(id => g, goals => format('data.ml:%s', 1 + (hashint4(seed * 43 + g) & 7) % 5)::skillset,
									  trained => (hashint4(seed * 47 + g) & 3) <> 0)
	FROM generate_series(1, 6) g;
	-- each mentee runs with a mentor that still has a seat
	INSERT INTO regress.iv_running
	SELECT g, 100 + 1 + ((g - 1) % 4), timestamptz '2026-01-01' - ((hashint4(seed * 53 + g) & 255) % 200) * interval '1 day'
	FROM generate_series(1, 6) g;
	UPDATE regress.iv_people p SET capacity = greatest(p.capacity, (SELECT count(*) FROM regress.iv_running r WHERE r.mentor_id = p.id))
	WHERE role = 'mentor';
	INSERT INTO regress.iv_checkins
	SELECT r.mentee_id, r.started_at + (k * (7 + (hashint4(seed * 59 + r.mentee_id::int) & 63))) * interval '1 day',
		   1 + (hashint4(seed * 61 + k) & 3)
	FROM regress.iv_running r, generate_series(1, 4) k
	WHERE (hashint4(seed * 67 + r.mentee_id::int) & 3) <> 0;
	m := jsonb_build_object('model', 'logistic', 'version', 1, 'health', true,
		'intercept', ((hashint4(seed * 71) & 255) - 128) / 100.0,
		'coefficients', jsonb_build_object('skills', 1 + (hashint4(seed * 73) & 255) / 100.0,
			'mentor_untrained', -(hashint4(seed * 79) & 255) / 150.0, 'mentee_untrained', -(hashint4(seed * 83) & 255) / 200.0,
			'health_stalled', -1.5, 'health_at_risk', -(hashint4(seed * 89) & 255) / 200.0,
			'health_rating_mean', (hashint4(seed * 97) & 255) / 100.0),
		'at_start', jsonb_build_object('intercept', ((hashint4(seed * 101) & 255) - 128) / 100.0,
			'coefficients', jsonb_build_object('skills', 1 + (hashint4(seed * 103) & 255) / 100.0,
				'mentor_untrained', -(hashint4(seed * 107) & 255) / 150.0)));
	RETURN QUERY
	WITH iv AS (
		SELECT * FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health',
			'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
			'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', m, '2026-03-01')
	)
	SELECT round(regress.exhaustive(m)::numeric, 9),
		   round(coalesce((SELECT sum(gain) FROM iv WHERE action IN ('train', 'rematch')), 0)::numeric, 9),
		   (SELECT bool_and(used <= p.capacity) FROM regress.iv_people p
			JOIN (SELECT CASE WHEN action = 'rematch' THEN new_mentor_id ELSE mentor_id END AS id, count(*) AS used
				  FROM iv WHERE action <> 'close' GROUP BY 1) u USING (id));
END $$;
SELECT count(*) AS programmes, count(*) FILTER (WHERE exhaustive = interventions) AS optimal,
	   bool_and(seats_held) AS seats_held, count(*) FILTER (WHERE interventions > 0) AS with_gain
FROM generate_series(1, 25) s, LATERAL regress.iv_random(s);

-- a model without health: the health only says what is stalled and
-- slipping; probabilities are the model's of the pair
SELECT count(*) AS rows, count(*) FILTER (WHERE action = 'close') AS closes
FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health',
				   'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
				   'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''',
				   '{"model": "logistic", "version": 1, "intercept": 0, "coefficients": {"skills": 1}}', '2026-03-01');
-- no running pair: no row
SELECT count(*) AS no_running FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health WHERE false',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', (SELECT m FROM regress.iv_model), '2026-03-01');

-- errors
SELECT try($$SELECT count(*) FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', NULL, '2026-03-01')$$) AS no_model;
SELECT try($$SELECT count(*) FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', (SELECT m FROM regress.iv_model), NULL)$$) AS no_as_of;
SELECT try($$SELECT count(*) FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', (SELECT m FROM regress.iv_model), 'infinity')$$) AS infinite_as_of;
SELECT try($$SELECT count(*) FROM interventions('SELECT mentee_id, 99 AS mentor_id, health FROM regress.iv_health',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', (SELECT m FROM regress.iv_model), '2026-03-01')$$) AS mentor_not_in_input;
SELECT try($$SELECT count(*) FROM interventions('SELECT 1 AS mentee_id, mentor_id, health FROM regress.iv_health',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', (SELECT m FROM regress.iv_model), '2026-03-01')$$) AS mentee_twice;
SELECT try($$SELECT count(*) FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentor''', (SELECT m FROM regress.iv_model), '2026-03-01')$$) AS capacity_below_running;
SELECT try($$SELECT count(*) FROM interventions('SELECT mentee_id, mentor_id, NULL::relationship_health AS health FROM regress.iv_health',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', (SELECT m FROM regress.iv_model), '2026-03-01')$$) AS null_health;
SELECT try($$SELECT count(*) FROM interventions('SELECT mentee_id, mentor_id, health, 1 AS priority FROM regress.iv_health',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''', (SELECT m FROM regress.iv_model), '2026-03-01')$$) AS unread_column;
SELECT try($$SELECT count(*) FROM interventions('SELECT mentee_id, mentor_id, health FROM regress.iv_health',
	'SELECT id, profile FROM regress.iv_people WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM regress.iv_people WHERE role = ''mentor''',
	'{"model": "logistic", "version": 1, "health": true, "intercept": 0, "coefficients": {}}', '2026-03-01')$$) AS health_model_without_start;
