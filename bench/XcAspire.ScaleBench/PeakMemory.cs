using System.Globalization;

namespace XcAspire.ScaleBench;

/// <summary>A process's peak resident memory so far (VmHWM in /proc/&lt;pid&gt;/status, Linux).</summary>
public static class PeakMemory
{
    public static double OfProcessMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kib = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kib / 1024.0;
    }
}
