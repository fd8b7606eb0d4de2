using Microsoft.Extensions.Options;
using Npgsql;

namespace XcAspire.Silo.Grains;

/// <summary>Prunes finished jobs' copies of source data on a reminder: one grain for the whole cluster, so it runs once.</summary>
[Alias("xc.IRetentionGrain")]
public interface IRetentionGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the reminder is registered (every silo asks at start; the first one registers it).</summary>
    [Alias("Ensure")]
    Task EnsureScheduledAsync();
}

[GrainType("retention")]
public sealed partial class RetentionGrain(NpgsqlDataSource dataSource, IOptions<SiloWorkOptions> options, ILogger<RetentionGrain> logger)
    : Grain, IRetentionGrain, IRemindable
{
    public const string Key = "cluster";

    public async Task EnsureScheduledAsync()
    {
        if (await this.GetReminder("prune") is null)
        {
            await this.RegisterOrUpdateReminder("prune", TimeSpan.FromMinutes(1), options.Value.RetentionInterval);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var pruned = await Retention.PruneAsync(dataSource, options.Value.RetentionDays, CancellationToken.None);
        LogPruned(pruned, options.Value.RetentionDays);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: pruned {Rows} staged and stored source rows of jobs finished more than {Days} days ago")]
    private partial void LogPruned(int rows, int days);
}
