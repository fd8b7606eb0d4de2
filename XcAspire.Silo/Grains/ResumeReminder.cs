namespace XcAspire.Silo.Grains;

/// <summary>
/// The reminder a grain holds exactly while it has unfinished work, so that after its silo dies it wakes
/// on a live one. Whether to hold it is read when an update runs, not when it was asked for, and updates
/// run one at a time: the last one always reflects the grain's latest state.
/// </summary>
public sealed class ResumeReminder(Grain grain, Func<bool> hasWork, TimeSpan period)
{
    public const string Name = "resume";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Whether this activation knows the reminder to be registered (a tick says so too).</summary>
    public bool Held { get; set; }

    public async Task SyncAsync()
    {
        await _gate.WaitAsync();
        try
        {
            var hold = hasWork();
            if (hold == Held)
            {
                return;
            }

            if (hold)
            {
                await grain.RegisterOrUpdateReminder(Name, period, period);
            }
            else if (await grain.GetReminder(Name) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }

            Held = hold;
        }
        finally
        {
            _gate.Release();
        }
    }
}
