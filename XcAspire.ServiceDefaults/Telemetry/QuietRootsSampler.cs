using OpenTelemetry.Trace;

namespace XcAspire.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps the runtime's own chatter out of the trace list: membership pings, the Orleans dashboard's
/// counters and cluster-manifest polls several times a second per silo, and database calls no
/// request or grain call started (health checks, the providers' table polls). Only traces that
/// begin that way are dropped; the same calls inside a request's or a grain's trace are kept.
/// </summary>
public sealed class QuietRootsSampler : Sampler
{
    private static readonly string[] RuntimeChatter = ["IMembershipService/", "ISiloGrainService/", "IClusterManifestSystemTarget/"];

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);

    /// <summary>Roots as this sampler decides; every other span follows its parent.</summary>
    public static Sampler ForRootsOnly() => new ParentBasedSampler(new QuietRootsSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        IsRuntimeChatter(samplingParameters.Name) || IsDatabaseCall(samplingParameters) ? Drop : Keep;

    private static bool IsRuntimeChatter(string name) => RuntimeChatter.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    private static bool IsDatabaseCall(in SamplingParameters parameters)
    {
        if (parameters.Kind != System.Diagnostics.ActivityKind.Client)
        {
            return false;
        }

        foreach (var tag in parameters.Tags ?? [])
        {
            if (tag.Key is "db.system" or "db.system.name")
            {
                return true;
            }
        }

        return parameters.Name == "postgresql";
    }
}
