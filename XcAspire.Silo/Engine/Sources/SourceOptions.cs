namespace XcAspire.Silo.Sources;

/// <summary>The <c>Source</c> configuration section (product.md §7).</summary>
public sealed class SourceOptions
{
    public const string SectionName = "Source";

    /// <summary>Scheme and host only; the client adds <c>/api/v1/…</c>.</summary>
    public string BaseUrl { get; set; } = "https://www.athletic.net";

    /// <summary>Between the starts of two results calls to one host (Athletic.net allows ~10 per 10 s).</summary>
    public TimeSpan ResultsSpacing { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Between the starts of two other calls (GetMeetData) to one host.</summary>
    public TimeSpan Spacing { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One request, from sending to the last byte of the body.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The largest answer read, in bytes (the biggest real whole-meet answers are a few MB). A larger or
    /// endless one fails as unreadable instead of filling the silo's memory and the response store.
    /// </summary>
    public long MaxResponseSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>The seed's limit for scraping a whole meet.</summary>
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Retries of a transient failure (5xx, timeout, 429, cut-off body) before giving up.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay; doubles each time, with jitter (a quick retry re-arms Athletic.net's limit).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A 429 without Retry-After blocks the host this long.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A Retry-After longer than this fails the request as unavailable instead of waiting.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A desktop browser's User-Agent, as every client of this API sends (athletic-net-api.md §3).</summary>
    public string UserAgent { get; set; } =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
}
