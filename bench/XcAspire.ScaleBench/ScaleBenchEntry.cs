namespace XcAspire.ScaleBench;

/// <summary>
/// The runs of ./xc bench through the API and in-process silos: by default the scale run (30
/// generated meets imported concurrently on 3 silos); <c>two-silos</c> imports the engine
/// benchmark's 20,000-result meet by folder path on 2 silos and compares it with the engine;
/// <c>failover</c> kills one of 2 silo processes in the middle of that import and measures the resume.
/// A named entry point, not top-level statements: the API's own Program class must stay the only one.
/// </summary>
public static class ScaleBenchEntry
{
    public static async Task<int> Main(string[] args)
    {
        var connection = Environment.GetEnvironmentVariable("XC_BENCH_PG");
        if (string.IsNullOrEmpty(connection))
        {
            await Console.Error.WriteLineAsync("XC_BENCH_PG is not set: run ./xc bench, which starts a throwaway PostgreSQL cluster.");
            return 2;
        }

        // The rig creates its database with the test helpers, which read the cluster from XC_TEST_PG.
        Environment.SetEnvironmentVariable("XC_TEST_PG", connection);
        switch (args)
        {
            case []:
                return await ScaleRun.RunAsync(ScaleMeets.Generate(), Console.Out);
            case ["two-silos"]:
                return await TwoSilosRun.RunAsync(Console.Out);
            case ["failover"]:
                return await FailoverRun.RunAsync(Console.Out);
            default:
                await Console.Error.WriteLineAsync("usage: XcAspire.ScaleBench [two-silos | failover]");
                return 2;
        }
    }
}
