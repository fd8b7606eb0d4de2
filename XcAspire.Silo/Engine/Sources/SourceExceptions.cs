namespace XcAspire.Silo.Sources;

/// <summary>
/// A source could not give what was asked. <see cref="IsTransient"/> says whether asking again later can
/// help (a retry) or not (the race or job fails at once with this message, which says what to do).
/// </summary>
public class SourceException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}

/// <summary>A Cloudflare challenge, or an HTML page where JSON was expected. Never worked around.</summary>
public sealed class SourceChallengeException(string url, int status, bool isChallenge)
    : SourceException(
        isChallenge
            ? $"The source answered {url} with a Cloudflare challenge page (HTTP {status}): it refuses automated requests " +
              "from this machine. Do not retry from here: run ./xc probe from a machine the source serves, or save the " +
              "meet's result pages from a browser and import that folder (directoryPath)."
            : $"The source answered {url} with an HTML page (HTTP {status}) where JSON was expected: the API may have moved " +
              "or the base URL (Source:BaseUrl) points at a website. Check the URL in a browser; saved result pages can be " +
              "imported as a folder (directoryPath).",
        isTransient: false)
{
    public string Url { get; } = url;
}

/// <summary>The results call refused the meet's token (401/403). A retry fetches a fresh token.</summary>
public sealed class SourceTokenRejectedException(string url, int status)
    : SourceException(
        $"The source rejected the meet's access token on {url} (HTTP {status}); the token may have expired. " +
        "A retry fetches a new one; if it keeps failing, check the meet in a browser.",
        isTransient: true);

/// <summary>The source did not answer usefully now: 5xx, 429 after retries, a timeout, a connection cut mid-body.</summary>
public sealed class SourceUnavailableException(string message, Exception? inner = null)
    : SourceException(message, isTransient: true, inner);

/// <summary>No such meet (or not a cross-country meet).</summary>
public sealed class MeetNotFoundException(string meetId)
    : SourceException(
        $"Meet {meetId} was not found at the source (or it is not a cross-country meet). Check the id in the meet's " +
        $"Athletic.net address: /CrossCountry/meet/{meetId}/results.",
        isTransient: false)
{
    public string MeetId { get; } = meetId;
}

/// <summary>The meet exists but lists no races: a future meet, or results not yet posted.</summary>
public sealed class NoRacesFoundException(string meetId, string meetName)
    : SourceException(
        $"No races found for meet {meetId} ({meetName}): its results are not posted yet, or it has not taken place. " +
        "Import it once the results are up.",
        isTransient: false)
{
    public string MeetId { get; } = meetId;
}

/// <summary>The response was JSON, but not in a shape this client knows (or not JSON at all).</summary>
public sealed class SourceResponseInvalidException(string url, string problem)
    : SourceException(
        $"The source's answer to {url} could not be read: {problem}. The API may have changed; run ./xc probe <meetId> " +
        "to see what it returns.",
        isTransient: false);

/// <summary>
/// The source does not know the school (team) for the season: GetTeamCore answered with no team or no
/// token, an error status, or the school's calendar for the year lists no meet.
/// </summary>
public sealed class TeamNotFoundException(string schoolId, int seasonYear, string why)
    : SourceException(
        $"School {schoolId} has no {seasonYear} cross-country season at the source ({why}). Check the id and year in the " +
        $"team's Athletic.net address: /team/{schoolId}/cross-country/{seasonYear}.",
        isTransient: false)
{
    public string SchoolId { get; } = schoolId;

    public int SeasonYear { get; } = seasonYear;
}

/// <summary>A calendar longer than any school's season: an association's or a club's, or a broken answer.</summary>
public sealed class CalendarTooLongException(string schoolId, int seasonYear, int meets, int limit)
    : SourceException(
        $"School {schoolId}'s {seasonYear} calendar lists {meets} meets; a season import takes at most {limit}. That is not " +
        "one school's season (an association's or a club's calendar?): import its meets one by one.",
        isTransient: false)
{
    public int Meets { get; } = meets;

    public int Limit { get; } = limit;
}
