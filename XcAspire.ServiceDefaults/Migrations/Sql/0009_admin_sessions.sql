-- The admin UI's sign-in sessions. The cookie carries a random session id; only its keyed hash
-- (HMAC-SHA-256 under the admin token's hash) is stored, so this table cannot be replayed as cookies,
-- and changing the admin token ends every session. A table, not process memory: several API
-- instances may serve one database, and each must know every session and every sign-out.
CREATE TABLE admin_sessions (
    id_hash    bytea       PRIMARY KEY CHECK (length(id_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);

-- Expired sessions are deleted at the next sign-in.
CREATE INDEX admin_sessions_expires_at ON admin_sessions (expires_at);

-- ASP.NET Core Data Protection's key ring (the keys behind the anti-forgery tokens), shared by every
-- API instance so that a token one instance issued is accepted by the others and after a restart.
-- Rows are the framework's XML elements, stored as it hands them over and never updated.
CREATE TABLE data_protection_keys (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text        NOT NULL,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
