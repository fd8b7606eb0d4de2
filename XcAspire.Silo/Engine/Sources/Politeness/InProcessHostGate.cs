using System.Collections.Concurrent;
using System.Diagnostics;

namespace XcAspire.Silo.Sources.Politeness;

/// <summary>The same rules as <see cref="PostgresHostGate"/> within one process, for tools without a database.</summary>
public sealed class InProcessHostGate : IHostGate
{
    private readonly ConcurrentDictionary<string, HostState> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<T> RunAsync<T>(string host, TimeSpan spacing, Func<CancellationToken, Task<GatedReply<T>>> send, CancellationToken ct)
    {
        var state = _hosts.GetOrAdd(host, _ => new HostState());
        await state.Lock.WaitAsync(ct);
        try
        {
            var now = state.Clock.Elapsed;
            var earliest = state.LastStart is { } last ? last + spacing : now;
            if (state.BlockedUntil > earliest)
            {
                earliest = state.BlockedUntil;
            }

            if (earliest > now)
            {
                await Task.Delay(earliest - now, ct);
            }

            state.LastStart = state.Clock.Elapsed;
            var result = await send(ct);
            if (result.BlockHostFor is { } block)
            {
                state.BlockedUntil = state.Clock.Elapsed + block;
            }

            return result.Reply;
        }
        finally
        {
            state.Lock.Release();
        }
    }

    private sealed class HostState
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public TimeSpan? LastStart { get; set; }

        public TimeSpan BlockedUntil { get; set; }
    }
}
