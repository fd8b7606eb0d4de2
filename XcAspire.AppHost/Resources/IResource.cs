using XcAspire.AppHost.Telemetry;

namespace XcAspire.AppHost.Resources;

/// <summary>A line a resource printed, kept for the dashboard's console view.</summary>
internal sealed record ConsoleLine(DateTimeOffset Time, bool IsError, string Text);

/// <summary>What the dashboard shows of a resource at one moment.</summary>
internal sealed record ResourceSnapshot(
    string Name,
    string Kind,
    string State,
    int? ProcessId,
    string? Url,
    DateTimeOffset? StartedAt,
    int Restarts,
    int? LastExitCode,
    bool CanControl);

/// <summary>Something the AppHost runs and the dashboard lists: PostgreSQL, a silo, the API, a source.</summary>
internal interface IResource
{
    string Name { get; }

    RingBuffer<ConsoleLine> Console { get; }

    ResourceSnapshot Snapshot();
}
