using System.Globalization;
using XcAspire.Silo.Grains;
using XcAspire.Silo.Hosting;

namespace XcAspire.ScaleBench;

/// <summary>
/// The silos' own timings (membership probes, resume reminder, watchdog, backoff) in place of the test
/// rig's quicker ones, which poll several times as often: a benchmark measures what a deployment does.
/// </summary>
public static class ProductionTimings
{
    public static Dictionary<string, string?> Settings()
    {
        var silo = new SiloWorkOptions();
        return new Dictionary<string, string?>
        {
            // The silo's membership tuning (the test rig shortens both).
            ["Orleans:Membership:ProbeTimeout"] = Format(OrleansSiloSetup.ProbeTimeout),
            ["Orleans:Membership:NumMissedProbesLimit"] = OrleansSiloSetup.NumMissedProbesLimit.ToString(CultureInfo.InvariantCulture),
            ["Silo:ResumePeriod"] = Format(silo.ResumePeriod),
            ["Silo:WatchdogPeriod"] = Format(silo.WatchdogPeriod),
            ["Silo:MaxBackoff"] = Format(silo.MaxBackoff),
        };
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
