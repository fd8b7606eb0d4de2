using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.AthleticNet;

namespace XcAspire.Silo.Sources.Sample;

/// <summary>
/// A small HTTP server in Athletic.net's shapes for the meets of a catalog: GetMeetData, GetAllResultsData
/// (with anettokens), GetResultsData3, the rendered result pages, and the schools' season calendars
/// (GetTeamCore, then GetCalendar with jwtTeamHome), with latency and injected faults.
/// Tests, the benchmark and offline runs (the AppHost) use it in place of the real site.
/// </summary>
public sealed class SampleSource : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SampleSource(WebApplication app, Uri baseUrl, SampleRequestLog log)
    {
        _app = app;
        BaseUrl = baseUrl;
        Requests = log;
    }

    /// <summary>Answers 200 once the server is up; not a call to the source (no latency, no faults, not in <see cref="Requests"/>).</summary>
    public const string HealthPath = "/health";

    /// <summary>Scheme, host and port, e.g. http://127.0.0.1:5171 (what Source:BaseUrl takes).</summary>
    public Uri BaseUrl { get; }

    public SampleRequestLog Requests { get; }

    public static async Task<SampleSource> StartAsync(
        ISampleMeetCatalog catalog,
        SampleFaultPlan? faults = null,
        int port = 0,
        string host = "127.0.0.1",
        CancellationToken ct = default,
        SampleShape? shape = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{host}:{port}");
        var app = builder.Build();
        var log = new SampleRequestLog();
        var handlers = new SampleHandlers(catalog, shape ?? new SampleShape());
        handlers.Prepare();
        app.Use((context, next) => SampleFaultMiddleware.InvokeAsync(context, next, faults, log));
        // For whoever starts it as a process (the AppHost waits for this before starting the services).
        app.MapGet(HealthPath, () => "Healthy");
        app.MapGet(AthleticNetPaths.Prefix + "GetMeetData", handlers.MeetData);
        app.MapGet(AthleticNetPaths.Prefix + "GetAllResultsData", (Func<HttpContext, string?, IResult>)handlers.AllResults);
        app.MapPost(AthleticNetPaths.ResultsData3, (Func<HttpContext, Task<IResult>>)handlers.ResultsData3);
        app.MapGet(AthleticNetPaths.TeamCorePath, handlers.TeamCore);
        app.MapGet(AthleticNetPaths.CalendarPath, (Func<HttpContext, int?, IResult>)handlers.Calendar);
        app.MapGet("/CrossCountry/meet/{meetId}/results", handlers.MeetPage);
        app.MapGet("/CrossCountry/meet/{meetId}/results/{raceId}", handlers.RacePage);
        await app.StartAsync(ct);

        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await CheckHealthAsync(address, ct);
        return new SampleSource(app, address, log);
    }

    /// <summary>
    /// Completes when the server is told to stop: Ctrl+C, SIGTERM or SIGQUIT (the host's console lifetime
    /// takes those signals and stops the application instead of letting the process exit under it).
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    /// <summary>
    /// The server sets up its request pipeline and routing on the first request it answers; a health check
    /// does that at start, so the first call to the source costs only the configured latency, as the others do.
    /// </summary>
    private static async Task CheckHealthAsync(Uri address, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var response = await http.GetAsync(new Uri(address, HealthPath), ct);
    }

    private sealed class SampleHandlers(ISampleMeetCatalog catalog, SampleShape shape)
    {
        // Bodies are built and encoded once per meet (or race): the configured latency, not writing JSON, is
        // what a call costs.
        private readonly ConcurrentDictionary<(string Call, string MeetId, string? RaceId), byte[]> _bodies = new();

        /// <summary>Builds each meet's bodies before the first call, so even that call costs only the latency.</summary>
        public void Prepare()
        {
            foreach (var meetId in catalog.MeetIds)
            {
                if (catalog.Find(meetId) is { } meet)
                {
                    _bodies[("meet", meetId, null)] = Utf8(SampleJson.MeetData(meet));
                    _bodies[("all", meetId, null)] = Utf8(SampleJson.AllResults(meet, shape));
                }
            }
        }

        public IResult MeetData(string? meetId) =>
            // Athletic.net answers an unknown meet with 200 and null, not 404.
            meetId is not null && catalog.Find(meetId) is { } meet
                ? Json(_bodies.GetOrAdd(("meet", meetId, null), _ => Utf8(SampleJson.MeetData(meet))))
                : Json(Utf8("null"));

        public IResult AllResults(HttpContext context, string? meetId)
        {
            if (Authorized(context, meetId) is not { } meet)
            {
                return Forbidden();
            }

            return Json(_bodies.GetOrAdd(("all", meet.Meet.AthleticNetMeetId, null), _ => Utf8(SampleJson.AllResults(meet, shape))));
        }

        public async Task<IResult> ResultsData3(HttpContext context)
        {
            if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
            {
                return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            }

            if (Authorized(context, meetId: null) is not { } meet)
            {
                return Forbidden();
            }

            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var divId = body.RootElement.TryGetProperty("divId", out var id) ? id.ToString() : null;
            var race = meet.Races.FirstOrDefault(r => r.AthleticNetRaceId == divId);
            // A race without posted results answers 200 with an empty list, as the real API does.
            return Json(race is null
                ? Utf8("""{"resultsXC":[],"teams":[],"teamScores":[]}""")
                : _bodies.GetOrAdd(("race", meet.Meet.AthleticNetMeetId, race.AthleticNetRaceId), _ => Utf8(SampleJson.RaceResults(meet, race, shape))));
        }

        // An unknown team gets what the real API's controller gives for a team it cannot load: a 500.
        public IResult TeamCore(string? teamId, int? year) =>
            teamId is not null && year is { } season && catalog.FindTeam(teamId) is { } team
                ? Json(Utf8(SampleJson.TeamCore(team, season)))
                : Results.Content("""{"message":"An error has occurred."}""", "application/json", statusCode: 500);

        public IResult Calendar(HttpContext context, int? seasonId)
        {
            var claim = SampleJson.TeamFromToken(context.Request.Headers["anettokens"].ToString());
            return claim is { } team && team.SeasonYear == seasonId
                ? Json(Utf8(SampleJson.Calendar(catalog.Calendar(team.TeamId, team.SeasonYear))))
                : Forbidden();
        }

        public IResult MeetPage(string meetId) =>
            catalog.Find(meetId) is { } meet ? Results.Content(SamplePages.MeetPage(meet), "text/html; charset=utf-8") : Results.NotFound();

        public IResult RacePage(string meetId, string raceId) =>
            catalog.Find(meetId) is { } meet && meet.Races.FirstOrDefault(r => r.AthleticNetRaceId == raceId) is { } race
                ? Results.Content(SamplePages.RacePage(meet, race), "text/html; charset=utf-8")
                : Results.NotFound();

        private MeetSnapshot? Authorized(HttpContext context, string? meetId)
        {
            var tokenMeet = SampleJson.MeetIdFromToken(context.Request.Headers["anettokens"].ToString());
            return tokenMeet is not null && (meetId is null || meetId == tokenMeet) ? catalog.Find(tokenMeet) : null;
        }

        private static IResult Forbidden() =>
            Results.Content("""{"message":"anettokens missing or not valid for this meet"}""", "application/json", statusCode: 403);

        private static IResult Json(byte[] body) => Results.Bytes(body, "application/json; charset=utf-8");

        private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
    }
}
