-- The site's domain schema (table and column names kept so the website reads what we write),
-- as it should have been. Deliberate differences from the site are listed in README.md.
-- Derived tables are rebuilt set-based by the importer: there are no triggers on results.

CREATE TABLE venues (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name            text NOT NULL CHECK (btrim(name) <> ''),
    city            text,
    state           text DEFAULT 'CA',
    full_address    text,
    latitude        numeric(10, 8) CHECK (latitude BETWEEN -90 AND 90),
    longitude       numeric(11, 8) CHECK (longitude BETWEEN -180 AND 180),
    website_url     text,
    notes           text,
    athletic_net_id text CHECK (athletic_net_id <> ''),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT venues_name_key UNIQUE (name),
    CONSTRAINT venues_athletic_net_id_key UNIQUE (athletic_net_id)
);
CREATE INDEX venues_name_search_idx ON venues (lower(name) text_pattern_ops);

CREATE TABLE courses (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                   text NOT NULL CHECK (btrim(name) <> ''),
    venue_id               uuid NOT NULL REFERENCES venues (id),
    distance_meters        integer NOT NULL CHECK (distance_meters BETWEEN 100 AND 50000),
    distance_display       text,
    -- A pace multiplier relative to a flat track (about 1.06–1.25). NULL = not rated yet:
    -- normalised times stay NULL and the course goes to review, never a made-up default.
    difficulty_rating      numeric(12, 9) CHECK (difficulty_rating > 0.5 AND difficulty_rating < 3),
    location               text,
    venue                  text,
    elevation_gain_meters  integer CHECK (elevation_gain_meters >= 0),
    surface_type           text CHECK (surface_type IN ('grass', 'dirt', 'mixed', 'trail', 'paved')),
    terrain_description    text,
    course_map_url         text,
    athletic_net_id        text CHECK (athletic_net_id <> ''),
    notes                  text,
    confidence_score       numeric(5, 4) DEFAULT 0.5 CHECK (confidence_score BETWEEN 0 AND 1),
    confidence_notes       text,
    last_confidence_update timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT courses_venue_id_name_key UNIQUE (venue_id, name),
    CONSTRAINT courses_athletic_net_id_key UNIQUE (athletic_net_id)
);
CREATE INDEX courses_name_search_idx ON courses (lower(name) text_pattern_ops);

CREATE TABLE schools (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name            text NOT NULL CHECK (btrim(name) <> ''),
    -- Case, apostrophes, periods and parenthesised abbreviations folded: what matching compares.
    normalized_name text NOT NULL CHECK (normalized_name <> ''),
    short_name      text,
    city            text,
    state           text,
    league          text,
    subleague       text,
    cif_division    text,
    cif_section     text,
    mascot          text,
    colors          text[],
    website_url     text,
    logo_url        text,
    -- The real Athletic.net team id only; synthetic keys live in source_key.
    athletic_net_id text CHECK (athletic_net_id <> '' AND athletic_net_id ~ '^[0-9]+$'),
    -- The scraper's synthetic key, e.g. 'school_Westmont'.
    source_key      text CHECK (source_key <> ''),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schools_athletic_net_id_key UNIQUE (athletic_net_id),
    CONSTRAINT schools_source_key_key UNIQUE (source_key)
);
-- Two real schools may share a name (each has its own team id); a school known only by name is
-- one school per normalised name, so concurrent imports cannot create it twice.
CREATE UNIQUE INDEX schools_unidentified_name_key ON schools (normalized_name) WHERE athletic_net_id IS NULL;
CREATE INDEX schools_normalized_name_idx ON schools (normalized_name);

CREATE TABLE athletes (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    school_id       uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (btrim(name) <> ''),
    first_name      text,
    last_name       text,
    -- Case/accent/punctuation-folded full name: the importer's matching tiers compare it.
    normalized_name text NOT NULL CHECK (normalized_name <> ''),
    -- NULL when the source gave no grade: unknown, never guessed.
    grad_year       integer CHECK (grad_year BETWEEN 1966 AND 2100),
    gender          text NOT NULL CHECK (gender IN ('M', 'F')),
    slug            text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    athletic_net_id text CHECK (athletic_net_id <> ''),
    photo_url       text,
    bio             text,
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT athletes_slug_key UNIQUE (slug),
    CONSTRAINT athletes_athletic_net_id_key UNIQUE (athletic_net_id)
);
CREATE INDEX athletes_school_name_idx ON athletes (school_id, normalized_name);
CREATE INDEX athletes_school_grad_gender_idx ON athletes (school_id, grad_year, gender);

CREATE TABLE meets (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name              text NOT NULL CHECK (btrim(name) <> ''),
    meet_date         date NOT NULL,
    -- Calendar year of the fall season (2025 for Fall 2025).
    season_year       integer NOT NULL CHECK (season_year BETWEEN 1966 AND 2100),
    venue_id          uuid REFERENCES venues (id),
    meet_type         text CHECK (meet_type IN ('invitational', 'dual', 'league', 'championship', 'scrimmage')),
    athletic_net_id   text CHECK (athletic_net_id ~ '^[0-9]+$'),
    athletic_net_url  text,
    results_url       text,
    weather_conditions text,
    temperature_f     integer CHECK (temperature_f BETWEEN -40 AND 130),
    notes             text,
    result_count      integer NOT NULL DEFAULT 0 CHECK (result_count >= 0),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meets_athletic_net_id_key UNIQUE (athletic_net_id)
);
CREATE INDEX meets_venue_idx ON meets (venue_id);
CREATE INDEX meets_season_idx ON meets (season_year);

CREATE TABLE races (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    meet_id              uuid NOT NULL REFERENCES meets (id) ON DELETE CASCADE,
    -- The raw title, e.g. 'Mens 5,000 Meters Varsity'.
    name                 text NOT NULL CHECK (btrim(name) <> ''),
    gender               text NOT NULL CHECK (gender IN ('M', 'F')),
    distance_meters      integer NOT NULL CHECK (distance_meters BETWEEN 100 AND 50000),
    course_id            uuid REFERENCES courses (id),
    division             text,
    race_type            text CHECK (race_type IN
        ('varsity', 'jv', 'frosh_soph', 'freshman', 'sophomore', 'reserves', 'open', 'novice', 'non_varsity', 'other')),
    start_time           text,
    -- One identity per race: the Athletic.net race id. athletic_net_id mirrors it for the
    -- site's scripts that read that column.
    athletic_net_race_id text CHECK (athletic_net_race_id ~ '^[0-9]+$'),
    athletic_net_id      text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT races_athletic_net_race_id_key UNIQUE (athletic_net_race_id),
    CONSTRAINT races_athletic_net_id_mirror CHECK (athletic_net_id IS NOT DISTINCT FROM athletic_net_race_id)
);
CREATE INDEX races_meet_idx ON races (meet_id);
CREATE INDEX races_course_idx ON races (course_id);

-- Timed finishes only; non-finishers have their own table.
CREATE TABLE results (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    athlete_id           uuid NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    meet_id              uuid NOT NULL REFERENCES meets (id) ON DELETE CASCADE,
    race_id              uuid NOT NULL REFERENCES races (id) ON DELETE CASCADE,
    time_cs              integer NOT NULL CHECK (time_cs > 0 AND time_cs < 99999900),
    place_overall        integer CHECK (place_overall > 0),
    place_gender         integer CHECK (place_gender > 0),
    place_team           integer CHECK (place_team > 0),
    -- The grade the source gave for this race (missing stays NULL, not 12).
    grade                smallint CHECK (grade BETWEEN 1 AND 12),
    normalized_time_cs   integer CHECK (normalized_time_cs > 0),
    standardized_mile_cs integer,
    scored               boolean DEFAULT true,
    is_pr                boolean NOT NULL DEFAULT false,
    is_sb                boolean NOT NULL DEFAULT false,
    data_source          text NOT NULL DEFAULT 'athletic_net'
        CHECK (data_source IN ('excel_import', 'athletic_net', 'manual_import', 'scraper')),
    -- The source's own result id (Athletic.net IDResult), when it gave one.
    source_result_id     text CHECK (source_result_id <> ''),
    is_legacy_data       boolean NOT NULL DEFAULT false,
    is_complete_results  boolean NOT NULL DEFAULT true,
    validation_status    text CHECK (validation_status IN ('pending', 'confirmed', 'discrepancy', 'replaced', 'needs_review')),
    replaced_by          uuid REFERENCES results (id) ON DELETE SET NULL,
    validated_at         timestamptz,
    validated_by         text,
    notes                text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    -- Ties between different athletes are normal; one athlete may hold two different times in a
    -- race (kept and flagged), never the same time twice.
    CONSTRAINT results_race_athlete_time_key UNIQUE (race_id, athlete_id, time_cs),
    CONSTRAINT results_source_result_id_key UNIQUE (source_result_id)
);
CREATE INDEX results_athlete_idx ON results (athlete_id);
CREATE INDEX results_meet_idx ON results (meet_id);

CREATE TABLE non_finishers (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    athlete_id       uuid NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    meet_id          uuid NOT NULL REFERENCES meets (id) ON DELETE CASCADE,
    race_id          uuid NOT NULL REFERENCES races (id) ON DELETE CASCADE,
    status           text NOT NULL CHECK (status IN ('DNF', 'DNS', 'DQ', 'SCR', 'NT')),
    grade            smallint CHECK (grade BETWEEN 1 AND 12),
    source_result_id text CHECK (source_result_id <> ''),
    data_source      text NOT NULL DEFAULT 'athletic_net'
        CHECK (data_source IN ('excel_import', 'athletic_net', 'manual_import', 'scraper')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT non_finishers_race_athlete_key UNIQUE (race_id, athlete_id)
);
CREATE INDEX non_finishers_athlete_idx ON non_finishers (athlete_id);
CREATE INDEX non_finishers_meet_idx ON non_finishers (meet_id);

-- Review queue: one athlete with two different times in one race.
CREATE TABLE potential_duplicates (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    result_id_1        uuid NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    result_id_2        uuid NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    athlete_id         uuid NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    meet_id            uuid NOT NULL REFERENCES meets (id) ON DELETE CASCADE,
    race_id            uuid NOT NULL REFERENCES races (id) ON DELETE CASCADE,
    conflict_type      text NOT NULL DEFAULT 'different_times_same_athlete_race',
    time_1_cs          integer NOT NULL,
    time_2_cs          integer NOT NULL,
    time_difference_cs integer NOT NULL CHECK (time_difference_cs >= 0),
    status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'resolved', 'ignored')),
    resolution_notes   text,
    resolved_at        timestamptz,
    resolved_by        text,
    detected_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT potential_duplicates_result_id_1_result_id_2_key UNIQUE (result_id_1, result_id_2),
    CONSTRAINT potential_duplicates_different_results CHECK (result_id_1 <> result_id_2),
    CONSTRAINT potential_duplicates_time_check CHECK (time_1_cs <> time_2_cs)
);
CREATE INDEX potential_duplicates_status_idx ON potential_duplicates (status);

-- Review queue: an athlete matched (or created) with less than full certainty.
CREATE TABLE potential_duplicate_athletes (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    athlete_id_1     uuid NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    athlete_id_2     uuid,
    school_id        uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    meet_id          uuid REFERENCES meets (id) ON DELETE SET NULL,
    name_1           text,
    name_2           text NOT NULL,
    conflict_type    text NOT NULL DEFAULT 'name_variation',
    grad_year_1      integer,
    grad_year_2      integer,
    gender_1         text CHECK (gender_1 IN ('M', 'F')),
    gender_2         text CHECK (gender_2 IN ('M', 'F')),
    csv_data         jsonb,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'same_person', 'different_people', 'ignored')),
    resolution_notes text,
    resolved_at      timestamptz,
    resolved_by      text,
    detected_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT potential_duplicate_athletes_athlete_id_1_name_2_school_id_key UNIQUE (athlete_id_1, name_2, school_id)
);
CREATE INDEX potential_duplicate_athletes_status_idx ON potential_duplicate_athletes (status);

-- Derived tables: rebuilt set-based from results, one row per athlete before ranking.
CREATE TABLE athlete_best_times (
    id                                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    athlete_id                          uuid NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    season_year                         integer NOT NULL CHECK (season_year BETWEEN 1966 AND 2100),
    season_best_time_cs                 integer NOT NULL CHECK (season_best_time_cs > 0),
    season_best_normalized_cs           integer CHECK (season_best_normalized_cs > 0),
    season_best_result_id               uuid NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    season_best_course_id               uuid REFERENCES courses (id) ON DELETE SET NULL,
    season_best_race_distance_meters    integer,
    alltime_best_time_cs                integer NOT NULL CHECK (alltime_best_time_cs > 0),
    alltime_best_normalized_cs          integer CHECK (alltime_best_normalized_cs > 0),
    alltime_best_result_id              uuid NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    alltime_best_course_id              uuid REFERENCES courses (id) ON DELETE SET NULL,
    alltime_best_race_distance_meters   integer,
    created_at                          timestamptz NOT NULL DEFAULT now(),
    updated_at                          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT athlete_best_times_athlete_id_season_year_key UNIQUE (athlete_id, season_year)
);

CREATE TABLE course_records (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    course_id         uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    gender            text NOT NULL CHECK (gender IN ('M', 'F')),
    athlete_id        uuid NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    result_id         uuid NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    time_cs           integer NOT NULL CHECK (time_cs > 0),
    athlete_name      text NOT NULL,
    athlete_grad_year integer,
    school_id         uuid REFERENCES schools (id) ON DELETE CASCADE,
    school_name       text,
    meet_id           uuid REFERENCES meets (id) ON DELETE CASCADE,
    meet_name         text,
    meet_date         date,
    race_id           uuid REFERENCES races (id) ON DELETE CASCADE,
    rank              integer NOT NULL CHECK (rank BETWEEN 1 AND 100),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT course_records_course_id_gender_athlete_id_key UNIQUE (course_id, gender, athlete_id),
    CONSTRAINT course_records_course_id_gender_rank_key UNIQUE (course_id, gender, rank)
);

CREATE TABLE school_hall_of_fame (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    school_id          uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    gender             text NOT NULL CHECK (gender IN ('M', 'F')),
    athlete_id         uuid NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    result_id          uuid NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    time_cs            integer NOT NULL CHECK (time_cs > 0),
    normalized_time_cs integer NOT NULL CHECK (normalized_time_cs > 0),
    athlete_name       text NOT NULL,
    athlete_grad_year  integer,
    course_id          uuid REFERENCES courses (id) ON DELETE CASCADE,
    course_name        text,
    meet_id            uuid REFERENCES meets (id) ON DELETE CASCADE,
    meet_name          text,
    meet_date          date,
    race_id            uuid REFERENCES races (id) ON DELETE CASCADE,
    season_year        integer,
    rank               integer NOT NULL CHECK (rank BETWEEN 1 AND 100),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT school_hall_of_fame_school_id_gender_athlete_id_key UNIQUE (school_id, gender, athlete_id),
    CONSTRAINT school_hall_of_fame_school_id_gender_rank_key UNIQUE (school_id, gender, rank)
);

CREATE TABLE school_course_records (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    school_id         uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    course_id         uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    gender            text NOT NULL CHECK (gender IN ('M', 'F')),
    -- grade = 13 - (grad_year - season_year)
    grade             integer NOT NULL CHECK (grade BETWEEN 9 AND 12),
    athlete_id        uuid NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    result_id         uuid NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    time_cs           integer NOT NULL CHECK (time_cs > 0),
    athlete_name      text NOT NULL,
    athlete_grad_year integer,
    meet_id           uuid REFERENCES meets (id) ON DELETE CASCADE,
    meet_name         text,
    meet_date         date,
    race_id           uuid REFERENCES races (id) ON DELETE CASCADE,
    season_year       integer,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT school_course_records_school_id_course_id_gender_grade_key UNIQUE (school_id, course_id, gender, grade)
);
