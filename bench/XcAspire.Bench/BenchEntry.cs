using System.Globalization;

namespace XcAspire.Bench;

/// <summary>
/// ./xc bench: imports generated meets through the import engine into a throwaway cluster and prints
/// the figures of product.md §5. The connection string of the cluster's maintenance database comes
/// from XC_BENCH_PG (./xc bench starts the cluster). <c>generate SIZE FOLDER</c> (./xc generate) only
/// writes the benchmark's meet folder of SIZE results, for an import by hand. A named entry point, not
/// top-level statements: the scale benchmark references this project beside the API, whose Program
/// class must stay the only one.
/// </summary>
internal static class BenchEntry
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["generate", var size, var folder])
        {
            var written = BenchMeet.WriteFolder(int.Parse(size, CultureInfo.InvariantCulture), folder);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"meet {written.MeetId}: {written.Races} races, {written.Rows:N0} rows, written to {folder}"));
            return 0;
        }

        var connection = Environment.GetEnvironmentVariable("XC_BENCH_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("XC_BENCH_PG is not set: run ./xc bench, which starts a throwaway PostgreSQL cluster");
        var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [2_000, 10_000, 20_000];
        return await ImportBenchmark.RunAsync(connection, sizes);
    }
}
