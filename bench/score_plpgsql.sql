-- bench/score_plpgsql.sql — mentormatch's scoring formulas in PL/pgSQL.
--
-- An independent implementation of README.md, sections "How a pair is
-- scored", "Conflicts of interest" and "Mismatch risk", written from the
-- README text alone (not from src/*.c).  It serves two purposes:
--
--   * the oracle of the differential test (sql/differential.sql), which
--     compares every factor, score, conflict and risk with the C functions;
--   * the baseline of the score() benchmark (bench/score_bench.sh): the C
--     score() must be at least 20x faster than oracle.score().
--
-- It also doubles as executable documentation: each function follows one
-- paragraph or table row of the README.  skillset and workstyle values are
-- read only through SQL (mentormatch.skills() and the cast to jsonb), and
-- all arithmetic is float8.  Needs the mentormatch extension; every name is
-- schema-qualified, so it works with any search_path.
--
--   \i bench/score_plpgsql.sql
--   SELECT oracle.score(m.profile, e.profile) FROM ...;

DROP SCHEMA IF EXISTS oracle CASCADE;
CREATE SCHEMA oracle;
COMMENT ON SCHEMA oracle IS
	'PL/pgSQL implementation of the mentormatch scoring formulas (bench/score_plpgsql.sql): differential-test oracle and benchmark baseline';

--------------------------------------------------------------------------
-- Sets: languages, core_values, support, projects compare elements exactly
-- (case-sensitive), ignoring NULL elements and repeats.
--------------------------------------------------------------------------

-- The distinct non-NULL elements of a (NULL stays NULL: the input is missing).
CREATE FUNCTION oracle.set_of(a text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(SELECT DISTINCT x FROM unnest(a) AS x WHERE x IS NOT NULL ORDER BY x);

-- How many distinct elements the two sets have in common.
CREATE FUNCTION oracle.set_shared(a text[], b text[]) RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT count(*) FROM (SELECT unnest(a) INTERSECT SELECT unnest(b)) AS both_(x)
		WHERE x IS NOT NULL);

-- How many distinct elements are in either set.
CREATE FUNCTION oracle.set_union_size(a text[], b text[]) RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT count(*) FROM (SELECT unnest(a) UNION SELECT unnest(b)) AS either(x)
		WHERE x IS NOT NULL);

--------------------------------------------------------------------------
-- coverage(offered, wanted)
--
--     credit(o, w) = similarity(o, w) × min(1, o.level / w.level)
--     similarity   = 1 for the same skill path, otherwise
--                    0.8 × shared / max(depth(o), depth(w))
--                    (shared = leading labels in common; 0 → no credit)
--
-- For each wanted skill, the best credit any offered skill earns, averaged
-- over the wanted skills; NULL when nothing is wanted.
--------------------------------------------------------------------------

CREATE FUNCTION oracle.similarity(o text, w text) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	o_labels text[] := string_to_array(o, '.');
	w_labels text[] := string_to_array(w, '.');
	shared int := 0;
BEGIN
	IF o = w THEN
		RETURN 1.0;
	END IF;
	WHILE shared < least(cardinality(o_labels), cardinality(w_labels))
		  AND o_labels[shared + 1] = w_labels[shared + 1] LOOP
		shared := shared + 1;
	END LOOP;
	RETURN 0.8::float8 * shared
		   / greatest(cardinality(o_labels), cardinality(w_labels))::float8;
END
$$;

CREATE FUNCTION oracle.credit(o_skill text, o_level int, w_skill text, w_level int)
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN oracle.similarity(o_skill, w_skill) * least(1.0::float8, o_level::float8 / w_level::float8);

CREATE FUNCTION oracle.coverage(offered mentormatch.skillset, wanted mentormatch.skillset)
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
	SELECT avg(best)			-- avg over no rows: NULL when nothing is wanted
	FROM (SELECT w.skill,
				 coalesce(max(oracle.credit(o.skill, o.level, w.skill, w.level)), 0.0) AS best
		  FROM mentormatch.skills(wanted) AS w
		  LEFT JOIN mentormatch.skills(offered) AS o ON true
		  GROUP BY w.skill) AS per_wanted_skill);

--------------------------------------------------------------------------
-- style_fit(a, b) = 1 − mean |a.d − b.d| over the dimensions both have;
-- NULL when they share none.
--------------------------------------------------------------------------

CREATE FUNCTION oracle.style_fit(a mentormatch.workstyle, b mentormatch.workstyle)
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
	SELECT 1.0::float8 - avg(abs(da.value::float8 - db.value::float8))
	FROM jsonb_each(a::jsonb) AS da
	JOIN jsonb_each(b::jsonb) AS db ON db.key = da.key);

--------------------------------------------------------------------------
-- factors(mentor, mentee): the seven factors, each in [0,1] or NULL when an
-- input it needs is missing.
--------------------------------------------------------------------------

-- A profile the C functions reject (README, Errors: 22023).
CREATE FUNCTION oracle.check_profile(p mentormatch.profile) RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	IF p.hours_per_month IS NOT NULL
	   AND (p.hours_per_month < 0 OR p.hours_per_month::float8 IN ('NaN', 'Infinity')) THEN
		RAISE EXCEPTION 'invalid profile: hours_per_month must be finite and non-negative, got %',
			p.hours_per_month USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF p.utc_offset NOT BETWEEN -720 AND 840 THEN
		RAISE EXCEPTION 'invalid profile: utc_offset must be between -720 and 840 minutes, got %',
			p.utc_offset USING ERRCODE = 'invalid_parameter_value';
	END IF;
END
$$;

-- stage: from gap = mentor.grade − mentee.grade
--   2 or 3 → 1.0; 1 or 4 → 0.8; 0 (peers) → 0.5; 5 or more → 0.4;
--   below 0 → 0.1, or 0.9 when the mentee's support includes 'reverse'.
CREATE FUNCTION oracle.stage(gap int, reverse_wanted boolean) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
	WHEN gap IS NULL THEN NULL
	WHEN gap IN (2, 3) THEN 1.0
	WHEN gap IN (1, 4) THEN 0.8
	WHEN gap = 0 THEN 0.5
	WHEN gap >= 5 THEN 0.4
	WHEN reverse_wanted THEN 0.9
	ELSE 0.1
END::float8;

-- Does the mentee's support list ask for reverse mentoring?
CREATE FUNCTION oracle.wants_reverse(mentee mentormatch.profile) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce('reverse' = ANY (mentee.support), false);

-- Minutes of the working day (8 hours from 09:00 local) the two share:
-- d = difference of utc_offsets taken around the clock (at most 720).
CREATE FUNCTION oracle.shared_minutes(a_offset int, b_offset int) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	d int := abs(a_offset - b_offset) % 1440;
BEGIN
	d := least(d, 1440 - d);
	RETURN greatest(0, 480 - d)::float8;
END
$$;

-- Language part of logistics: 1 if the lists share a language, 0 if both are
-- non-empty and share none, NULL (unknown) otherwise.
CREATE FUNCTION oracle.language_fit(a text[], b text[]) RETURNS float8
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	sa text[] := oracle.set_of(a);
	sb text[] := oracle.set_of(b);
BEGIN
	IF cardinality(sa) > 0 AND cardinality(sb) > 0 THEN
		RETURN CASE WHEN oracle.set_shared(sa, sb) > 0 THEN 1.0 ELSE 0.0 END;
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION oracle.factors(mentor mentormatch.profile, mentee mentormatch.profile)
RETURNS mentormatch.factor_scores
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	f mentormatch.factor_scores;
	mentor_values text[] := oracle.set_of(mentor.core_values);
	mentee_values text[] := oracle.set_of(mentee.core_values);
	mentor_support text[] := oracle.set_of(mentor.support);
	mentee_support text[] := oracle.set_of(mentee.support);
	hours_part float8;
	language_part float8;
BEGIN
	PERFORM oracle.check_profile(mentor);
	PERFORM oracle.check_profile(mentee);

	-- skills: coverage(mentor.skills, mentee.goals); NULL without goals
	f.skills := oracle.coverage(mentor.skills, mentee.goals);

	-- style: style_fit(mentor.style, mentee.style)
	f.style := oracle.style_fit(mentor.style, mentee.style);

	-- stage: from the grade gap
	f.stage := oracle.stage(mentor.grade - mentee.grade, oracle.wants_reverse(mentee));

	-- values: Jaccard overlap of core_values; NULL unless both list some
	IF cardinality(mentor_values) > 0 AND cardinality(mentee_values) > 0 THEN
		f."values" := oracle.set_shared(mentor_values, mentee_values)::float8
					  / oracle.set_union_size(mentor_values, mentee_values)::float8;
	END IF;

	-- availability: min(1, mentor hours / mentee hours); 1 when the mentee wants 0
	-- (NULL when either side's hours are missing; least() would skip a NULL)
	IF mentor.hours_per_month IS NULL OR mentee.hours_per_month IS NULL THEN
		f.availability := NULL;
	ELSIF mentee.hours_per_month = 0 THEN
		f.availability := 1.0;
	ELSE
		f.availability := least(1.0::float8,
								mentor.hours_per_month::float8 / mentee.hours_per_month::float8);
	END IF;

	-- logistics: shared working hours × shared language, either part alone
	-- when the other is unknown
	hours_part := oracle.shared_minutes(mentor.utc_offset, mentee.utc_offset) / 480.0::float8;
	language_part := oracle.language_fit(mentor.languages, mentee.languages);
	f.logistics := CASE
		WHEN hours_part IS NULL THEN language_part
		WHEN language_part IS NULL THEN hours_part
		ELSE hours_part * language_part
	END;

	-- expectations: share of the mentee's wanted support kinds the mentor offers
	IF cardinality(mentee_support) > 0 AND mentor_support IS NOT NULL THEN
		f.expectations := oracle.set_shared(mentor_support, mentee_support)::float8
						  / cardinality(mentee_support)::float8;
	END IF;

	RETURN f;
END
$$;

--------------------------------------------------------------------------
-- score(mentor, mentee, weights): the weighted mean of the known factors,
-- weights renormalised over them; NULL only when no weighted factor is known.
--------------------------------------------------------------------------

CREATE FUNCTION oracle.default_weights() RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{"skills": 0.30, "style": 0.10, "stage": 0.15, "values": 0.10,
		 "availability": 0.10, "logistics": 0.10, "expectations": 0.15}'::jsonb;

-- The defaults overridden by the given keys; an unknown key, a negative,
-- non-numeric weight or all weights zero is an error (22023).  jsonb numbers
-- are always finite.
CREATE FUNCTION oracle.weights(given jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	w jsonb := oracle.default_weights();
	kv record;
BEGIN
	IF given IS NULL THEN
		RETURN w;
	END IF;
	IF jsonb_typeof(given) <> 'object' THEN
		RAISE EXCEPTION 'weights must be a jsonb object' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	FOR kv IN SELECT key, value FROM jsonb_each(given) LOOP
		IF NOT w ? kv.key THEN
			RAISE EXCEPTION 'unknown weight "%"', kv.key USING ERRCODE = 'invalid_parameter_value';
		END IF;
		IF jsonb_typeof(kv.value) <> 'number' THEN
			RAISE EXCEPTION 'weight "%" is not a number', kv.key USING ERRCODE = 'invalid_parameter_value';
		END IF;
		IF kv.value::float8 < 0 THEN
			RAISE EXCEPTION 'weight "%" is negative', kv.key USING ERRCODE = 'invalid_parameter_value';
		END IF;
		w := jsonb_set(w, ARRAY[kv.key], kv.value);
	END LOOP;
	IF (SELECT sum(value::float8) FROM jsonb_each(w)) = 0 THEN
		RAISE EXCEPTION 'all weights are zero' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	RETURN w;
END
$$;

-- Weighted mean of the known factors of f under complete weights w.
CREATE FUNCTION oracle.weighted_mean(f mentormatch.factor_scores, w jsonb) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	total float8 := 0;
	weight_sum float8 := 0;
	factor record;
BEGIN
	FOR factor IN
		SELECT name, value FROM (VALUES
			('skills', f.skills), ('style', f.style), ('stage', f.stage),
			('values', f."values"), ('availability', f.availability),
			('logistics', f.logistics), ('expectations', f.expectations)) AS v(name, value)
	LOOP
		IF factor.value IS NOT NULL THEN
			total := total + (w ->> factor.name)::float8 * factor.value;
			weight_sum := weight_sum + (w ->> factor.name)::float8;
		END IF;
	END LOOP;
	IF weight_sum = 0 THEN
		RETURN NULL;		-- no weighted factor is known
	END IF;
	RETURN total / weight_sum;
END
$$;

CREATE FUNCTION oracle.score(mentor mentormatch.profile, mentee mentormatch.profile,
							 weights jsonb DEFAULT NULL)
RETURNS float8
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	w jsonb := oracle.weights(weights);
BEGIN
	RETURN oracle.weighted_mean(oracle.factors(mentor, mentee), w);
END
$$;

--------------------------------------------------------------------------
-- conflicts(mentor, mentee): the hard rules a pair breaks, in this order:
--   self            same id
--   reporting_line  either id is in the other's manager_chain
--   same_team       same direct manager (the last element of both chains)
--   shared_project  a project in both projects
--------------------------------------------------------------------------

CREATE FUNCTION oracle.conflicts(mentor mentormatch.profile, mentee mentormatch.profile)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	result text[] := '{}';
BEGIN
	IF mentor.id = mentee.id THEN
		result := result || 'self'::text;
	END IF;
	IF mentor.id = ANY (mentee.manager_chain) OR mentee.id = ANY (mentor.manager_chain) THEN
		result := result || 'reporting_line'::text;
	END IF;
	IF mentor.manager_chain[cardinality(mentor.manager_chain)]
	   = mentee.manager_chain[cardinality(mentee.manager_chain)] THEN
		result := result || 'same_team'::text;
	END IF;
	IF oracle.set_shared(mentor.projects, mentee.projects) > 0 THEN
		result := result || 'shared_project'::text;
	END IF;
	RETURN result;
END
$$;

--------------------------------------------------------------------------
-- risk(mentor, mentee, weights): (level, reasons, score).
--
-- Reasons in the order of the README's table, with their points; the level
-- is critical for any conflict, otherwise high with 4 points or more or a
-- score below 0.4, moderate with 2 points or more or a score below 0.6,
-- low otherwise.
--------------------------------------------------------------------------

CREATE FUNCTION oracle.risk(mentor mentormatch.profile, mentee mentormatch.profile,
							weights jsonb DEFAULT NULL)
RETURNS mentormatch.risk_assessment
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	r mentormatch.risk_assessment;
	f mentormatch.factor_scores := oracle.factors(mentor, mentee);
	gap int := mentor.grade - mentee.grade;
	mentor_languages text[] := oracle.set_of(mentor.languages);
	mentee_languages text[] := oracle.set_of(mentee.languages);
	has_conflict boolean := cardinality(oracle.conflicts(mentor, mentee)) > 0;
	points int := 0;
	reasons text[] := '{}';
BEGIN
	r.score := oracle.score(mentor, mentee, weights);

	IF has_conflict THEN
		reasons := reasons || 'conflict_of_interest'::text;
	END IF;
	IF f.skills < 0.5 THEN
		reasons := reasons || 'skill_gap'::text;  points := points + 2;
	END IF;
	IF gap < 0 AND NOT oracle.wants_reverse(mentee) THEN
		reasons := reasons || 'stage_inversion'::text;  points := points + 2;
	END IF;
	IF gap >= 5 THEN
		reasons := reasons || 'stage_gap'::text;  points := points + 1;
	END IF;
	IF f.style < 0.5 THEN
		reasons := reasons || 'style_clash'::text;  points := points + 1;
	END IF;
	IF f."values" < 0.2 THEN
		reasons := reasons || 'values_divergence'::text;  points := points + 1;
	END IF;
	IF f.availability < 0.5 THEN
		reasons := reasons || 'low_availability'::text;  points := points + 1;
	END IF;
	IF oracle.shared_minutes(mentor.utc_offset, mentee.utc_offset) < 4 * 60 THEN
		reasons := reasons || 'timezone_gap'::text;  points := points + 1;
	END IF;
	IF cardinality(mentor_languages) > 0 AND cardinality(mentee_languages) > 0
	   AND oracle.set_shared(mentor_languages, mentee_languages) = 0 THEN
		reasons := reasons || 'language_barrier'::text;  points := points + 2;
	END IF;
	IF f.expectations < 0.5 THEN
		reasons := reasons || 'expectation_mismatch'::text;  points := points + 1;
	END IF;
	IF mentor.trained = false OR mentee.trained = false THEN
		reasons := reasons || 'untrained'::text;  points := points + 2;
	END IF;

	r.reasons := reasons;
	r.level := CASE
		WHEN has_conflict THEN 'critical'
		WHEN points >= 4 OR r.score < 0.4 THEN 'high'
		WHEN points >= 2 OR r.score < 0.6 THEN 'moderate'
		ELSE 'low'
	END;
	RETURN r;
END
$$;
