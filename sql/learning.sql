-- learn(), success_probability(), evaluate(), and a model in risk(),
-- explain(), match() and recommend(): on a simulated history whose pairs
-- succeed by a known model (test/fixtures/outcomes.sql), learn on the
-- earlier pairs, judge on the later ones.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\i test/fixtures/outcomes.sql
\set ECHO all

CREATE TABLE regress.sim AS
SELECT p.pair, p.started, p.truth, p.succeeded, m.profile AS mentor, e.profile AS mentee
FROM regress.sim_pairs p JOIN regress.sim_people m ON m.id = p.mentor
JOIN regress.sim_people e ON e.id = p.mentee;
SELECT count(*) AS pairs, count(*) FILTER (WHERE started <= 5000) AS to_learn_from,
	   round(avg(succeeded::int), 2) AS success_rate
FROM regress.sim;

-- the model, learned from the earlier pairs
CREATE TABLE regress.model AS
SELECT learn(mentor, mentee, succeeded) AS m FROM regress.sim WHERE started <= 5000;
SELECT m->>'model' AS model, m->'version' AS version, m->'pairs' AS pairs,
	   m->'successes' AS successes, m->'fit'->'converged' AS converged,
	   (SELECT count(*) FROM jsonb_object_keys(m->'coefficients')) AS features,
	   (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(m) k) AS keys
FROM regress.model;
-- its weights are score() weights: seven factors, none negative, adding to 1
SELECT (SELECT count(*) FROM jsonb_each(m->'weights')) AS factors,
	   (SELECT bool_and(value::float8 >= 0) FROM jsonb_each_text(m->'weights')) AS none_negative,
	   round((SELECT sum(value::float8) FROM jsonb_each_text(m->'weights'))::numeric, 12) AS total,
	   score(profile(grade => 5), profile(grade => 3), m->'weights') IS NOT NULL AS usable
FROM regress.model;
-- the features it fits (docs/reference.md, learn)
SELECT string_agg(k, ', ' ORDER BY k) AS features FROM regress.model, jsonb_object_keys(m->'coefficients') k;

-- on the later pairs: the learned probability ranks clearly better than the
-- default score, and is calibrated; the truth bounds what is possible
CREATE TABLE regress.judged AS
SELECT e.predictor, e.r
FROM (SELECT 'learned' AS predictor,
			 evaluate(success_probability(mentor, mentee, (SELECT m FROM regress.model)), succeeded) AS r
	  FROM regress.sim WHERE started > 5000
	  UNION ALL
	  SELECT 'score', evaluate(score(mentor, mentee), succeeded) FROM regress.sim WHERE started > 5000
	  UNION ALL
	  SELECT 'truth', evaluate(truth, succeeded) FROM regress.sim WHERE started > 5000) e;
SELECT (SELECT (r->>'auc')::float8 FROM regress.judged WHERE predictor = 'learned') >
	   (SELECT (r->>'auc')::float8 FROM regress.judged WHERE predictor = 'score') + 0.04 AS learned_ranks_better,
	   (SELECT (r->>'auc')::float8 FROM regress.judged WHERE predictor = 'learned') >
	   (SELECT (r->>'auc')::float8 FROM regress.judged WHERE predictor = 'truth') - 0.02 AS near_the_truth,
	   (SELECT (r->>'brier')::float8 FROM regress.judged WHERE predictor = 'learned') <
	   (SELECT (r->>'brier')::float8 FROM regress.judged WHERE predictor = 'score') AS lower_brier;
SELECT abs(avg(p) - avg(succeeded::int)) < 0.03 AS calibrated_overall,
	   (SELECT bool_and(abs((c->>'predicted')::float8 - (c->>'observed')::float8) < 0.08)
		FROM regress.judged, jsonb_array_elements(r->'calibration') c
		WHERE predictor = 'learned') AS calibrated_by_decile
FROM (SELECT success_probability(mentor, mentee, (SELECT m FROM regress.model)) AS p, succeeded
	  FROM regress.sim WHERE started > 5000) t;

-- evaluate() against an independent count: AUC over every (success,
-- failure) pair with ties half, Brier and log loss by their definitions
CREATE TABLE regress.pred AS
SELECT pair, round(success_probability(mentor, mentee, (SELECT m FROM regress.model))::numeric, 2)::float8 AS p,
	   succeeded
FROM regress.sim WHERE started > 5000 AND started <= 6200;
SELECT abs((e->>'auc')::float8 - a.auc) < 1e-9 AS auc_agrees,
	   abs((e->>'brier')::float8 - b.brier) < 1e-9 AS brier_agrees,
	   abs((e->>'log_loss')::float8 - b.log_loss) < 1e-9 AS log_loss_agrees,
	   (e->>'pairs')::int = b.n AS pairs_agree
FROM (SELECT evaluate(p, succeeded) AS e FROM regress.pred) ev,
	 (SELECT (sum(CASE WHEN s.p > f.p THEN 1.0 WHEN s.p = f.p THEN 0.5 ELSE 0 END) / count(*))::float8 AS auc
	  FROM regress.pred s JOIN regress.pred f ON s.succeeded AND NOT f.succeeded) a,
	 (SELECT avg((p - succeeded::int) ^ 2) AS brier,
			 -avg(CASE WHEN succeeded THEN ln(greatest(p, 1e-15)) ELSE ln(greatest(1 - p, 1e-15)) END) AS log_loss,
			 count(*) AS n
	  FROM regress.pred) b;

-- the same rows in any order, and under a parallel plan, give the same model
SELECT (SELECT learn(mentor, mentee, succeeded ORDER BY pair DESC) FROM regress.sim WHERE started <= 5000)
	   = (SELECT m FROM regress.model) AS order_free;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT learn(mentor, mentee, succeeded) FROM regress.sim WHERE started <= 5000;
SELECT (SELECT learn(mentor, mentee, succeeded) FROM regress.sim WHERE started <= 5000)
	   = (SELECT m FROM regress.model) AS parallel_same;
SELECT (SELECT evaluate(p, succeeded) FROM regress.pred) =
	   (SELECT evaluate(p, succeeded ORDER BY pair) FROM regress.pred) AS evaluate_parallel_same;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- rows without an outcome are ignored
SELECT (SELECT learn(mentor, mentee, CASE WHEN started <= 5000 THEN succeeded END) FROM regress.sim)
	   = (SELECT m FROM regress.model) AS null_outcomes_ignored;

-- learn(): no rows, no outcomes, one outcome, too few pairs
SELECT learn(mentor, mentee, succeeded) IS NULL AS no_rows FROM regress.sim WHERE false;
SELECT learn(mentor, mentee, NULL) IS NULL AS no_outcomes FROM regress.sim WHERE started <= 100;
SELECT try($$SELECT learn(mentor, mentee, true) FROM regress.sim WHERE started <= 100$$) AS one_outcome;
SELECT try($$SELECT learn(mentor, mentee, succeeded) FROM regress.sim WHERE started <= 12$$) AS too_few;
SELECT try($$SELECT learn(NULL, mentee, succeeded) FROM regress.sim WHERE started <= 30$$) AS null_mentor;

-- success_probability(): in (0, 1), the logistic of the model's log-odds,
-- which explain() breaks into the intercept and each feature's contribution
SELECT bool_and(p > 0 AND p < 1) AS in_open_interval,
	   bool_and(abs(ln(p / (1 - p)) - ((x->'model'->>'intercept')::float8 +
		   (SELECT sum((f.value->>'contribution')::float8) FROM jsonb_each(x->'model'->'features') f))) < 1e-9)
		   AS contributions_add_up,
	   bool_and((x->>'probability')::float8 = p) AS explain_says_the_same
FROM (SELECT success_probability(mentor, mentee, (SELECT m FROM regress.model)) AS p,
			 explain(mentor, mentee, model => (SELECT m FROM regress.model)) AS x
	  FROM regress.sim WHERE started > 7000) t;
SELECT success_probability(profile(), profile(), '{"model": "logistic", "version": 1, "intercept": 800, "coefficients": {}}') < 1 AS never_one,
	   success_probability(profile(), profile(), '{"model": "logistic", "version": 1, "intercept": -800, "coefficients": {}}') > 0 AS never_zero,
	   success_probability(profile(), profile(), NULL) IS NULL AS strict;
-- malformed models: 22023, saying what is wrong
SELECT m, try(format('SELECT success_probability(profile(), profile(), %L)', m)) AS error
FROM unnest(ARRAY[
	'[1]',
	'3',
	'{"model": "linear", "version": 1, "intercept": 0, "coefficients": {}}',
	'{"model": "logistic", "version": 2, "intercept": 0, "coefficients": {}}',
	'{"model": "logistic", "intercept": 0, "coefficients": {}}',
	'{"model": "logistic", "version": 1, "coefficients": {}}',
	'{"model": "logistic", "version": 1, "intercept": 1e308, "coefficients": {"mentor_trained": 1e308}}',
	'{"model": "logistic", "version": 1, "intercept": "0", "coefficients": {}}',
	'{"model": "logistic", "version": 1, "intercept": 0}',
	'{"model": "logistic", "version": 1, "intercept": 0, "coefficients": [1]}',
	'{"model": "logistic", "version": 1, "intercept": 0, "coefficients": {"luck": 1}}',
	'{"model": "logistic", "version": 1, "intercept": 0, "coefficients": {"skills": "high"}}',
	'{"model": "logistic", "version": 1, "intercept": 1e400, "coefficients": {}}'
]) AS m;

-- risk() with a model: the level follows the probability (critical below
-- 0.3 or with a conflict, high below 0.5, moderate below 0.7, else low);
-- the reasons stay the rules
SELECT count(*) AS pairs,
	   count(*) FILTER (WHERE (r).level <> CASE WHEN cardinality(conflicts(mentor, mentee)) > 0 OR p < 0.3 THEN 'critical'
			WHEN p < 0.5 THEN 'high' WHEN p < 0.7 THEN 'moderate' ELSE 'low' END::risk_level) AS level_differs,
	   count(*) FILTER (WHERE (r).reasons IS DISTINCT FROM (risk(mentor, mentee)).reasons) AS reasons_differ,
	   count(DISTINCT (r).level) AS levels_seen
FROM (SELECT mentor, mentee, risk(mentor, mentee, model => (SELECT m FROM regress.model)) AS r,
			 success_probability(mentor, mentee, (SELECT m FROM regress.model)) AS p
	  FROM regress.sim WHERE started > 5000) t;
-- a lower level means more success, on the later pairs
SELECT (r).level, count(*) AS pairs, round(avg(succeeded::int), 2) AS success_rate
FROM (SELECT risk(mentor, mentee, model => (SELECT m FROM regress.model)) AS r, succeeded
	  FROM regress.sim WHERE started > 5000) t
GROUP BY 1 ORDER BY 1;

-- match() with a model: each pair's score is its probability, and
-- objective total maximises the expected number of successes, the same
-- optimum as assign() over success_probability() in a cross join
CREATE TABLE regress.cohort_a AS SELECT id, profile FROM regress.sim_people WHERE id BETWEEN 1 AND 60;
CREATE TABLE regress.cohort_b AS SELECT id, profile, 2 AS capacity FROM regress.sim_people WHERE id BETWEEN 601 AND 630;
CREATE TABLE regress.matched AS
SELECT * FROM match('SELECT id, profile FROM regress.cohort_a', 'SELECT id, profile, capacity FROM regress.cohort_b',
					objective => 'total', model => (SELECT m FROM regress.model));
SELECT count(mentor_id) AS matched,
	   bool_and(abs(score - success_probability(b.profile, a.profile, (SELECT m FROM regress.model))) < 1e-12)
		   AS scores_are_probabilities
FROM regress.matched x JOIN regress.cohort_a a ON a.id = x.mentee_id
LEFT JOIN regress.cohort_b b ON b.id = x.mentor_id WHERE x.mentor_id IS NOT NULL;
CREATE TABLE regress.cross_probs AS
SELECT a.id AS mentee_id, b.id AS mentor_id,
	   success_probability(b.profile, a.profile, (SELECT m FROM regress.model)) AS score
FROM regress.cohort_a a, regress.cohort_b b
WHERE cardinality(conflicts(b.profile, a.profile)) = 0;
SELECT abs((SELECT sum(score) FROM regress.matched) -
		   (SELECT sum(score) FROM assign('SELECT mentee_id, mentor_id, score FROM regress.cross_probs',
										  'SELECT id AS mentor_id, capacity FROM regress.cohort_b',
										  objective => 'total'))) < 1e-9 AS same_expected_successes;
-- min_score applies to the probability
SELECT bool_and(score >= 0.5) AS min_score_on_probability
FROM match('SELECT id, profile FROM regress.cohort_a', 'SELECT id, profile, capacity FROM regress.cohort_b',
		   min_score => 0.5, model => (SELECT m FROM regress.model)) WHERE mentor_id IS NOT NULL;
-- recommend() with a model ranks by probability
SELECT bool_and(r.score = success_probability(b.profile, a.profile, (SELECT m FROM regress.model))) AS ranked_by_probability,
	   count(*) AS rows
FROM recommend('SELECT id, profile FROM regress.cohort_a', 'SELECT id, profile FROM regress.cohort_b',
			   k => 3, model => (SELECT m FROM regress.model)) r
JOIN regress.cohort_a a ON a.id = r.mentee_id JOIN regress.cohort_b b ON b.id = r.mentor_id;
SELECT try($$SELECT count(*) FROM match('SELECT id, profile FROM regress.cohort_a', 'SELECT id, profile FROM regress.cohort_b', model => '{"model": "tree"}')$$) AS bad_model;

-- evaluate(): edge cases
SELECT evaluate(p, s) IS NULL AS no_rows FROM (VALUES (0.5::float8, true)) v(p, s) WHERE false;
SELECT evaluate(p, s) FROM (VALUES (0.9::float8, true), (0.9, false), (0.1, false), (0.5, true)) v(p, s);
SELECT evaluate(p, s)->'auc' AS one_outcome_auc FROM (VALUES (0.2::float8, true), (0.7, true)) v(p, s);
SELECT evaluate(p, s)->'brier' AS brier_outside_unit, evaluate(p, s)->'auc' AS auc_still
FROM (VALUES (3.5::float8, true), (1.0, false), (-2, false)) v(p, s);
SELECT evaluate(p, s)->'pairs' AS nulls_ignored FROM (VALUES (0.2::float8, true), (NULL, false), (0.4, NULL)) v(p, s);
SELECT try($$SELECT evaluate('NaN', true)$$) AS nan_prediction;
-- ties count half, and equal predictions stay in one calibration group
SELECT evaluate(p, s)->'auc' AS all_tied_auc, jsonb_array_length(evaluate(p, s)->'calibration') AS groups
FROM (SELECT 0.5::float8, i % 2 = 0 FROM generate_series(1, 100) i) v(p, s);

DROP TABLE regress.sim, regress.model, regress.judged, regress.pred, regress.cohort_a,
	regress.cohort_b, regress.matched, regress.cross_probs, regress.sim_pairs, regress.sim_people;
