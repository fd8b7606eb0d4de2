-- The tables and queries Orleans' ADO.NET providers (clustering, grain storage, reminders) need.
-- No Orleans package ships this SQL: the providers read their statements by key from OrleansQuery at
-- start and bind their own parameter names (@DeploymentId, @GrainIdHash, …), so the keys, parameter
-- names and result column names below are the providers' contract; everything else is ours.
--
-- Identifiers are unquoted: the providers write "OrleansQuery", "Version", … unquoted too, so both
-- sides fold to lower case. Times are timestamptz: the providers pass UTC DateTimes.
-- A SiloStatus is stored as the provider's integer (3 = Active, 6 = Dead).

CREATE TABLE OrleansQuery (
    QueryKey  text PRIMARY KEY,
    QueryText text NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Clustering: one version row per cluster (DeploymentId = the cluster id) that every membership
-- change bumps, and one row per silo incarnation (address, port, generation).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE OrleansMembershipVersionTable (
    DeploymentId text PRIMARY KEY,
    Timestamp    timestamptz NOT NULL DEFAULT now(),
    Version      integer NOT NULL DEFAULT 0
);

CREATE TABLE OrleansMembershipTable (
    DeploymentId text NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      text NOT NULL,
    Port         integer NOT NULL,
    Generation   integer NOT NULL,
    SiloName     text NOT NULL,
    HostName     text NOT NULL,
    Status       integer NOT NULL,
    ProxyPort    integer,
    SuspectTimes text,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- ---------------------------------------------------------------------------------------------
-- Grain storage. The provider hashes the grain id and type (GrainIdHash, GrainTypeHash) for the
-- index and passes the full key alongside; Version is the ETag. The unique key makes a first write
-- race-safe: of two activations writing a new grain at once, one gets the row, the other a conflict.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE OrleansStorage (
    GrainIdHash            integer NOT NULL,
    GrainIdN0              bigint NOT NULL,
    GrainIdN1              bigint NOT NULL,
    GrainTypeHash          integer NOT NULL,
    GrainTypeString        text NOT NULL,
    GrainIdExtensionString text,
    ServiceId              text NOT NULL,
    PayloadBinary          bytea,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    Version                integer NOT NULL
);
CREATE UNIQUE INDEX orleansstorage_grain_key ON OrleansStorage
    (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString) NULLS NOT DISTINCT;

-- ---------------------------------------------------------------------------------------------
-- Reminders. GrainHash is the grain's uniform hash as a signed integer: each silo reads the
-- reminders of its range of the ring, and the provider compares the bounds as signed integers too.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE OrleansRemindersTable (
    ServiceId    text NOT NULL,
    GrainId      text NOT NULL,
    ReminderName text NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint NOT NULL,
    GrainHash    integer NOT NULL,
    Version      integer NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);
CREATE INDEX orleansreminders_range ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Clustering ---------------------------------------------------------------------------------
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM created)
$q$),
-- A row is inserted only together with a step of the table version, and only if the version is still
-- the one the caller read (@Version, the table's ETag). The version row is locked first, so of two
-- silos joining on the same version one succeeds and the other sees the new version and answers false.
('InsertMembershipKey', $q$
    WITH current_version AS (
        SELECT DeploymentId FROM OrleansMembershipVersionTable
        WHERE DeploymentId = @DeploymentId AND Version = @Version
        FOR UPDATE),
    joined AS (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM current_version
        ON CONFLICT DO NOTHING
        RETURNING DeploymentId),
    stepped AS (
        UPDATE OrleansMembershipVersionTable v SET Version = v.Version + 1, Timestamp = now()
        FROM joined WHERE v.DeploymentId = joined.DeploymentId
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM stepped)
$q$),
('UpdateMembershipKey', $q$
    WITH current_version AS (
        SELECT DeploymentId FROM OrleansMembershipVersionTable
        WHERE DeploymentId = @DeploymentId AND Version = @Version
        FOR UPDATE),
    changed AS (
        UPDATE OrleansMembershipTable m SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
        FROM current_version
        WHERE m.DeploymentId = current_version.DeploymentId
          AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
        RETURNING m.DeploymentId),
    stepped AS (
        UPDATE OrleansMembershipVersionTable v SET Version = v.Version + 1, Timestamp = now()
        FROM changed WHERE v.DeploymentId = changed.DeploymentId
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM stepped)
$q$),
-- "I am alive" is a heartbeat, not a membership change: it does not step the version.
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
$q$),
-- Both reads answer at least one row (the table version) even when no silo matches.
('MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m
           ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId
$q$),
('MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId
$q$),
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
$q$),
('DeleteMembershipTableEntriesKey', $q$
    WITH silos AS (DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId)
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId
$q$),
-- Rows of silos that stopped answering long ago (dead or never became active); active ones stay.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3
$q$),
-- Grain storage --------------------------------------------------------------------------------
('ReadFromStorageKey', $q$
    SELECT PayloadBinary, Version FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),
-- Always one row: the new version, or NULL when the ETag did not match (the provider then throws
-- InconsistentStateException). No ETag means "this grain has no row yet".
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE OrleansStorage SET PayloadBinary = @PayloadBinary, Version = Version + 1, ModifiedOn = now()
        WHERE @GrainStateVersion IS NOT NULL
          AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
          AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
          AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
          AND Version = @GrainStateVersion
        RETURNING Version),
    created AS (
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, Version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version)
    SELECT (SELECT Version FROM updated UNION ALL SELECT Version FROM created LIMIT 1) AS NewGrainStateVersion
$q$),
-- Clearing keeps the row (with no payload) so the version keeps counting; no row on a stale ETag.
('ClearStorageKey', $q$
    UPDATE OrleansStorage SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = now()
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version
$q$),
-- For DeleteStateOnClear: answers a version that differs from the ETag it was given, as a clear does.
('DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version + 1
$q$),
-- Reminders ------------------------------------------------------------------------------------
('UpsertReminderRowKey', $q$
    INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE SET
        StartTime = EXCLUDED.StartTime, Period = EXCLUDED.Period, GrainHash = EXCLUDED.GrainHash,
        Version = OrleansRemindersTable.Version + 1
    RETURNING Version
$q$),
('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId
$q$),
('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
$q$),
-- A silo's range of the ring: (begin, end] when it does not wrap around…
('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash
$q$),
-- …and the two ends of the ring when it does.
('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
$q$),
('DeleteReminderRowKey', $q$
    WITH removed AS (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM removed)
$q$),
('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId
$q$);
