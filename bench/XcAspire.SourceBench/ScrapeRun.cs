using System.Globalization;

namespace XcAspire.SourceBench;

/// <summary>One scrape of the benchmark's meet: its timing and whether it gave every row of the meet.</summary>
internal sealed record ScrapeRun(ScrapeTiming Timing, int Rows, bool RowsMatch)
{
    public string Describe(string name) =>
        Timing.Describe(name) + string.Create(CultureInfo.InvariantCulture, $", rows {Rows:N0}{(RowsMatch ? "" : " MISMATCH")}");
}
