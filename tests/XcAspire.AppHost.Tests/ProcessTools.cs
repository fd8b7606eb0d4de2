using System.Diagnostics;
using System.Text.RegularExpressions;

namespace XcAspire.AppHost.Tests;

public static partial class ProcessTools
{
    /// <summary>The pid of the process listening on a loopback TCP port (ss, from iproute2, which ./xc installs).</summary>
    public static int? ListeningProcess(int port)
    {
        var (_, output, _) = Run("ss", ["-Hltnp", $"sport = :{port}"]);
        var match = PidPattern().Match(output);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static (int ExitCode, string Output, string Error) Run(string command, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    public static bool IsRoot => Environment.UserName == "root";

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex PidPattern();
}
