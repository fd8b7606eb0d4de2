-- The import engine's records: what happened to every input row of a job (counts per race, and a
-- row for each rejected, updated or flagged input row), the job's reconciliation report, and the
-- folded base name (first + last, no middle names or suffixes) that athlete matching compares.
-- job_id is not a foreign key: a dry run or a benchmark imports without an import_jobs row.

ALTER TABLE athletes ADD COLUMN base_name text;
CREATE INDEX athletes_school_base_name_idx ON athletes (school_id, base_name);
CREATE INDEX athletes_school_exact_name_idx ON athletes (school_id, name);

-- One row per race per job: the four outcomes add up to the rows read.
CREATE TABLE import_race_outcomes (
    job_id               uuid NOT NULL,
    athletic_net_race_id text NOT NULL,
    rows_read            integer NOT NULL CHECK (rows_read >= 0),
    inserted             integer NOT NULL CHECK (inserted >= 0),
    already_present      integer NOT NULL CHECK (already_present >= 0),
    updated              integer NOT NULL CHECK (updated >= 0),
    rejected             integer NOT NULL CHECK (rejected >= 0),
    flagged              integer NOT NULL CHECK (flagged >= 0),
    imported_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, athletic_net_race_id),
    CHECK (rows_read = inserted + already_present + updated + rejected)
);

-- Every input row that a person may need to look at: rejected (with the reason), updated (with the
-- old value) or flagged (with what was put in a review queue). Inserted and already-present rows
-- are only counted.
CREATE TABLE import_row_outcomes (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id               uuid NOT NULL,
    -- NULL for a row that named no race of the meet.
    athletic_net_race_id text,
    source_file          text NOT NULL,
    source_line          integer NOT NULL,
    outcome              text NOT NULL CHECK (outcome IN ('inserted', 'already_present', 'updated', 'rejected')),
    flagged              boolean NOT NULL DEFAULT false,
    reason               text,
    athlete_name         text,
    time_cs              integer,
    old_time_cs          integer,
    raw_text             text,
    recorded_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (outcome <> 'rejected' OR reason IS NOT NULL)
);
CREATE INDEX import_row_outcomes_job_idx ON import_row_outcomes (job_id, athletic_net_race_id);

-- The meet-level reconciliation: source rows against the database on (athlete name, race id, time).
CREATE TABLE import_reconciliations (
    job_id               uuid PRIMARY KEY,
    athletic_net_meet_id text NOT NULL,
    source_rows          integer NOT NULL,
    database_rows        integer NOT NULL,
    matched_rows         integer NOT NULL,
    elapsed_ms           integer NOT NULL,
    reconciled_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE import_reconciliation_items (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id               uuid NOT NULL REFERENCES import_reconciliations (job_id) ON DELETE CASCADE,
    category             text NOT NULL CHECK (category IN
        ('missing_athlete_present', 'missing_athlete_absent', 'extra_in_db', 'case_variant', 'middle_name_variant')),
    athlete_name         text NOT NULL,
    athletic_net_race_id text NOT NULL,
    time_cs              integer NOT NULL,
    detail               text
);
CREATE INDEX import_reconciliation_items_job_idx ON import_reconciliation_items (job_id, category);

-- New athletes take the next free slug number of their name (jose-munoz, jose-munoz-2, …): a range
-- scan in byte order finds a name's numbered slugs in one index probe.
CREATE INDEX athletes_slug_bytes_idx ON athletes (slug COLLATE "C");
