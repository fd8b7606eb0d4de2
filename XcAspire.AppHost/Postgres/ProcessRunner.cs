using System.Diagnostics;

namespace XcAspire.AppHost.Postgres;

/// <summary>Runs a short setup program (initdb, chown, postgres --single) and hands its output to the resource's log.</summary>
internal static class ProcessRunner
{
    public static async Task RunAsync(string command, IEnumerable<string> arguments, ILogger log, CancellationToken ct, string? input = null)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            // The cluster's user may not be able to enter the AppHost's working directory.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        if (input is not null)
        {
            // Through standard input, so that a password never shows in the process list.
            await process.StandardInput.WriteAsync(input.AsMemory(), ct);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync(ct);
        var text = (await output + await error).Trim();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            log.LogInformation("{Program}: {Line}", Path.GetFileName(command), line);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(command)} exited with {process.ExitCode}: {text}");
        }
    }
}
