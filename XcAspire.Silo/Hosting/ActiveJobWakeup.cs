using Npgsql;
using XcAspire.ServiceDefaults.Database;
using XcAspire.Silo.Grains;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Hosting;

/// <summary>
/// When a silo has joined, wakes the MeetGrain of every meet with an active job (it resumes its races),
/// the SeasonGrain of every season with an active import, and makes sure the retention reminder exists. Reminders do this on their own; this covers jobs that
/// have no reminder, such as those an upgrade left active, and shortens the wait after a full restart.
/// </summary>
public sealed partial class ActiveJobWakeup(IGrainFactory grains, NpgsqlDataSource dataSource, ILogger<ActiveJobWakeup> logger) : BackgroundService
{
    private const string ActiveMeets = """
        SELECT DISTINCT meet_id FROM import_jobs
        WHERE status IN ('pending', 'scraping', 'scraping_complete', 'importing') OR meet_step IN ('due', 'running')
        """;

    private const string ActiveSeasons = "SELECT school_id, season_year FROM season_jobs WHERE status IN ('discovering', 'running')";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var delay = TimeSpan.FromSeconds(1); !stoppingToken.IsCancellationRequested; delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30)))
        {
            try
            {
                var meets = await ActiveMeetsAsync(stoppingToken);
                await Task.WhenAll(meets.Select(id => grains.GetMeetGrain(id).GetStateAsync()));
                var seasons = await ActiveSeasonsAsync(stoppingToken);
                await Task.WhenAll(seasons.Select(s => grains.GetSeasonGrain(s.SchoolId, s.SeasonYear).GetStateAsync()));
                await grains.GetGrain<IRetentionGrain>(RetentionGrain.Key).EnsureScheduledAsync();
                LogWoken(meets.Count);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                DatabaseOutage.ClearPoolIfOutage(dataSource, e);
                LogRetry(e.Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<List<string>> ActiveMeetsAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ActiveMeets);
        var meets = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            meets.Add(reader.GetString(0));
        }

        return meets;
    }

    private async Task<List<(string SchoolId, int SeasonYear)>> ActiveSeasonsAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ActiveSeasons);
        var seasons = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            seasons.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return seasons;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Woke the meet grains of {Count} meet(s) with an active job")]
    private partial void LogWoken(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the active jobs' meet grains yet ({Reason}); trying again in {Seconds} s")]
    private partial void LogRetry(string reason, double seconds);
}
