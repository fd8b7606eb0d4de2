using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Data;

/// <summary>
/// A job by its id: the job table says which meet it belongs to, and the meet's grain answers for it.
/// A job older than what the grain keeps (its last 50) is answered from the table, and so is a status
/// read while the grain cannot answer (its silo just died and it is being activated elsewhere): the
/// table is what the grain last wrote, so a poll never hangs on a failover.
/// </summary>
public sealed class Jobs(IGrainFactory grains, JobReadModel readModel)
{
    private static readonly TimeSpan GrainAnswer = TimeSpan.FromSeconds(3);

    public async Task<MeetGrainState> RequireAsync(Guid jobId, CancellationToken ct)
    {
        var row = await readModel.GetJobAsync(jobId, ct) ?? throw new KeyNotFoundException($"No import job {jobId}.");
        try
        {
            return await grains.GetMeetGrain(row.MeetId).GetJobAsync(jobId).WaitAsync(GrainAnswer, ct) ?? row;
        }
        catch (Exception e) when (GrainCallFailures.SiloAway(e))
        {
            return row;
        }
    }

    public IMeetGrain MeetOf(MeetGrainState job) => grains.GetMeetGrain(job.MeetId);
}
