using System.Security.Cryptography;

namespace XcAspire.AppHost.Postgres;

/// <summary>
/// The superuser's password, generated once and kept in <c>.xcaspire/pg/password</c> (0600, the
/// AppHost's user's): it reaches the services only inside their connection string.
/// </summary>
internal static class PasswordFile
{
    public static string ReadOrCreate(ClusterLayout layout)
    {
        if (File.Exists(layout.PasswordFile))
        {
            return File.ReadAllText(layout.PasswordFile).Trim();
        }

        Directory.CreateDirectory(layout.Directory);
        // Letters and digits only: it goes into a connection string and an SQL literal as it is.
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        using (var stream = new FileStream(layout.PasswordFile, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(password);
        }

        return password;
    }

    /// <summary>Whether the server already has this password: initdb gave it, or an older cluster was given it.</summary>
    public static bool IsOnServer(ClusterLayout layout, string password) =>
        File.Exists(Marker(layout)) && File.ReadAllText(Marker(layout)).Trim() == Fingerprint(password);

    public static void MarkOnServer(ClusterLayout layout, string password) => File.WriteAllText(Marker(layout), Fingerprint(password) + "\n");

    // A hash, not the password: the marker only says which password the server was given.
    private static string Fingerprint(string password) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password)));

    private static string Marker(ClusterLayout layout) => layout.PasswordFile + ".set";
}
