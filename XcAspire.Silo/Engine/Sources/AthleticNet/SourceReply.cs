using System.Net;
using System.Net.Http.Headers;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>A whole HTTP answer, read inside the politeness gate (the connection is free when the gate opens).</summary>
public sealed record SourceReply(string Url, HttpStatusCode Status, string? MediaType, string? Server, RetryConditionHeaderValue? RetryAfter, string Body)
{
    public int StatusCode => (int)Status;

    public bool LooksLikeHtml =>
        MediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
        || Body.AsSpan().TrimStart().StartsWith("<", StringComparison.Ordinal);

    public bool LooksLikeChallenge =>
        Body.Contains("Just a moment", StringComparison.OrdinalIgnoreCase)
        || Body.Contains("cf-chl", StringComparison.OrdinalIgnoreCase)
        || Body.Contains("challenge-platform", StringComparison.OrdinalIgnoreCase)
        || Body.Contains("Attention Required", StringComparison.OrdinalIgnoreCase)
        || (Server?.Contains("cloudflare", StringComparison.OrdinalIgnoreCase) == true && Status is HttpStatusCode.Forbidden or HttpStatusCode.ServiceUnavailable);
}
