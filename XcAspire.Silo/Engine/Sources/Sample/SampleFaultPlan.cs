namespace XcAspire.Silo.Sources.Sample;

public enum SampleFault
{
    /// <summary>429 with Retry-After.</summary>
    TooManyRequests,

    /// <summary>500 with a JSON error body.</summary>
    ServerError,

    /// <summary>No answer until the client gives up.</summary>
    Timeout,

    /// <summary>200 whose body stops halfway and the connection drops.</summary>
    TruncatedBody,

    /// <summary>403 with Cloudflare's "Just a moment..." HTML.</summary>
    Challenge,

    /// <summary>200 with JSON in a shape the API never returns.</summary>
    WrongJson,

    /// <summary>403 with a JSON body, as when the anettokens header is refused.</summary>
    TokenRejected,

    /// <summary>200 with the site's HTML app shell, as when a URL points at a page instead of the API.</summary>
    HtmlPage,

    /// <summary>200 with a JSON content type and no body at all.</summary>
    EmptyBody,

    /// <summary>200 with JSON that never ends (1 GiB of rows, streamed without a length) unless the client stops reading.</summary>
    HugeBody,
}

/// <summary>
/// A fault for requests whose path contains <paramref name="PathContains"/> (case-insensitive): for the
/// first <paramref name="FirstCalls"/> matching calls, and then for each further call with probability
/// <paramref name="Rate"/> (seeded, so a run repeats).
/// </summary>
public sealed record SampleFaultRule(string PathContains, SampleFault Fault, int FirstCalls = 0, double Rate = 0, int RetryAfterSeconds = 1);

/// <summary>Which faults a sample source injects, and its latency per call.</summary>
public sealed class SampleFaultPlan
{
    private readonly object _lock = new();
    private readonly Dictionary<SampleFaultRule, int> _calls = [];
    private Random? _random;

    public int Seed { get; init; } = 1;

    /// <summary>Added to every call before it is answered.</summary>
    public TimeSpan Latency { get; init; }

    public IList<SampleFaultRule> Rules { get; init; } = [];

    public static SampleFaultPlan WithLatency(TimeSpan latency) => new() { Latency = latency };

    /// <summary>The fault this call gets, if any; every rule that matches the path counts the call.</summary>
    public SampleFaultRule? Decide(string path)
    {
        lock (_lock)
        {
            _random ??= new Random(Seed);
            SampleFaultRule? chosen = null;
            foreach (var rule in Rules)
            {
                if (!path.Contains(rule.PathContains, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var call = _calls[rule] = _calls.GetValueOrDefault(rule) + 1;
                var hit = call <= rule.FirstCalls || (rule.Rate > 0 && _random.NextDouble() < rule.Rate);
                chosen ??= hit ? rule : null;
            }

            return chosen;
        }
    }
}
