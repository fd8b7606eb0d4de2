using Orleans.Runtime;

namespace XcAspire.Silo.Grains.Contracts;

/// <summary>What a grain call throws when it could not be answered, not because the grain refused it.</summary>
public static class GrainCallFailures
{
    /// <summary>
    /// The grain's silo is going away or was just killed (the call timed out, or the silo is known dead
    /// or refused the message): the next call reaches the grain's new activation on a live silo.
    /// </summary>
    public static bool SiloAway(Exception exception) =>
        exception is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException;
}
