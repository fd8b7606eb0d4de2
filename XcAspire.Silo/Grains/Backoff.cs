namespace XcAspire.Silo.Grains;

/// <summary>River's retry schedule: attempt⁴ seconds, ± jitter, capped.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan max, double jitter, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var seconds = Math.Pow(attempt, 4);
        seconds *= 1 + (((random.NextDouble() * 2) - 1) * jitter);
        return TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds));
    }
}
