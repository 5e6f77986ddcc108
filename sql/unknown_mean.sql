-- "unknown": "mean": in a round (match, recommend) an unknown factor
-- counts as the mean of that factor over the round's pairs where it is
-- known, so that missing data does not decide who is left out.  Checked
-- against the means and scores computed in SQL from factors().
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- 60 mentees, a third of whom skipped the work-style survey; 20 mentors
-- of 2 seats
CREATE TABLE regress.um_people AS
SELECT g AS id, CASE WHEN g <= 60 THEN 'mentee' ELSE 'mentor' END AS role,
	   profile(id => g,
			   skills => CASE WHEN g > 60 THEN format('data.ml:%s,backend.go:%s', 1 + g % 5, 1 + (g / 3) % 5)::skillset END,
			   goals => CASE WHEN g <= 60 THEN format('data.ml:%s', 2 + g % 4)::skillset END,
			   style => CASE WHEN g > 60 OR g % 3 <> 0 THEN
					workstyle(ARRAY['pace', 'structure'], ARRAY[(hashint4(g) & 255) / 255.0, (hashint4(g * 7) & 255) / 255.0]) END,
			   grade => CASE WHEN g <= 60 THEN 2 + g % 3 ELSE 4 + g % 4 END,
			   hours_per_month => CASE WHEN g % 5 <> 0 THEN (2 + g % 4)::real END) AS profile
FROM generate_series(1, 80) g;

-- the means over every pair where each factor is known, and each pair's
-- score with them (the default weights, an unknown factor its mean)
CREATE TABLE regress.um_pairs AS
SELECT e.id AS mentee_id, m.id AS mentor_id, factors(m.profile, e.profile) AS f
FROM regress.um_people e, regress.um_people m WHERE e.role = 'mentee' AND m.role = 'mentor';
CREATE TABLE regress.um_means AS
SELECT avg((f).skills) AS skills, avg((f).style) AS style, avg((f).stage) AS stage, avg((f).values) AS "values",
	   avg((f).availability) AS availability, avg((f).logistics) AS logistics, avg((f).expectations) AS expectations
FROM regress.um_pairs;
CREATE TABLE regress.um_scores AS
SELECT p.mentee_id, p.mentor_id,
	   (SELECT sum((w.value::float8 / t.total) * coalesce(
			CASE w.key WHEN 'skills' THEN (p.f).skills WHEN 'style' THEN (p.f).style WHEN 'stage' THEN (p.f).stage
					   WHEN 'values' THEN (p.f).values WHEN 'availability' THEN (p.f).availability
					   WHEN 'logistics' THEN (p.f).logistics ELSE (p.f).expectations END,
			CASE w.key WHEN 'skills' THEN mu.skills WHEN 'style' THEN mu.style WHEN 'stage' THEN mu.stage
					   WHEN 'values' THEN coalesce(mu.values, 0.5) WHEN 'availability' THEN mu.availability
					   WHEN 'logistics' THEN coalesce(mu.logistics, 0.5) ELSE coalesce(mu.expectations, 0.5) END))
		FROM jsonb_each_text(default_weights() - 'unknown') w,
			 (SELECT sum(value::float8) AS total FROM jsonb_each_text(default_weights() - 'unknown')) t) AS score
FROM regress.um_pairs p, regress.um_means mu;
SELECT round(skills::numeric, 4) AS skills, round(style::numeric, 4) AS style, round(stage::numeric, 4) AS stage,
	   round(availability::numeric, 4) AS availability, "values" IS NULL AS values_never_known
FROM regress.um_means;

-- match's scores are those, and its answer is the optimum over them
CREATE TABLE regress.um_match AS
SELECT * FROM match('SELECT id, profile FROM regress.um_people WHERE role = ''mentee''',
					'SELECT id, profile, 2 AS capacity FROM regress.um_people WHERE role = ''mentor''',
					weights => '{"unknown": "mean"}');
SELECT count(mentor_id) AS matched,
	   max(abs(m.score - s.score)) < 1e-12 AS scores_as_computed,
	   round(sum(m.score)::numeric, 9) = (SELECT round(sum(score)::numeric, 9) FROM assign(
			'SELECT mentee_id, mentor_id, score FROM regress.um_scores',
			'SELECT id AS mentor_id, 2 AS capacity FROM regress.um_people WHERE role = ''mentor''')) AS optimal
FROM regress.um_match m LEFT JOIN regress.um_scores s USING (mentee_id, mentor_id);

-- the means, hence every pair's score to the bit, whatever order the
-- people come in (recommend with lists as long as there are mentors)
SELECT count(*) AS differ
FROM ((SELECT mentee_id, mentor_id, float8send(score)
	   FROM recommend('SELECT id, profile FROM regress.um_people WHERE role = ''mentee''',
					  'SELECT id, profile FROM regress.um_people WHERE role = ''mentor''', k => 1000,
					  weights => '{"unknown": "mean"}'))
	  EXCEPT ALL
	  (SELECT mentee_id, mentor_id, float8send(score)
	   FROM recommend('SELECT id, profile FROM regress.um_people WHERE role = ''mentee'' ORDER BY md5(id::text)',
					  'SELECT id, profile FROM regress.um_people WHERE role = ''mentor'' ORDER BY id DESC', k => 1000,
					  weights => '{"unknown": "mean"}'))) d;

-- what it changes: who is left out, by whether they answered the survey
SELECT weights, (e.profile).style IS NULL AS skipped_survey, count(*) AS mentees,
	   count(x.mentor_id) AS matched, round(avg(x.score)::numeric, 3) AS mean_score
FROM (VALUES ('{}'), ('{"unknown": "mean"}')) w(weights),
	 LATERAL match('SELECT id, profile FROM regress.um_people WHERE role = ''mentee''',
				   'SELECT id, profile, 1 AS capacity FROM regress.um_people WHERE role = ''mentor''',
				   weights => w.weights::jsonb) x
JOIN regress.um_people e ON e.id = x.mentee_id
GROUP BY 1, 2 ORDER BY 1, 2;

-- recommend with it: its scores are the same ones
SELECT max(abs(r.score - s.score)) < 1e-12 AS recommend_scores, count(*) AS picks
FROM recommend('SELECT id, profile FROM regress.um_people WHERE role = ''mentee''',
			   'SELECT id, profile FROM regress.um_people WHERE role = ''mentor''', k => 3,
			   weights => '{"unknown": "mean"}') r
JOIN regress.um_scores s USING (mentee_id, mentor_id);

-- a round with nobody: no rows; parallel workers get the same means
SELECT count(*) AS empty FROM match('SELECT id, profile FROM regress.um_people WHERE false',
									'SELECT id, profile FROM regress.um_people WHERE role = ''mentor''',
									weights => '{"unknown": "mean"}');

-- a function of one pair has no round: 22023
SELECT try($$SELECT score(profile(), profile(), '{"unknown": "mean"}')$$) AS score;
SELECT try($$SELECT explain(profile(), profile(), '{"unknown": "mean"}')$$) AS explain;
SELECT try($$SELECT (risk(profile(), profile(), '{"unknown": "mean"}')).level$$) AS risk;
SELECT try($$SELECT count(*) FROM match('SELECT 1 AS id, profile() AS profile', 'SELECT 2 AS id, profile() AS profile',
										weights => '{"unknown": "median"}')$$) AS not_mean;
