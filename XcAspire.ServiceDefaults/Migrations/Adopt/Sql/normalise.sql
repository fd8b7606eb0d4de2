-- Data the site stored in shapes XcAspire's keys cannot hold, brought to XcAspire's meaning.
-- Runs after the per-row triggers are dropped (so none of these updates fires them) and after the
-- missing columns are added, before the preflight that looks for rows the new keys would reject.
-- Each step is one statement; the adoption report shows how many rows each changed.

-- step: venues.athletic_net_id '' to NULL
UPDATE venues SET athletic_net_id = NULL WHERE athletic_net_id = '';

-- step: courses.athletic_net_id '' to NULL
UPDATE courses SET athletic_net_id = NULL WHERE athletic_net_id = '';

-- step: meets.athletic_net_id '' to NULL
UPDATE meets SET athletic_net_id = NULL WHERE athletic_net_id = '';

-- step: athletes.athletic_net_id '' to NULL
UPDATE athletes SET athletic_net_id = NULL WHERE athletic_net_id = '';

-- step: schools.athletic_net_id '' to NULL
UPDATE schools SET athletic_net_id = NULL WHERE athletic_net_id = '';

-- step: races.athletic_net_id and athletic_net_race_id '' to NULL
UPDATE races SET athletic_net_id = NULLIF(athletic_net_id, ''), athletic_net_race_id = NULLIF(athletic_net_race_id, '')
WHERE athletic_net_id = '' OR athletic_net_race_id = '';

-- step: races.athletic_net_race_id filled from athletic_net_id
UPDATE races SET athletic_net_race_id = athletic_net_id WHERE athletic_net_race_id IS NULL AND athletic_net_id IS NOT NULL;

-- step: races.athletic_net_id filled from athletic_net_race_id
UPDATE races SET athletic_net_id = athletic_net_race_id WHERE athletic_net_id IS NULL AND athletic_net_race_id IS NOT NULL;

-- step: schools' synthetic keys moved from athletic_net_id to source_key (real team ids are digits)
UPDATE schools SET source_key = athletic_net_id, athletic_net_id = NULL
WHERE athletic_net_id IS NOT NULL AND athletic_net_id !~ '^[0-9]+$';

-- The importer's name folds (NameFoldSql mirrors NameFolding): {{school_key x}} and {{fold x}}.
-- step: schools.normalized_name filled from name
UPDATE schools SET normalized_name = {{school_key name}} WHERE normalized_name IS NULL;

-- step: athletes.normalized_name filled from name
UPDATE athletes SET normalized_name = {{fold name}} WHERE normalized_name IS NULL;

-- The site's slug trigger left slugs XcAspire's slug rule rejects: leading '-' when a script
-- inserted only the full name, '--' runs, NULL. Rebuilt from the full name plus what the slug
-- held; a collision takes -2, -3 … in id order. Well-formed slugs are left as they are.
-- step: athletes.slug rebuilt where malformed or missing
WITH bad AS (
    SELECT id,
           coalesce(nullif(btrim(regexp_replace(lower(translate(
               CASE WHEN slug IS NULL OR slug LIKE '-%' THEN name || '-' || coalesce(slug, '') ELSE slug END,
               'ÁÀÂÄÃÅáàâäãåÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÖÕóòôöõÚÙÛÜúùûüÑñÇçÝý',
               'AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuNnCcYy')), '[^a-z0-9]+', '-', 'g'), '-'), ''), 'athlete') AS base
    FROM athletes
    WHERE slug IS NULL OR slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$'
), numbered AS (
    SELECT id, base, row_number() OVER (PARTITION BY base ORDER BY id) AS n FROM bad
), chosen AS (
    SELECT id,
           CASE WHEN n = 1 AND NOT EXISTS (SELECT 1 FROM athletes a WHERE a.slug = numbered.base)
                THEN base ELSE base || '-' || (n + 1) END AS slug
    FROM numbered
)
UPDATE athletes a SET slug = chosen.slug FROM chosen WHERE chosen.id = a.id;

-- step: results.normalized_time_cs 0 to NULL (not computed, as batch_rebuild_normalized_times reads it)
UPDATE results SET normalized_time_cs = NULL WHERE normalized_time_cs = 0;
