namespace XcAspire.Testing.Orleans;

/// <summary>A grain that counts its reminder's ticks: proves the reminder provider's table end to end.</summary>
[Alias("xc.test.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task RegisterAsync(TimeSpan period);

    [Alias("Unregister")]
    Task UnregisterAsync();

    [Alias("Ticks")]
    Task<int> TicksAsync();
}

[GrainType("test-reminder-probe")]
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private const string Name = "probe";
    private int _ticks;

    public Task RegisterAsync(TimeSpan period) => this.RegisterOrUpdateReminder(Name, period, period);

    public async Task UnregisterAsync()
    {
        if (await this.GetReminder(Name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> TicksAsync() => Task.FromResult(_ticks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        // Stays active between ticks so the count survives (reminders would re-activate it anyway).
        DelayDeactivation(TimeSpan.FromMinutes(5));
        return Task.CompletedTask;
    }
}
