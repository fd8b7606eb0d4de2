using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace XcAspire.ServiceDefaults.Hosting;

/// <summary>
/// When the AppHost started this process (it sets <c>XC_PARENT_PID</c>), stop when the AppHost is
/// gone, even if it was killed without a chance to stop its children: nothing is left running.
/// </summary>
public sealed class ParentProcessWatchdog(
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<ParentProcessWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration["XC_PARENT_PID"], out var parentPid))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!IsAlive(parentPid))
            {
                logger.LogWarning("Parent process {Pid} has exited; stopping", parentPid);
                lifetime.StopApplication();
                return;
            }
        }
    }

    private static bool IsAlive(int pid)
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
}
