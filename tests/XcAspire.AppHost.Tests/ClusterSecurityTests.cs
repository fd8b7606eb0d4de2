using Npgsql;
using XcAspire.AppHost.Postgres;

namespace XcAspire.AppHost.Tests;

/// <summary>
/// The AppHost's PostgreSQL is closed to every other local user: no password, no way in, over TCP
/// or through the socket; only the password file (0600) and the services' connection strings hold it.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class ClusterSecurityTests(RunningSystemFixture system)
{
    private static readonly string Psql = Path.Combine(ClusterLayout.For("/").BinDirectory, "psql");

    [RootFact]
    public void Another_local_user_cannot_connect_over_tcp_or_through_the_socket()
    {
        var port = system.Settings.PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var socketDirectory = Path.Combine(system.Settings.ClusterDirectory, "sock");

        var tcp = AsNobody(password: null, "-h", "127.0.0.1", "-p", port);
        // The superuser's password of the cluster the AppHost had before it generated one.
        var oldPassword = AsNobody(password: "postgres", "-h", "127.0.0.1", "-p", port);
        var socket = AsNobody(password: null, "-h", socketDirectory, "-p", port);

        Assert.NotEqual(0, tcp.ExitCode);
        Assert.Contains("no password supplied", tcp.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, oldPassword.ExitCode);
        Assert.Contains("password authentication failed", oldPassword.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, socket.ExitCode);
        Assert.Contains("Permission denied", socket.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_is_the_files_alone_and_the_cluster_folders_are_closed()
    {
        var layout = ClusterLayout.For(system.Settings.ClusterDirectory);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(layout.PasswordFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(layout.SocketDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(layout.Directory));
        var password = (await File.ReadAllTextAsync(layout.PasswordFile)).Trim();
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = system.Settings.PostgresPort, Username = "postgres", Password = password, Database = "xcdb", Pooling = false,
        };
        await using var open = new NpgsqlConnection(connection.ConnectionString);
        await open.OpenAsync();
        connection.Password = "postgres";
        await using var refused = new NpgsqlConnection(connection.ConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    /// <summary>psql as the nobody user, never prompting for a password.</summary>
    private static (int ExitCode, string Output, string Error) AsNobody(string? password, params string[] arguments) =>
        ProcessTools.Run(
            "/usr/bin/setpriv",
            ["--reuid=nobody", "--regid=nogroup", "--clear-groups", Psql, .. arguments, "-U", "postgres", "-d", "xcdb", "-w", "-c", "SELECT 1"],
            new Dictionary<string, string?> { ["HOME"] = "/nonexistent", ["PGPASSWORD"] = password });
}
