using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using XcAspire.ServiceDefaults.Telemetry;
using XcAspire.Silo.Sources.Politeness;

namespace XcAspire.Silo.Sources.AthleticNet;

/// <summary>
/// Athletic.net's JSON API over HTTP: every call goes through the host gate (one at a time, spaced,
/// Retry-After honoured) and is retried with backoff while the failure is transient. Returns bodies that
/// are JSON (not HTML, not an error); reading their shapes is the readers' job.
/// </summary>
public sealed class AthleticNetClient
{
    public const string HttpClientName = "athletic-net";

    private static readonly Counter<long> Requests = XcTelemetry.Meter.CreateCounter<long>("xc.source.requests", description: "Requests sent to a source");
    private static readonly Counter<long> Retries = XcTelemetry.Meter.CreateCounter<long>("xc.source.retries", description: "Source requests retried");

    private readonly HttpClient _http;
    private readonly IHostGate _gate;
    private readonly SourceOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly TimeProvider _time;

    public AthleticNetClient(HttpClient http, IHostGate gate, IOptions<SourceOptions> options, TimeProvider? time = null)
    {
        _http = http;
        _gate = gate;
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // A rejected token is transient for the race, but only a fresh token (a new GetMeetData) can help.
                ShouldHandle = new PredicateBuilder().Handle<SourceException>(e => e.IsTransient && e is not SourceTokenRejectedException),
                MaxRetryAttempts = Math.Max(0, _options.MaxRetries),
                Delay = _options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    Retries.Add(1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>A client outside dependency injection (tools, benchmarks), with its own HttpClient.</summary>
    public static AthleticNetClient Create(SourceOptions options, IHostGate gate) =>
        new(new HttpClient { BaseAddress = new Uri(options.BaseUrl), Timeout = Timeout.InfiniteTimeSpan }, gate, Options.Create(options));

    public Uri BaseUrl => _http.BaseAddress ?? throw new InvalidOperationException("The source HttpClient has no base address.");

    public string AbsoluteUrl(string pathAndQuery) => new Uri(BaseUrl, pathAndQuery).ToString();

    public Task<string> GetMeetDataAsync(string meetId, CancellationToken ct) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, AthleticNetPaths.MeetData(meetId)),
            _options.Spacing,
            token: null,
            ct,
            status => status == HttpStatusCode.NotFound ? new MeetNotFoundException(meetId) : null);

    /// <summary>
    /// GetTeamCore for a school's season: its name and the <c>jwtTeamHome</c> token GetCalendar needs. The
    /// source answers an unknown team with an error status (404, 400, or a 500 from its own code), so
    /// those mean "no such team" here and are not retried; 502–504 remain an outage.
    /// </summary>
    public Task<string> GetTeamCoreAsync(string schoolId, int seasonYear, CancellationToken ct) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, AthleticNetPaths.TeamCore(schoolId, seasonYear)),
            _options.Spacing,
            token: null,
            ct,
            status => status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.InternalServerError
                ? new TeamNotFoundException(schoolId, seasonYear, $"GetTeamCore answered HTTP {(int)status}")
                : null);

    /// <summary>GetCalendar for the season of the team whose <c>jwtTeamHome</c> is <paramref name="token"/>.</summary>
    public Task<string> GetCalendarAsync(int seasonYear, string token, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, AthleticNetPaths.Calendar(seasonYear)), _options.Spacing, token, ct);

    public Task<string> GetAllResultsDataAsync(string meetId, string token, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, AthleticNetPaths.AllResults(meetId)), _options.ResultsSpacing, token, ct);

    public Task<string> GetResultsData3Async(string raceId, string token, CancellationToken ct) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, AthleticNetPaths.ResultsData3)
            {
                // application/json exactly: text/plain gets 415.
                Content = new StringContent(AthleticNetPaths.ResultsData3Body(raceId), Encoding.UTF8, "application/json"),
            },
            _options.ResultsSpacing,
            token,
            ct);

    private async Task<string> SendAsync(
        Func<HttpRequestMessage> build, TimeSpan spacing, string? token, CancellationToken ct, Func<HttpStatusCode, SourceException?>? unknown = null)
    {
        var host = BaseUrl.Authority;
        return await _retry.ExecuteAsync(
            async attemptCt =>
            {
                var reply = await _gate.RunAsync(host, spacing, sendCt => SendOnceAsync(build, token, sendCt), attemptCt);
                ReplyClassifier.EnsureUsable(reply, token is not null, unknown);
                return reply.Body;
            },
            ct);
    }

    private async Task<GatedReply<SourceReply>> SendOnceAsync(Func<HttpRequestMessage> build, string? token, CancellationToken ct)
    {
        using var request = build();
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        request.Headers.Accept.ParseAdd("application/json, text/plain, */*");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("anettokens", token);
        }

        var url = new Uri(BaseUrl, request.RequestUri!).ToString();
        using var activity = XcTelemetry.Source.StartActivity("source.request", ActivityKind.Client);
        activity?.SetTag("url.full", url);
        Requests.Add(1);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            // Read only up to Source:MaxResponseSize: a larger answer, announced or streamed, is refused as
            // unreadable and never retried.
            var limit = _options.MaxResponseSize;
            var body = await ResponseBody.ReadAsync(response.Content, limit, () => TooLarge(url, limit), timeout.Token);
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            var reply = new SourceReply(
                url,
                response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.Server.ToString(),
                response.Headers.RetryAfter,
                body);
            TimeSpan? block = response.StatusCode == HttpStatusCode.TooManyRequests
                ? RetryAfter.From(response.Headers.RetryAfter, _options.DefaultRetryAfter, _time.GetUtcNow())
                : null;
            return new GatedReply<SourceReply>(reply, block);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new SourceUnavailableException($"The source did not answer {url} within {_options.RequestTimeout.TotalSeconds:F0} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new SourceUnavailableException($"The connection to the source failed on {url}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new SourceUnavailableException($"The source's answer to {url} was cut off: {e.Message}", e);
        }
    }

    private static SourceResponseInvalidException TooLarge(string url, long limit) =>
        new(url, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the answer is larger than Source:MaxResponseSize ({limit:N0} bytes)"));
}
