-- School-season imports: a SeasonGrain (key school id + year) lists the school's meets of the season
-- and runs each meet as a MeetGrain job. Its state lives in Orleans' grain storage; this table is the
-- read model it keeps in step after every change (the season job list, which school and year a season
-- job id belongs to, the active season that a second start answers 409 with, operators' SQL).

CREATE TABLE season_jobs (
    id                    uuid PRIMARY KEY,
    school_id             text NOT NULL CHECK (school_id ~ '^[0-9]+$'),
    season_year           integer NOT NULL CHECK (season_year BETWEEN 1990 AND 2200),
    team_name             text,
    status                text NOT NULL CHECK (status IN ('discovering', 'running', 'complete', 'completed_with_errors', 'cancelled', 'error')),
    reimport              boolean NOT NULL DEFAULT false,
    -- The meets asked for (a JSON array of ids), or NULL for every meet of the calendar with results.
    meet_ids              jsonb,
    message               text,
    last_error            text,
    meets_total           integer NOT NULL DEFAULT 0,
    meets_open            integer NOT NULL DEFAULT 0,
    meets_imported        integer NOT NULL DEFAULT 0,
    meets_skipped         integer NOT NULL DEFAULT 0,
    meets_failed          integer NOT NULL DEFAULT 0,
    rows_read             integer NOT NULL DEFAULT 0,
    rows_inserted         integer NOT NULL DEFAULT 0,
    rows_already_present  integer NOT NULL DEFAULT 0,
    rows_updated          integer NOT NULL DEFAULT 0,
    rows_rejected         integer NOT NULL DEFAULT 0,
    rows_flagged          integer NOT NULL DEFAULT 0,
    -- Each meet as the grain keeps it: id, name, date, phase, its job and that job's counts.
    meets                 jsonb NOT NULL DEFAULT '[]',
    warnings              jsonb NOT NULL DEFAULT '[]',
    created_at            timestamptz NOT NULL,
    discovered_at         timestamptz,
    finished_at           timestamptz,
    version               bigint NOT NULL,
    updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX season_jobs_by_season ON season_jobs (school_id, season_year, created_at DESC);
CREATE INDEX season_jobs_by_created ON season_jobs (created_at DESC);
-- What a starting silo wakes, and what retention leaves alone.
CREATE INDEX season_jobs_active ON season_jobs (school_id, season_year) WHERE status IN ('discovering', 'running');
