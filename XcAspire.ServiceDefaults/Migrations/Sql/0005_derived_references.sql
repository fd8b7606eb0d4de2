-- The derived tables (bests, course records, hall of fame, school course records) are caches that the
-- import engine deletes and rebuilds set-based. Each of their rows kept up to six foreign keys, and
-- PostgreSQL checks every one with a per-row trigger query: on a 20,000-result meet that was some
-- 200,000 lookups, most of the derived rebuild's time. A derived row keeps only the two references
-- that carry its lifetime, its result and its athlete (both ON DELETE CASCADE):
--   * a meet, race or school is only ever removed together with its results (meets → races →
--     results, schools → athletes → results cascade), which removes the derived rows through them;
--   * an athlete merged into another loses its rows through the athlete reference even though its
--     results move over;
--   * course, school, meet and race columns are copies of what the result points at, rewritten by
--     every rebuild.
-- Dropped by column, not by name: an adopted site database may name the same constraints otherwise.
DO $$
DECLARE
    doomed record;
BEGIN
    FOR doomed IN
        SELECT c.conrelid::regclass AS tbl, c.conname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f'
          AND cardinality(c.conkey) = 1
          AND c.connamespace = current_schema()::regnamespace
          AND (c.conrelid::regclass::text, a.attname) IN (
              ('athlete_best_times', 'season_best_course_id'), ('athlete_best_times', 'alltime_best_course_id'),
              ('course_records', 'course_id'), ('course_records', 'school_id'), ('course_records', 'meet_id'), ('course_records', 'race_id'),
              ('school_hall_of_fame', 'school_id'), ('school_hall_of_fame', 'course_id'), ('school_hall_of_fame', 'meet_id'),
              ('school_hall_of_fame', 'race_id'),
              ('school_course_records', 'school_id'), ('school_course_records', 'course_id'), ('school_course_records', 'meet_id'),
              ('school_course_records', 'race_id'))
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', doomed.tbl, doomed.conname);
    END LOOP;
END
$$;
