using System.Net.Http.Headers;

namespace XcAspire.Silo.Sources.Politeness;

/// <summary>A 429's Retry-After: seconds or an HTTP date; the configured default when absent or nonsense.</summary>
public static class RetryAfter
{
    public static TimeSpan From(RetryConditionHeaderValue? header, TimeSpan fallback, DateTimeOffset now)
    {
        if (header?.Delta is { } delta && delta >= TimeSpan.Zero)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return fallback;
    }
}
