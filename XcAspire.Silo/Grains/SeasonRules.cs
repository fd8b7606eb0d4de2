using System.Globalization;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Grains;

/// <summary>
/// A season job's status, message and totals follow from its meets: the SeasonGrain applies these rules
/// after every change, as a MeetGrain does for its races (<see cref="JobRules"/>).
/// </summary>
public static class SeasonRules
{
    /// <summary>The rows of every meet's job together: the four outcomes still add up to the rows read.</summary>
    public static RowOutcomeCounts Results(SeasonJobRecord job) =>
        job.Meets.Aggregate(RowOutcomeCounts.None, (sum, m) => m.Results is { } rows ? sum.Plus(rows) : sum);

    public static void Apply(SeasonJobRecord job, DateTimeOffset now)
    {
        if (job.Status == SeasonStatus.Running && !job.Meets.Any(m => m.Phase.IsOpen()))
        {
            job.Status = job.Meets.Any(m => m.Phase.IsError()) ? SeasonStatus.CompletedWithErrors : SeasonStatus.Complete;
            job.LastError = job.Meets.Where(m => m.Phase.IsError()).Select(m => $"Meet {m.MeetId}: {m.Message}").FirstOrDefault();
        }

        job.Message = Message(job);
        job.FinishedAt = job.Status.IsActive() ? null : job.FinishedAt ?? now;
        job.Version++;
    }

    public static SeasonJobState ToView(string schoolId, int seasonYear, SeasonJobRecord job, string? silo) => new(
        job.SeasonJobId, schoolId, seasonYear, job.TeamName, job.Status, job.Reimport, job.MeetIds, job.Message, job.LastError,
        job.Meets.ToList(), Results(job), job.Warnings.ToList(), job.CreatedAt, job.DiscoveredAt, job.FinishedAt, job.Version, silo);

    /// <summary>"10 meets: 6 imported, 1 running, 2 skipped (1 already imported, 1 without results), 1 failed".</summary>
    private static string Message(SeasonJobRecord job)
    {
        if (job.Status == SeasonStatus.Discovering)
        {
            return job.DiscoveryAttempt == 0 ? "Listing the school's meets of the season" : $"Listing the school's meets of the season (attempt {job.DiscoveryAttempt + 1})";
        }

        if (job.Status == SeasonStatus.Error)
        {
            return "The season could not be listed: " + job.LastError;
        }

        var byPhase = job.Meets.GroupBy(m => m.Phase).ToDictionary(g => g.Key, g => g.Count());
        int Count(params SeasonMeetPhase[] phases) => phases.Sum(p => byPhase.GetValueOrDefault(p));
        var parts = new List<string>();
        void Add(int n, string what)
        {
            if (n > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{n} {what}"));
            }
        }

        Add(Count(SeasonMeetPhase.Imported), "imported");
        Add(Count(SeasonMeetPhase.Running, SeasonMeetPhase.Starting), "running");
        Add(Count(SeasonMeetPhase.Pending), "waiting");
        var skips = job.Meets.Where(m => m.Phase.IsSkipped()).GroupBy(m => m.Phase)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {Skip(g.Key)}")).ToList();
        if (skips.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{job.Meets.Count(m => m.Phase.IsSkipped())} skipped ({string.Join(", ", skips)})"));
        }

        Add(Count(SeasonMeetPhase.Failed, SeasonMeetPhase.NotOnCalendar), "failed");
        Add(Count(SeasonMeetPhase.Cancelled), "cancelled");
        var head = job.Status == SeasonStatus.Cancelled ? "Cancelled: " : "";
        return string.Create(CultureInfo.InvariantCulture, $"{head}{job.Meets.Count} meets: {string.Join(", ", parts)}");
    }

    private static string Skip(SeasonMeetPhase phase) => phase switch
    {
        SeasonMeetPhase.AlreadyImported => "already imported",
        SeasonMeetPhase.NoResults => "without results",
        SeasonMeetPhase.Upcoming => "still to come",
        _ => "not selected",
    };
}
