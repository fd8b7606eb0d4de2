-- Grains now run on Orleans (0010 has the providers' tables): a MeetGrain's and a RaceGrain's state
-- live in Orleans' grain storage, silos find each other in Orleans' membership table, and reminders
-- replace leases. What goes: the lease runtime's membership table, lease and schedule columns, and the
-- one-active-job index (the MeetGrain is the only writer of its jobs now).
-- What stays: import_jobs and race_grains as the read model the grains keep in step (job lists,
-- operators' SQL, the history of earlier jobs), the error history, the staged rows and the reports.
-- What is new: completion records, written in the transaction of a step's effects, so a step that
-- committed is never run again whatever happens between its commit and the grain's state write.

-- Jobs that were running when the silos moved to Orleans: their unfinished races are marked failed, so
-- an operator retries them ("retry failed races"); races scraped and waiting for start-import stay so.
WITH interrupted AS (
    UPDATE race_grains r SET phase = 'failed', next_step = NULL, scheduled_at = NULL,
        lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
        last_error = 'Interrupted when the silos moved to Orleans; retry the job''s failed races.',
        version = r.version + 1, updated_at = now()
    FROM import_jobs j
    WHERE j.id = r.job_id AND j.status IN ('pending', 'scraping', 'scraping_complete', 'importing')
      AND (r.phase IN ('pending', 'scraping', 'importing') OR (r.phase = 'scraped' AND r.next_step IS NOT NULL))
    RETURNING r.job_id, r.meet_id, r.race_id, r.attempt, r.last_error,
              CASE WHEN r.next_step = 'scrape' OR r.scrape_finished_at IS NULL THEN 'scraping' ELSE 'importing' END AS phase)
INSERT INTO race_grain_errors (job_id, meet_id, race_id, phase, attempt, silo_id, message)
SELECT job_id, meet_id, race_id, phase, attempt, 'upgrade', last_error FROM interrupted;

WITH counts AS (
    SELECT r.job_id,
           count(*) FILTER (WHERE r.phase = 'pending')::int AS pending,
           count(*) FILTER (WHERE r.phase = 'scraped')::int AS scraped,
           count(*) FILTER (WHERE r.phase = 'imported')::int AS imported,
           count(*) FILTER (WHERE r.phase = 'failed')::int AS failed,
           count(*) FILTER (WHERE r.phase = 'cancelled')::int AS cancelled
    FROM race_grains r JOIN import_jobs j ON j.id = r.job_id
    WHERE j.status IN ('pending', 'scraping', 'scraping_complete', 'importing')
    GROUP BY r.job_id)
UPDATE import_jobs j SET
    races_pending = c.pending, races_scraping = 0, races_scraped = c.scraped, races_importing = 0,
    races_imported = c.imported, races_failed = c.failed, races_cancelled = c.cancelled,
    -- A meet step that was due or running had not committed: it runs again when the job is retried.
    meet_step = CASE WHEN j.meet_step = 'done' THEN 'done' ELSE 'none' END,
    status = CASE WHEN c.scraped > 0 THEN 'scraping_complete' ELSE 'completed_with_errors' END,
    message = CASE WHEN c.scraped > 0 THEN format('Scraped %s races; ready to import (%s interrupted by the upgrade: retry them)', c.scraped, c.failed)
                   ELSE format('Interrupted when the silos moved to Orleans: %s of %s races imported; retry the failed races', c.imported, c.pending + c.scraped + c.imported + c.failed + c.cancelled) END,
    last_error = 'Interrupted when the silos moved to Orleans.',
    finished_at = CASE WHEN c.scraped > 0 THEN NULL ELSE now() END,
    version = j.version + 1, updated_at = now()
FROM counts c WHERE j.id = c.job_id;

-- The lease runtime's parts.
DROP TABLE silos;
DROP INDEX import_jobs_one_active_per_meet;
ALTER TABLE import_jobs
    -- Which runtime a job ran on: the grains carry the lease runtime's jobs into their own state once,
    -- the first time their meet (or race) is activated, so those keep their history and can be retried.
    ADD COLUMN runtime text NOT NULL DEFAULT 'leases' CHECK (runtime IN ('leases', 'orleans')),
    DROP COLUMN lease_owner,
    DROP COLUMN lease_token,
    DROP COLUMN lease_expires_at,
    DROP COLUMN meet_step_scheduled_at,
    DROP COLUMN meet_step_attempt,
    DROP COLUMN cancel_requested;
ALTER TABLE import_jobs ALTER COLUMN runtime SET DEFAULT 'orleans';
ALTER TABLE race_grains
    DROP COLUMN lease_owner,
    DROP COLUMN lease_token,
    DROP COLUMN lease_expires_at,
    DROP COLUMN scheduled_at,
    -- The silo that ran the race's last step, as the RaceGrain reports it.
    ADD COLUMN silo text;

-- A folder job's rows are staged before its MeetGrain records the job, so they no longer wait for the
-- job row; retention prunes staged rows of jobs that never started.
ALTER TABLE job_meet_data DROP CONSTRAINT job_meet_data_job_id_fkey;
ALTER TABLE job_race_rows DROP CONSTRAINT job_race_rows_job_id_fkey;

-- A race step's completion record, in the same transaction as its effects: the RaceGrain reads it
-- before running a step it finds unfinished, and the primary key refuses a second commit of one step.
CREATE TABLE race_step_completions (
    job_id          uuid NOT NULL,
    race_id         text NOT NULL,
    step            text NOT NULL CHECK (step IN ('scrape', 'import')),
    rows_read       integer NOT NULL,
    inserted        integer NOT NULL,
    already_present integer NOT NULL,
    updated         integer NOT NULL,
    rejected        integer NOT NULL,
    flagged         integer NOT NULL,
    attempt         integer NOT NULL,
    silo            text NOT NULL,
    completed_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (job_id, race_id, step)
);

-- The meet-level step's completion record, one per round (retrying failed races starts a new round).
CREATE TABLE meet_step_completions (
    job_id       uuid NOT NULL,
    round        integer NOT NULL,
    silo         text NOT NULL,
    completed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (job_id, round)
);

-- Steps that finished before this migration count as completed.
INSERT INTO race_step_completions (job_id, race_id, step, rows_read, inserted, already_present, updated, rejected, flagged, attempt, silo, completed_at)
SELECT job_id, race_id, 'scrape', rows_read, 0, 0, 0, 0, 0, 0, 'upgrade', scrape_finished_at
FROM race_grains WHERE scrape_finished_at IS NOT NULL AND phase IN ('scraped', 'importing', 'imported')
UNION ALL
SELECT job_id, race_id, 'import', rows_read, rows_inserted, rows_already_present, rows_updated, rows_rejected, rows_flagged, 0, 'upgrade', coalesce(import_finished_at, now())
FROM race_grains WHERE phase = 'imported';

INSERT INTO meet_step_completions (job_id, round, silo)
SELECT id, meet_step_runs, 'upgrade' FROM import_jobs WHERE meet_step = 'done' AND meet_step_runs > 0;
