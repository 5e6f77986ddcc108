-- Stricter inputs (0.3.0): what 0.2.0 accepted silently and answered
-- wrongly is now an error with its SQLSTATE, or, where the input means
-- something, taken as it means.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

CREATE TABLE regress.si_people (id bigint PRIMARY KEY, role text, capacity int, profile profile);
INSERT INTO regress.si_people VALUES
	(10, 'mentor', 2, profile(id => 10, skills => 'data.ml:5', grade => 7, languages => '{en}', utc_offset => 0,
							  tags => '{Department:Data,site:berlin}')),
	(11, 'mentor', 1, profile(id => 11, skills => 'data.ml:2', grade => 6, languages => '{de}', utc_offset => 300,
							  tags => '{department:backend,site:berlin}')),
	(12, 'mentor', 1, profile(id => 12, grade => 6, languages => '{en}', utc_offset => -300,
							  tags => '{department:data,site:newyork}')),
	(1, 'mentee', NULL, profile(id => 1, goals => 'data.ml:4', grade => 4, languages => '{en}', utc_offset => 0,
								tags => '{department:DATA,site:berlin}')),
	(2, 'mentee', NULL, profile(id => 2, goals => 'data.ml:4', grade => 4, languages => '{de}', utc_offset => 60,
								tags => '{department:backend,SITE:Berlin}')),
	(3, 'mentee', NULL, profile(id => 3, goals => 'data.ml:3', grade => 3, languages => '{en}', utc_offset => -300,
								tags => '{department:data}'));
CREATE VIEW regress.si_mentees AS SELECT id, profile FROM regress.si_people WHERE role = 'mentee';
CREATE VIEW regress.si_mentors AS SELECT id, profile, capacity FROM regress.si_people WHERE role = 'mentor';
CREATE FUNCTION regress.si_match(mentors text DEFAULT 'SELECT id, profile, capacity FROM regress.si_mentors',
								 keep text DEFAULT NULL, forbid text DEFAULT NULL, rules text[] DEFAULT NULL,
								 min_score float8 DEFAULT NULL)
RETURNS TABLE (mentee_id bigint, mentor_id bigint, reasons text[], reason text)
LANGUAGE sql AS $$
	SELECT mentee_id, mentor_id, reasons, reason
	FROM match('SELECT id, profile FROM regress.si_mentees', mentors,
			   keep => keep, forbid => forbid, rules => rules, min_score => min_score)
$$;

-- 1. A column the function does not read is 42703, naming it and the
-- columns the query may have: a misspelt capacity must not become 1.
SELECT try($$SELECT count(*) FROM si_match('SELECT id, profile, capacity AS max_mentees FROM regress.si_mentors')$$)
	AS misspelt_capacity;
SELECT hint($$SELECT count(*) FROM si_match('SELECT id, profile, capacity AS max_mentees FROM regress.si_mentors')$$)
	AS says_what_may_be;
SELECT try($$SELECT count(*) FROM match('SELECT id, profile, 3 AS capacity FROM regress.si_mentees',
										'SELECT id, profile FROM regress.si_mentors')$$) AS capacity_of_mentees;
SELECT try($$SELECT count(*) FROM recommend('SELECT id, profile, role FROM regress.si_people WHERE role = ''mentee''',
											'SELECT id, profile FROM regress.si_mentors')$$) AS recommend_extra;
SELECT try($$SELECT count(*) FROM si_match(keep => 'SELECT 1 AS mentee_id, 10 AS mentor_id, true AS active')$$)
	AS keep_extra;
SELECT try($$SELECT count(*) FROM si_match(forbid => 'SELECT 1 AS mentee_id, 10 AS mentor_id, 2024 AS year')$$)
	AS forbid_extra;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 10 AS mentor_id, 0.5 AS score, 0.4 AS weight')$$)
	AS candidates_extra;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 10 AS mentor_id, 0.5 AS score',
										 'SELECT 10 AS mentor_id, 2 AS capacity, 3 AS seats')$$) AS capacities_extra;
SELECT try($$SELECT count(*) FROM stable_match('SELECT 1 AS mentee_id, 10 AS mentor_id, 1 AS mentee_pref,
												 1 AS mentor_pref, 1 AS rank')$$) AS stable_extra;
-- the columns read are found by name, in any order; a missing one is
-- still named as missing first
SELECT count(mentor_id) AS any_order FROM si_match('SELECT capacity, profile, id FROM regress.si_mentors');
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee, 10 AS mentor_id, 0.5 AS score')$$) AS missing_first;

-- 2. Tag keys and values fold to lower case, as skill labels do, in
-- profiles and in rules; a same:/different: key no one in the round has
-- is 22023 (it would turn the rule off, or exclude everyone)
SELECT mentee_id, mentor_id FROM si_match(rules => '{different:Department}') ORDER BY 1;
SELECT mentee_id, mentor_id FROM si_match(rules => '{same:site}') ORDER BY 1;
SELECT try($$SELECT count(*) FROM si_match(rules => '{different:departmnet}')$$) AS misspelt_key;
SELECT hint($$SELECT count(*) FROM si_match(rules => '{same:departmnet}')$$) AS misspelt_key_hint;
SELECT try($$SELECT count(*) FROM recommend('SELECT id, profile FROM regress.si_mentees',
											'SELECT id, profile FROM regress.si_mentors', rules => '{same:team}')$$)
	AS recommend_unknown_key;
-- a round with no one in it has no pair a rule could miss
SELECT count(*) AS empty_round FROM match('SELECT id, profile FROM regress.si_mentees WHERE false',
										  'SELECT id, profile FROM regress.si_mentors WHERE false',
										  rules => '{same:team}');
-- folding is of ASCII letters, as skill labels', whatever the collation:
-- SITE:ZÜRICH is site:zÜrich, the same as Site:ZÜRICH, not as site:zürich
SELECT m.tag, mentor_id FROM unnest('{Site:ZÜRICH,site:zürich}'::text[]) m(tag),
	LATERAL match($$SELECT 1 AS id, profile(grade => 3, tags => '{SITE:ZÜRICH}') AS profile$$,
				  format('SELECT 10 AS id, profile(grade => 5, tags => %L) AS profile', ARRAY[m.tag]),
				  rules => '{same:site}') x;

-- 3. A kept pair that breaks a rule has the rule, as written, in its
-- reasons (after its risk reasons)
SELECT mentee_id, mentor_id, reasons, reason
FROM si_match(keep => 'SELECT 1 AS mentee_id, 10 AS mentor_id UNION ALL SELECT 2 AS mentee_id, 12 AS mentor_id',
			  rules => '{different:department,same:site,max_hours_apart=2,shared_language}')
WHERE reason = 'kept' ORDER BY 1;
-- a proposed pair never breaks one: its reasons are its risk's
SELECT bool_and(NOT reasons && '{same:site}') AS proposed_keep_rules
FROM si_match(rules => '{same:site}') WHERE mentor_id IS NOT NULL;

-- 4. forbid rows with a NULL id are ignored, like ids outside the input (a
-- history table LEFT JOINed to people who left)
SELECT mentee_id, mentor_id FROM si_match(forbid => $$SELECT * FROM (VALUES (1::bigint, 10::bigint), (NULL, 11),
																	  (2, NULL), (NULL, NULL)) f(mentee_id, mentor_id)$$)
ORDER BY 1;

-- 5. An error about kept pairs names every offending pair: the first ten
-- and the count
SELECT try($$SELECT count(*) FROM si_match(keep => 'SELECT g AS mentee_id, 100 + g AS mentor_id
													 FROM generate_series(1, 3) g')$$) AS three_mentors_left;
SELECT try($$SELECT count(*) FROM si_match(keep => 'SELECT 1000 + g AS mentee_id, 10 AS mentor_id
													 FROM generate_series(1, 12) g')$$) AS twelve_mentees_left;
-- kinds together: a mentor past its capacity is named once
SELECT try($$SELECT count(*) FROM si_match(keep => 'SELECT * FROM (VALUES (1, 11), (2, 11), (3, 11), (9, 10))
													 k(mentee_id, mentor_id)')$$) AS kinds_together;
-- one offending pair reads as before
SELECT try($$SELECT count(*) FROM si_match(keep => 'SELECT 1 AS mentee_id, 99 AS mentor_id')$$) AS one_left;
SELECT try($$SELECT count(*) FROM si_match(keep => 'SELECT g AS mentee_id, 10 AS mentor_id FROM generate_series(1, 2) g',
										   forbid => 'SELECT g AS mentee_id, 10 AS mentor_id FROM generate_series(1, 3) g')$$)
	AS kept_and_forbidden;

-- 6. profile() checks its arguments when it builds the value, with the
-- SQLSTATEs scoring would raise later
SELECT try($$SELECT profile(id => 1, hours_per_month => -2)$$) AS negative_hours;
SELECT try($$SELECT profile(hours_per_month => 'NaN')$$) AS nan_hours;
SELECT try($$SELECT profile(hours_per_month => 'Infinity')$$) AS infinite_hours;
SELECT try($$SELECT profile(utc_offset => 5000)$$) AS offset_east;
SELECT try($$SELECT profile(utc_offset => -721)$$) AS offset_west;
SELECT try($$SELECT profile(tags => '{nokey}')$$) AS tag_without_key;
SELECT try($$SELECT profile(tags => '{department:}')$$) AS tag_without_value;
-- what is valid builds as before: the bounds, NULLs, every field
SELECT (profile(utc_offset => 840)).utc_offset AS east_bound, (profile(utc_offset => -720)).utc_offset AS west_bound,
	   (profile(hours_per_month => 0)).hours_per_month AS no_hours, profile() IS NOT NULL AS all_null;
SELECT profile(id => 7, skills => 'sql:3', goals => 'ml:2', style => 'pace=0.5', grade => 4, hours_per_month => 2.5,
			   utc_offset => 60, languages => '{en}', core_values => '{growth}', support => '{career}',
			   manager_chain => '{1,2}', projects => '{apollo}', trained => true, tags => '{Site:Berlin}') AS every_field;
-- a profile made otherwise (a cast) is still checked where it is scored
SELECT try($$SELECT score(ROW(NULL, NULL, NULL, NULL, NULL, -1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::profile,
						  profile())$$) AS cast_checked_later;

-- 7. min_score outside [0, 1] is 22023 in match (its scores and
-- probabilities lie there); assign's scores are the caller's, any finite
-- number
SELECT try($$SELECT count(*) FROM si_match(min_score => 1.5)$$) AS above_one;
SELECT try($$SELECT count(*) FROM si_match(min_score => -0.1)$$) AS below_zero;
SELECT count(mentor_id) AS bounds_fine FROM si_match(min_score => 0) UNION ALL
SELECT count(mentor_id) FROM si_match(min_score => 1);
SELECT count(mentor_id) AS assign_any_scale
FROM assign('SELECT 1 AS mentee_id, 10 AS mentor_id, 75 AS score', min_score => 50);

-- 8. evaluate over predictions outside [0, 1] still gives auc and says
-- "probabilities": false, beside NULL Brier and log loss
SELECT e->'auc' AS auc, e->'probabilities' AS probabilities, e->'brier' AS brier, e->'log_loss' AS log_loss
FROM (SELECT evaluate(p, s) AS e FROM (VALUES (2.0, true), (0.5, false), (0.9, true), (0.1, false)) v(p, s)) x;
SELECT e->'probabilities' AS probabilities, e->'brier' IS NOT NULL AS has_brier
FROM (SELECT evaluate(p, s) AS e FROM (VALUES (1.0, true), (0.0, false)) v(p, s)) x;

-- 9. min:<factor>=x: a pair whose factor is below x, or unknown, is never
-- proposed.  Checked against assign over the pairs factors() lets through.
CREATE TABLE regress.si_big AS
	SELECT g AS id, CASE WHEN g <= 40 THEN 'mentee' ELSE 'mentor' END AS role,
		   profile(id => g,
				   skills => CASE WHEN g > 40 AND g % 5 <> 0 THEN format('data.ml:%s,backend.go:%s', 1 + g % 5, 1 + g % 3)::skillset END,
				   goals => CASE WHEN g <= 40 AND g % 7 <> 0 THEN format('data.ml:%s,backend.go:%s', 1 + g % 4, 2 + g % 3)::skillset END,
				   grade => g % 9, languages => CASE WHEN g % 2 = 0 THEN '{en}' ELSE '{en,de}' END::text[]) AS profile
	FROM generate_series(1, 70) g;
SELECT m.n AS matched, a.n AS matched_by_assign, m.total = a.total AS same_total, m.worst_skills >= 0.5 AS skills_held
FROM (SELECT count(x.mentor_id) AS n, round(sum(x.score)::numeric, 9) AS total,
			 min((factors(b.profile, e.profile)).skills) AS worst_skills
	  FROM match('SELECT id, profile FROM regress.si_big WHERE role = ''mentee''',
				 'SELECT id, profile FROM regress.si_big WHERE role = ''mentor''', rules => '{min:skills=0.5}') x
	  JOIN regress.si_big e ON e.id = x.mentee_id LEFT JOIN regress.si_big b ON b.id = x.mentor_id) m,
	 (SELECT count(mentor_id) AS n, round(sum(score)::numeric, 9) AS total
	  FROM assign($q$SELECT e.id AS mentee_id, b.id AS mentor_id, score(b.profile, e.profile) AS score
					 FROM regress.si_big e, regress.si_big b
					 WHERE e.role = 'mentee' AND b.role = 'mentor' AND conflicts(b.profile, e.profile) = '{}'
					   AND (factors(b.profile, e.profile)).skills >= 0.5$q$)) a;
-- the mentees it leaves out say so, by the rule as written
SELECT reasons, reason, count(*) FROM match('SELECT id, profile FROM regress.si_big WHERE role = ''mentee''',
											'SELECT id, profile FROM regress.si_big WHERE role = ''mentor''',
											rules => '{min:skills=0.5}')
WHERE mentor_id IS NULL GROUP BY 1, 2 ORDER BY 1, 2;
-- recommend holds it too
SELECT bool_and((factors(b.profile, e.profile)).skills >= 0.5) AS recommend_holds, count(*) > 0 AS some
FROM recommend('SELECT id, profile FROM regress.si_big WHERE role = ''mentee''',
			   'SELECT id, profile FROM regress.si_big WHERE role = ''mentor''', k => 3, rules => '{min:skills=0.5}') r
JOIN regress.si_big e ON e.id = r.mentee_id JOIN regress.si_big b ON b.id = r.mentor_id;
-- a kept pair below it stays, and says so
SELECT reasons, reason FROM match('SELECT id, profile FROM regress.si_big WHERE id = 7',
								  'SELECT id, profile FROM regress.si_big WHERE id = 45',
								  keep => 'SELECT 7 AS mentee_id, 45 AS mentor_id', rules => '{min:skills=0.5}');
SELECT r AS rule, try(format($$SELECT count(*) FROM si_match(rules => ARRAY[%L])$$, r)) AS result
FROM unnest(ARRAY['min:luck=0.5', 'min:skills=2', 'min:skills=-0.1', 'min:skills=abc', 'min:skills',
				  'min:skills=NaN', 'min:=0.5', 'min:Skills=0.5']) r;
