-- Grain state on PostgreSQL (product.md §4): import jobs (a MeetGrain's activations), race grains,
-- their error history, the staged rows a race imports from, and the silo membership table.
-- Every time a lease or a schedule depends on comes from the database's now(), never a host clock.

CREATE TABLE silos (
    id                text PRIMARY KEY,
    host              text NOT NULL,
    pid               integer NOT NULL,
    started_at        timestamptz NOT NULL DEFAULT now(),
    last_heartbeat_at timestamptz NOT NULL DEFAULT now(),
    status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped', 'dead')),
    stopped_at        timestamptz,
    CHECK ((status = 'active') = (stopped_at IS NULL))
);

-- One row per job. The MeetGrain's state is its meet's current job (the active one, else the latest).
-- Counts by phase and outcome are recomputed from the race rows under this row's lock whenever a race
-- changes phase, so they never drift from the races they describe.
CREATE TABLE import_jobs (
    id                     uuid PRIMARY KEY,
    meet_id                text NOT NULL CHECK (meet_id ~ '^[0-9]+$'),
    kind                   text NOT NULL CHECK (kind IN ('scrape', 'folder')),
    status                 text NOT NULL CHECK (status IN ('pending', 'scraping', 'scraping_complete', 'importing',
                                                           'importing_complete', 'completed_with_errors', 'error', 'cancelled')),
    auto_import            boolean NOT NULL DEFAULT false,
    directory_path         text,
    -- The operator's venue and course choices from the wizard, applied to the rows before import.
    choices                jsonb,
    message                text,
    last_error             text,
    races_total            integer NOT NULL DEFAULT 0,
    races_pending          integer NOT NULL DEFAULT 0,
    races_scraping         integer NOT NULL DEFAULT 0,
    races_scraped          integer NOT NULL DEFAULT 0,
    races_importing        integer NOT NULL DEFAULT 0,
    races_imported         integer NOT NULL DEFAULT 0,
    races_failed           integer NOT NULL DEFAULT 0,
    races_cancelled        integer NOT NULL DEFAULT 0,
    rows_read              integer NOT NULL DEFAULT 0,
    rows_inserted          integer NOT NULL DEFAULT 0,
    rows_already_present   integer NOT NULL DEFAULT 0,
    rows_updated           integer NOT NULL DEFAULT 0,
    rows_rejected          integer NOT NULL DEFAULT 0,
    rows_flagged           integer NOT NULL DEFAULT 0,
    -- Input rows that named no race of the meet: rejected before any race runs, still counted.
    unassigned_rejected    integer NOT NULL DEFAULT 0,
    -- The meet-level step (reconciliation, derived rebuild) runs once per round: 'due' when the last
    -- race ends, leased like a race while it runs, 'done' in the same transaction as its effects.
    meet_step              text NOT NULL DEFAULT 'none' CHECK (meet_step IN ('none', 'due', 'running', 'done')),
    meet_step_attempt      integer NOT NULL DEFAULT 0,
    meet_step_scheduled_at timestamptz,
    meet_step_runs         integer NOT NULL DEFAULT 0,
    lease_owner            text,
    lease_token            uuid,
    lease_expires_at       timestamptz,
    cancel_requested       boolean NOT NULL DEFAULT false,
    created_at             timestamptz NOT NULL DEFAULT now(),
    scraping_started_at    timestamptz,
    scraping_finished_at   timestamptz,
    importing_started_at   timestamptz,
    importing_finished_at  timestamptz,
    finished_at            timestamptz,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    version                bigint NOT NULL DEFAULT 1,
    CHECK ((lease_owner IS NULL) = (lease_token IS NULL) AND (lease_owner IS NULL) = (lease_expires_at IS NULL)),
    CHECK ((meet_step = 'running') = (lease_owner IS NOT NULL))
);

-- At most one active job per meet, whatever races the API or two silos run into.
CREATE UNIQUE INDEX import_jobs_one_active_per_meet ON import_jobs (meet_id)
    WHERE status IN ('pending', 'scraping', 'scraping_complete', 'importing');
CREATE INDEX import_jobs_meet_created ON import_jobs (meet_id, created_at DESC);
CREATE INDEX import_jobs_meet_step_due ON import_jobs (meet_step_scheduled_at) WHERE meet_step IN ('due', 'running');

-- One row per RaceGrain (key: meet id + race id); a new job for the meet reuses the row.
CREATE TABLE race_grains (
    meet_id              text NOT NULL,
    race_id              text NOT NULL,
    job_id               uuid NOT NULL REFERENCES import_jobs (id),
    title                text NOT NULL DEFAULT '',
    phase                text NOT NULL CHECK (phase IN ('pending', 'scraping', 'scraped', 'importing', 'imported', 'failed', 'cancelled')),
    -- The step this row waits for ('scrape' or 'import'), NULL when nothing is due.
    next_step            text CHECK (next_step IN ('scrape', 'import')),
    scheduled_at         timestamptz,
    attempt              integer NOT NULL DEFAULT 0,
    lease_owner          text,
    lease_token          uuid,
    lease_expires_at     timestamptz,
    scrape_started_at    timestamptz,
    scrape_finished_at   timestamptz,
    import_started_at    timestamptz,
    import_finished_at   timestamptz,
    rows_read            integer NOT NULL DEFAULT 0,
    rows_inserted        integer NOT NULL DEFAULT 0,
    rows_already_present integer NOT NULL DEFAULT 0,
    rows_updated         integer NOT NULL DEFAULT 0,
    rows_rejected        integer NOT NULL DEFAULT 0,
    rows_flagged         integer NOT NULL DEFAULT 0,
    last_error           text,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    version              bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (meet_id, race_id),
    CHECK ((lease_owner IS NULL) = (lease_token IS NULL) AND (lease_owner IS NULL) = (lease_expires_at IS NULL)),
    CHECK ((phase IN ('scraping', 'importing')) = (lease_owner IS NOT NULL)),
    CHECK ((next_step IS NULL) = (scheduled_at IS NULL))
);

CREATE INDEX race_grains_job ON race_grains (job_id, phase);
-- Serves the claim: due rows, and held rows whose lease ran out.
CREATE INDEX race_grains_due ON race_grains (scheduled_at) WHERE next_step IS NOT NULL;
CREATE INDEX race_grains_leased ON race_grains (lease_expires_at) WHERE lease_owner IS NOT NULL;

-- Every failed attempt and every takeover, kept for the operator.
CREATE TABLE race_grain_errors (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id      uuid NOT NULL REFERENCES import_jobs (id),
    meet_id     text NOT NULL,
    race_id     text NOT NULL,
    phase       text NOT NULL,
    attempt     integer NOT NULL,
    silo_id     text NOT NULL,
    message     text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX race_grain_errors_race ON race_grain_errors (meet_id, race_id, occurred_at);
CREATE INDEX race_grain_errors_job ON race_grain_errors (job_id);

-- The rows a race imports from, whatever the source: written by the scrape step (or when a folder
-- job starts), read by the import step on any silo. Pruned after the retention period.
CREATE TABLE job_meet_data (
    job_id    uuid PRIMARY KEY REFERENCES import_jobs (id),
    meet      jsonb NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE job_race_rows (
    job_id    uuid NOT NULL REFERENCES import_jobs (id),
    race_id   text NOT NULL,
    race      jsonb NOT NULL,
    results   jsonb NOT NULL,
    rejected  jsonb NOT NULL,
    row_count integer NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, race_id)
);
