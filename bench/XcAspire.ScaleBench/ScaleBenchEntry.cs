namespace XcAspire.ScaleBench;

/// <summary>
/// The scale run of ./xc bench: 30 generated meets imported concurrently through the API on 3 silos.
/// A named entry point, not top-level statements: the API's own Program class must stay the only one.
/// </summary>
public static class ScaleBenchEntry
{
    public static async Task<int> Main()
    {
        var connection = Environment.GetEnvironmentVariable("XC_BENCH_PG");
        if (string.IsNullOrEmpty(connection))
        {
            await Console.Error.WriteLineAsync("XC_BENCH_PG is not set: run ./xc bench, which starts a throwaway PostgreSQL cluster.");
            return 2;
        }

        // The rig creates its database with the test helpers, which read the cluster from XC_TEST_PG.
        Environment.SetEnvironmentVariable("XC_TEST_PG", connection);
        return await ScaleRun.RunAsync(ScaleMeets.Generate(), Console.Out);
    }
}
