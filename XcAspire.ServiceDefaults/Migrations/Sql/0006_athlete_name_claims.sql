-- What makes two races that commit at once never create the same athlete twice: before matching,
-- a race claims each (school, base name) it will match or create, and holds the claim rows locked
-- until it commits. Another race with one of those names waits for that commit, then sees the
-- athlete it created. Races without a name in common (the other gender, other schools) run side by
-- side; the per-school advisory locks this replaces made every two races sharing a school wait.
-- Rows, not advisory locks: a race can claim hundreds of names, and row locks live in the rows, not
-- in the server's fixed-size lock table. The rows persist (one per name per school) so an existing
-- claim is locked, not re-inserted. No foreign key: a claim outliving its school only costs a row.
CREATE TABLE athlete_name_claims (
    school_id uuid NOT NULL,
    base_name text NOT NULL,
    PRIMARY KEY (school_id, base_name)
);
