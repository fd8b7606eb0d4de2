namespace XcAspire.ServiceDefaults.Migrations;

/// <summary>The database's migration history disagrees with the files this build carries.</summary>
public sealed class MigrationException(string message) : Exception(message);
