using System.Diagnostics;

namespace XcAspire.Silo.Sources.Politeness;

/// <summary>
/// Waits until a moment on the process's high-resolution clock, never sooner and as little later as the
/// machine allows. A timer alone is not enough: .NET's timers count a coarse tick (up to 4 ms on Linux), so
/// they fire early or several milliseconds late. The timer covers all but the last few milliseconds, a
/// sleep (which the kernel times precisely) the whole milliseconds left, and yielding the thread the rest.
/// </summary>
internal static class PreciseWait
{
    /// <summary>How far off a timer may fire: the coarse tick and some scheduling.</summary>
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(5);

    /// <summary>Waits until <paramref name="wait"/> has passed since <paramref name="from"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static async Task UntilAsync(long from, TimeSpan wait, CancellationToken ct)
    {
        var left = wait - Stopwatch.GetElapsedTime(from);
        if (left > TimerSlack)
        {
            await Task.Delay(left - TimerSlack, ct);
        }

        left = wait - Stopwatch.GetElapsedTime(from);
        if (left >= TimeSpan.FromMilliseconds(1))
        {
            // At most the timer's slack: short enough to hold a thread for.
            Thread.Sleep((int)left.TotalMilliseconds);
        }

        while (Stopwatch.GetElapsedTime(from) < wait)
        {
            ct.ThrowIfCancellationRequested();
            Thread.Yield();
        }
    }
}
