using XcAspire.Silo.Grains;

namespace XcAspire.Grains.Tests;

public sealed class RaceSlotPoolTests
{
    private static readonly DateTimeOffset OneJob = new(2026, 10, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_released_slot_goes_to_the_race_of_the_earliest_job_then_in_arrival_order()
    {
        var pool = new RaceSlotPool(1);
        await pool.WaitAsync(import: false, OneJob, CancellationToken.None);
        var later = pool.WaitAsync(import: false, OneJob.AddMinutes(1), CancellationToken.None);
        var first = pool.WaitAsync(import: false, OneJob, CancellationToken.None);
        var second = pool.WaitAsync(import: false, OneJob, CancellationToken.None);
        var earliestImport = pool.WaitAsync(import: true, OneJob.AddMinutes(2), CancellationToken.None);

        pool.Release();
        await earliestImport; // imports first, whatever their job
        pool.Release();
        await first;
        Assert.False(second.IsCompleted);
        Assert.False(later.IsCompleted);

        pool.Release();
        await second;
        Assert.False(later.IsCompleted);

        pool.Release();
        await later;
        Assert.Equal(0, pool.Free);
    }

    [Fact]
    public async Task A_released_slot_goes_to_the_oldest_waiting_import_before_any_scrape()
    {
        var pool = new RaceSlotPool(1);
        await pool.WaitAsync(import: false, OneJob, CancellationToken.None);
        var scrape = pool.WaitAsync(import: false, OneJob, CancellationToken.None);
        var firstImport = pool.WaitAsync(import: true, OneJob, CancellationToken.None);
        var secondImport = pool.WaitAsync(import: true, OneJob, CancellationToken.None);

        pool.Release();
        await firstImport;
        Assert.False(scrape.IsCompleted);
        Assert.False(secondImport.IsCompleted);

        pool.Release();
        await secondImport;
        Assert.False(scrape.IsCompleted);

        pool.Release();
        await scrape;
        Assert.Equal(0, pool.Free);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_queue_and_the_slot_goes_to_the_next()
    {
        var pool = new RaceSlotPool(1);
        await pool.WaitAsync(import: false, OneJob, CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var abandoned = pool.WaitAsync(import: true, OneJob, giveUp.Token);
        var next = pool.WaitAsync(import: false, OneJob, CancellationToken.None);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        pool.Release();
        await next;

        pool.Release();
        Assert.Equal(1, pool.Free);
    }

    [Fact]
    public async Task A_cancel_after_the_slot_was_handed_over_keeps_the_slot_with_its_holder()
    {
        var pool = new RaceSlotPool(1);
        await pool.WaitAsync(import: false, OneJob, CancellationToken.None);
        using var late = new CancellationTokenSource();
        var waiter = pool.WaitAsync(import: false, OneJob, late.Token);

        pool.Release();
        await waiter;
        await late.CancelAsync();

        Assert.Equal(0, pool.Free);
        pool.Release();
        Assert.Equal(1, pool.Free);
    }

    [Fact]
    public async Task A_caller_already_giving_up_takes_no_slot_even_a_free_one()
    {
        var pool = new RaceSlotPool(1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.WaitAsync(import: true, OneJob, new CancellationToken(canceled: true)));
        Assert.Equal(1, pool.Free);
    }

    [Fact]
    public async Task Free_slots_are_taken_at_once_whatever_the_kind()
    {
        var pool = new RaceSlotPool(2);
        await pool.WaitAsync(import: false, OneJob, CancellationToken.None);
        await pool.WaitAsync(import: true, OneJob, CancellationToken.None);
        Assert.Equal(0, pool.Free);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.WaitAsync(import: true, OneJob, new CancellationToken(canceled: true)));
    }
}
