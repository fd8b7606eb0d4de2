using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Data;

/// <summary>
/// A season job by its id: the season table says which school and year it belongs to, and that season's
/// grain answers for it. A job older than what the grain keeps (its last 20) is answered from the table.
/// </summary>
public sealed class Seasons(IGrainFactory grains, SeasonReadModel readModel)
{
    public async Task<SeasonJobState> RequireAsync(Guid seasonJobId, CancellationToken ct)
    {
        var row = await readModel.GetAsync(seasonJobId, ct) ?? throw new KeyNotFoundException($"No season import job {seasonJobId}.");
        return await GrainOf(row).GetJobAsync(seasonJobId) ?? row;
    }

    public ISeasonGrain GrainOf(SeasonJobState season) => grains.GetSeasonGrain(season.SchoolId, season.SeasonYear);
}
