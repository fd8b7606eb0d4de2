namespace XcAspire.Silo.Sources.Politeness;

/// <summary>What a request through the gate returned, and for how long the host asked everyone to stop (a 429).</summary>
public readonly record struct GatedReply<T>(T Reply, TimeSpan? BlockHostFor);

/// <summary>
/// One request at a time per source host, each start at least the spacing after the previous one, none
/// while a Retry-After block lasts. The PostgreSQL gate does this across every silo; the in-process gate
/// serves tools that have no database (the probe).
/// </summary>
public interface IHostGate
{
    Task<T> RunAsync<T>(string host, TimeSpan spacing, Func<CancellationToken, Task<GatedReply<T>>> send, CancellationToken ct);
}
