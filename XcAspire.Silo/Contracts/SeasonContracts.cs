using Orleans.Concurrency;

namespace XcAspire.Silo.Grains.Contracts;

/// <summary>
/// The grain of one school's season (key <c>schoolId/year</c>, see <see cref="GrainKeys.Season"/>). A season
/// job lists the school's meets of the year from the source, then imports each meet with results as a
/// MeetGrain job (at most a few at once), skipping meets already imported and attaching to a meet's
/// active job instead of starting another. Starting returns once the job is stored; the work runs in a timer.
/// </summary>
[Alias("xc.ISeasonGrain")]
public interface ISeasonGrain : IGrainWithStringKey
{
    /// <summary>Starts a season job. Throws <see cref="ActiveSeasonJobConflictException"/> when one is active.</summary>
    [Alias("Start")]
    Task<SeasonJobStarted> StartAsync(StartSeasonRequest request);

    /// <summary>Stops starting meets and cancels the meet jobs the season started; attached jobs run on.</summary>
    [AlwaysInterleave, Alias("Cancel")]
    Task<SeasonJobState> CancelAsync(Guid seasonJobId);

    /// <summary>The current season job (the active one, else the latest), or null.</summary>
    [AlwaysInterleave, Alias("GetState")]
    Task<SeasonJobState?> GetStateAsync();

    /// <summary>One season job of this school and year, or null when the grain keeps no such job.</summary>
    [AlwaysInterleave, Alias("GetJob")]
    Task<SeasonJobState?> GetJobAsync(Guid seasonJobId);
}

/// <summary>
/// What a season job imports: every meet of the calendar with results, or only <paramref name="MeetIds"/>;
/// meets the database already holds with results are skipped unless <paramref name="Reimport"/>.
/// </summary>
[GenerateSerializer, Alias("xc.StartSeasonRequest")]
public sealed record StartSeasonRequest(
    [property: Id(0)] Guid SeasonJobId,
    [property: Id(1)] IReadOnlyList<string>? MeetIds,
    [property: Id(2)] bool Reimport);

[GenerateSerializer, Alias("xc.SeasonJobStarted")]
public sealed record SeasonJobStarted([property: Id(0)] Guid SeasonJobId, [property: Id(1)] SeasonStatus Status);

/// <summary>A season job's status: discovering its meets, running their jobs, then how it ended.</summary>
[GenerateSerializer, Alias("xc.SeasonStatus")]
public enum SeasonStatus
{
    Discovering,
    Running,
    Complete,
    CompletedWithErrors,
    Cancelled,

    /// <summary>The season could not be listed: unknown school, empty or over-long calendar, the source refused.</summary>
    Error,
}

/// <summary>Where one meet of a season is.</summary>
[GenerateSerializer, Alias("xc.SeasonMeetPhase")]
public enum SeasonMeetPhase
{
    /// <summary>To be imported: its job is not started yet.</summary>
    Pending,

    /// <summary>Its job is being started (the job id is chosen and stored first, so a restart starts it once).</summary>
    Starting,

    /// <summary>Its job (started by the season, or attached to) is running.</summary>
    Running,

    /// <summary>Its job ended importing_complete.</summary>
    Imported,

    /// <summary>Its job ended with errors, or it could not be started (the message says why).</summary>
    Failed,

    Cancelled,

    /// <summary>Skipped: the database already holds the meet with results (reimport was not asked).</summary>
    AlreadyImported,

    /// <summary>Skipped: the meet took place but its results are not posted.</summary>
    NoResults,

    /// <summary>Skipped: the meet is still to come.</summary>
    Upcoming,

    /// <summary>Skipped: on the calendar, but not among the meetIds asked for.</summary>
    NotSelected,

    /// <summary>Asked for in meetIds, but not on the school's calendar for the year.</summary>
    NotOnCalendar,
}

/// <summary>One meet of a season job: the calendar's row, where it is, and its MeetGrain job's progress.</summary>
[GenerateSerializer, Alias("xc.SeasonMeet")]
public sealed record SeasonMeet(
    [property: Id(0)] string MeetId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateOnly? Date,
    [property: Id(3)] bool HasResults,
    [property: Id(4)] SeasonMeetPhase Phase,
    [property: Id(5)] Guid? JobId = null,
    [property: Id(6)] bool Attached = false,
    [property: Id(7)] JobStatus? JobStatus = null,
    [property: Id(8)] RaceCountsByPhase? Races = null,
    [property: Id(9)] RowOutcomeCounts? Results = null,
    [property: Id(10)] string? Message = null,
    [property: Id(11)] int Attempt = 0,
    [property: Id(12)] DateTimeOffset? DueAt = null,
    [property: Id(13)] bool ImportRequested = false);

/// <summary>A season job as operators and the API see it: status, each meet, and the rows of all its meets' jobs.</summary>
[GenerateSerializer, Alias("xc.SeasonJobState")]
public sealed record SeasonJobState(
    [property: Id(0)] Guid SeasonJobId,
    [property: Id(1)] string SchoolId,
    [property: Id(2)] int SeasonYear,
    [property: Id(3)] string? TeamName,
    [property: Id(4)] SeasonStatus Status,
    [property: Id(5)] bool Reimport,
    [property: Id(6)] IReadOnlyList<string>? MeetIds,
    [property: Id(7)] string? Message,
    [property: Id(8)] string? LastError,
    [property: Id(9)] IReadOnlyList<SeasonMeet> Meets,
    [property: Id(10)] RowOutcomeCounts Results,
    [property: Id(11)] IReadOnlyList<string> Warnings,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset? DiscoveredAt,
    [property: Id(14)] DateTimeOffset? FinishedAt,
    [property: Id(15)] long Version,
    [property: Id(16)] string? Silo = null);

/// <summary>The school's season already has an active job: a second is never started (the API answers 409).</summary>
[GenerateSerializer, Alias("xc.ActiveSeasonJobConflictException")]
public sealed class ActiveSeasonJobConflictException : Exception
{
    public ActiveSeasonJobConflictException(string schoolId, int seasonYear, Guid activeSeasonJobId)
        : base($"School {schoolId}'s {seasonYear} season already has an active import ({activeSeasonJobId}); follow it, or cancel it first.")
    {
        SchoolId = schoolId;
        SeasonYear = seasonYear;
        ActiveSeasonJobId = activeSeasonJobId;
    }

    [Id(0)]
    public string SchoolId { get; private set; }

    [Id(1)]
    public int SeasonYear { get; private set; }

    [Id(2)]
    public Guid ActiveSeasonJobId { get; private set; }
}

/// <summary>The snake_case names of season statuses and meet phases, and what they mean.</summary>
public static class SeasonStateNames
{
    public static string Name(this SeasonStatus status) => status switch
    {
        SeasonStatus.Discovering => "discovering",
        SeasonStatus.Running => "running",
        SeasonStatus.Complete => "complete",
        SeasonStatus.CompletedWithErrors => "completed_with_errors",
        SeasonStatus.Cancelled => "cancelled",
        SeasonStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Name(this SeasonMeetPhase phase) => phase switch
    {
        SeasonMeetPhase.Pending => "pending",
        SeasonMeetPhase.Starting => "starting",
        SeasonMeetPhase.Running => "running",
        SeasonMeetPhase.Imported => "imported",
        SeasonMeetPhase.Failed => "failed",
        SeasonMeetPhase.Cancelled => "cancelled",
        SeasonMeetPhase.AlreadyImported => "already_imported",
        SeasonMeetPhase.NoResults => "no_results",
        SeasonMeetPhase.Upcoming => "upcoming",
        SeasonMeetPhase.NotSelected => "not_selected",
        SeasonMeetPhase.NotOnCalendar => "not_on_calendar",
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };

    public static SeasonStatus ParseSeasonStatus(string name) => Enum.GetValues<SeasonStatus>().First(s => s.Name() == name);

    public static bool IsActive(this SeasonStatus status) => status is SeasonStatus.Discovering or SeasonStatus.Running;

    /// <summary>The meet still needs the season: its job is to start or to watch.</summary>
    public static bool IsOpen(this SeasonMeetPhase phase) => phase is SeasonMeetPhase.Pending or SeasonMeetPhase.Starting or SeasonMeetPhase.Running;

    /// <summary>The meet was left out on purpose; a skip is not an error.</summary>
    public static bool IsSkipped(this SeasonMeetPhase phase) =>
        phase is SeasonMeetPhase.AlreadyImported or SeasonMeetPhase.NoResults or SeasonMeetPhase.Upcoming or SeasonMeetPhase.NotSelected;

    /// <summary>The meet should have been imported by this season and was not.</summary>
    public static bool IsError(this SeasonMeetPhase phase) => phase is SeasonMeetPhase.Failed or SeasonMeetPhase.NotOnCalendar;
}
