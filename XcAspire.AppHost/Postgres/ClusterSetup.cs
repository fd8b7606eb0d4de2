using System.Security.Cryptography;

namespace XcAspire.AppHost.Postgres;

/// <summary>
/// Before every start of the server: the cluster's folders closed to other local users, a generated
/// superuser password (initdb once; a cluster from before the password file gets one), and
/// password authentication on the socket and on loopback, whatever an older pg_hba.conf said.
/// </summary>
internal static class ClusterSetup
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // Rewritten at every start, so no "trust" line of an older cluster survives.
    private const string HostBasedAuthentication = """
        # Written by the XcAspire AppHost at every start: the superuser's password (scram) on the socket and on loopback, nothing else.
        local all all scram-sha-256
        host  all all 127.0.0.1/32 scram-sha-256

        """;

    public static async Task PrepareAsync(ClusterLayout layout, string password, ILogger log, CancellationToken ct)
    {
        CreateOwnerOnly(layout.Directory);
        CreateOwnerOnly(layout.SocketDirectory);
        await GiveToClusterUserAsync(layout, log, ct, layout.Directory, layout.SocketDirectory);

        if (!layout.IsInitialised)
        {
            await InitialiseAsync(layout, password, log, ct);
        }
        else if (!PasswordFile.IsOnServer(layout, password))
        {
            // A cluster made before the AppHost kept a password (superuser "postgres"/"postgres" over TCP), or
            // whose password file was deleted: give its superuser the password the file now holds.
            log.LogInformation("Setting the generated superuser password on the existing cluster in {Directory}", layout.DataDirectory);
            var (command, arguments) = layout.AsClusterUser(layout.Server, "--single", "-D", layout.DataDirectory, "postgres");
            await ProcessRunner.RunAsync(command, arguments, log, ct, input: $"ALTER ROLE {LocalPostgresResource.UserName} PASSWORD '{password}';\n");
            File.Delete(Path.Combine(layout.Directory, "pwfile"));
        }

        PasswordFile.MarkOnServer(layout, password);
        var hba = Path.Combine(layout.DataDirectory, "pg_hba.conf");
        await File.WriteAllTextAsync(hba, HostBasedAuthentication, ct);
        File.SetUnixFileMode(hba, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await GiveToClusterUserAsync(layout, log, ct, hba);
    }

    private static async Task InitialiseAsync(ClusterLayout layout, string password, ILogger log, CancellationToken ct)
    {
        log.LogInformation("Creating the cluster in {Directory}", layout.DataDirectory);
        // initdb reads the password from a file the cluster's user can read; it is gone as soon as initdb is done.
        var passwordForInitdb = Path.Combine(layout.Directory, $"initdb-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
        await File.WriteAllTextAsync(passwordForInitdb, string.Empty, ct);
        File.SetUnixFileMode(passwordForInitdb, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(passwordForInitdb, password + "\n", ct);
        try
        {
            await GiveToClusterUserAsync(layout, log, ct, passwordForInitdb);
            var (command, arguments) = layout.AsClusterUser(
                Path.Combine(layout.BinDirectory, "initdb"),
                "-D", layout.DataDirectory, "-U", LocalPostgresResource.UserName, "--auth=scram-sha-256",
                $"--pwfile={passwordForInitdb}", "-E", "UTF8", "--locale=C.UTF-8");
            await ProcessRunner.RunAsync(command, arguments, log, ct);
        }
        finally
        {
            File.Delete(passwordForInitdb);
        }
    }

    private static void CreateOwnerOnly(string directory)
    {
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, OwnerOnly);
    }

    private static async Task GiveToClusterUserAsync(ClusterLayout layout, ILogger log, CancellationToken ct, params string[] paths)
    {
        if (layout.RunAs is { } user)
        {
            await ProcessRunner.RunAsync("chown", [$"{user}:{user}", .. paths], log, ct);
        }
    }
}
