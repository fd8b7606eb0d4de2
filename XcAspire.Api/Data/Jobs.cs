using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Data;

/// <summary>
/// A job by its id: the job table says which meet it belongs to, and the meet's grain answers for it.
/// A job older than what the grain keeps (its last 50) is answered from the table.
/// </summary>
public sealed class Jobs(IGrainFactory grains, JobReadModel readModel)
{
    public async Task<MeetGrainState> RequireAsync(Guid jobId, CancellationToken ct)
    {
        var row = await readModel.GetJobAsync(jobId, ct) ?? throw new KeyNotFoundException($"No import job {jobId}.");
        return await grains.GetMeetGrain(row.MeetId).GetJobAsync(jobId) ?? row;
    }

    public IMeetGrain MeetOf(MeetGrainState job) => grains.GetMeetGrain(job.MeetId);
}
