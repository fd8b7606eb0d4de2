using System.Net;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>Turns an answer that is not a usable JSON body into the exception a person can act on.</summary>
internal static class ReplyClassifier
{
    /// <param name="unknown">
    /// For calls about one thing (a meet, a team): the exception for a status that means the source does not
    /// know it (GetMeetData's 404), or null for a status that means something else.
    /// </param>
    public static void EnsureUsable(SourceReply reply, bool sentToken, Func<HttpStatusCode, SourceException?>? unknown)
    {
        // HTML first: a challenge comes as 403 or 503, and must never look like a retryable outage.
        if (reply.LooksLikeHtml)
        {
            throw new SourceChallengeException(reply.Url, reply.StatusCode, reply.LooksLikeChallenge);
        }

        if (reply.Status != HttpStatusCode.OK && unknown?.Invoke(reply.Status) is { } notKnown)
        {
            throw notKnown;
        }

        switch (reply.Status)
        {
            case HttpStatusCode.OK:
                return;
            case HttpStatusCode.TooManyRequests:
                throw new SourceUnavailableException(
                    $"The source rate-limited {reply.Url} (HTTP 429, Retry-After {RetryAfterText(reply)}); every silo now waits that long.");
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when sentToken:
                throw new SourceTokenRejectedException(reply.Url, reply.StatusCode);
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                throw new SourceChallengeException(reply.Url, reply.StatusCode, isChallenge: true);
            case HttpStatusCode.RequestTimeout:
                throw new SourceUnavailableException($"The source timed out answering {reply.Url} (HTTP 408).");
            case >= HttpStatusCode.InternalServerError:
                throw new SourceUnavailableException($"The source failed on {reply.Url} (HTTP {reply.StatusCode}); it is retried with backoff.");
            default:
                throw new SourceResponseInvalidException(reply.Url, $"HTTP {reply.StatusCode} {reply.Status}");
        }
    }

    private static string RetryAfterText(SourceReply reply) =>
        reply.RetryAfter?.Delta is { } delta ? $"{delta.TotalSeconds:F0} s" : reply.RetryAfter?.Date?.ToString("R") ?? "not given";
}
