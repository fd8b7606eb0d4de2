-- Sources (product.md §3.1, §7): every response fetched for a job, so a retry, a re-import or another
-- silo reads it from here instead of asking the source again; and one row per source host that
-- serialises requests across all silos and carries the spacing and any Retry-After block.

CREATE TABLE source_responses (
    id           bigserial PRIMARY KEY,
    job_id       uuid NOT NULL,
    url          text NOT NULL,
    -- The request body for POST calls (GetResultsData3 is keyed by its divId body), '' for GET.
    request_body text NOT NULL DEFAULT '',
    status       integer NOT NULL,
    body         text NOT NULL,
    fetched_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT source_responses_request_key UNIQUE (job_id, url, request_body)
);

CREATE TABLE source_hosts (
    host            text PRIMARY KEY,
    -- When the last request to this host started (the database's clock): the next waits for the spacing.
    last_request_at timestamptz,
    -- Set from a 429's Retry-After: no silo sends to this host before then.
    blocked_until   timestamptz,
    requests        bigint NOT NULL DEFAULT 0,
    throttled       bigint NOT NULL DEFAULT 0
);
