using Npgsql;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Steps;

/// <summary>What a step knows about the race it runs for.</summary>
public sealed record RaceStepContext(
    Guid JobId, string MeetId, string RaceId, string Title, int Attempt, string SiloId, NpgsqlDataSource DataSource);

/// <summary>
/// One step of a race (scrape or import). <see cref="RunAsync"/> does the slow part (network, parsing,
/// loading staged rows) outside any transaction and hands back the effects; the silo then commits the
/// effects and the race's phase change in one transaction, and only while it still holds the lease.
/// </summary>
public interface IRaceStep
{
    Task<IRaceStepEffects> RunAsync(RaceStepContext context, CancellationToken ct);
}

/// <summary>A step's writes, made inside the silo's transaction (never commit or roll back here).</summary>
public interface IRaceStepEffects
{
    Task<RowOutcomeCounts> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);
}

/// <summary>What a meet-level step knows about its job.</summary>
public sealed record MeetStepContext(Guid JobId, string MeetId, int Attempt, string SiloId, NpgsqlDataSource DataSource);

/// <summary>
/// The meet-level step (reconciliation, derived rebuild) run once when a job's last race ends. Its
/// writes commit in the same transaction that marks the step done.
/// </summary>
public interface IMeetStep
{
    Task RunAsync(MeetStepContext context, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);
}

/// <summary>The steps a silo runs. The sources plug in scrape, the import engine import and the meet step.</summary>
public sealed record GrainSteps(IRaceStep Scrape, IRaceStep Import, IMeetStep Meet);

/// <summary>A step that cannot succeed by retrying (e.g. a source that refused us): the race fails at once.</summary>
public sealed class PermanentStepException(string message, Exception? inner = null) : Exception(message, inner);
