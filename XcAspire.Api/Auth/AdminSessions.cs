using System.Buffers.Text;
using System.Security.Cryptography;
using Npgsql;

namespace XcAspire.Api.Auth;

/// <summary>A signed-in admin UI session: the cookie's value and when the session ends.</summary>
public sealed record AdminSession(string CookieValue, DateTimeOffset ExpiresAt);

/// <summary>
/// The admin UI's sessions, in PostgreSQL (table <c>admin_sessions</c>) so every API instance sees
/// each sign-in and sign-out. A session lasts <see cref="Lifetime"/> from sign-in (absolute, not
/// sliding: a stolen cookie stops working at a known time however busy it is kept). Expiry is
/// judged by the database's clock, the one clock all instances share.
/// </summary>
public sealed class AdminSessions(NpgsqlDataSource dataSource, AdminToken token, IConfiguration configuration)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(12);

    private const int IdBytes = 32;

    public TimeSpan Lifetime { get; } = configuration.GetValue("Admin:SessionLifetime", DefaultLifetime);

    public async Task<AdminSession> StartAsync(CancellationToken ct)
    {
        var id = RandomNumberGenerator.GetBytes(IdBytes);
        // Expired sessions go at each sign-in, which keeps the table as small as the sessions in use.
        await using var command = dataSource.CreateCommand(
            """
            WITH expired AS (DELETE FROM admin_sessions WHERE expires_at <= now())
            INSERT INTO admin_sessions (id_hash, expires_at) VALUES (@hash, now() + @lifetime) RETURNING expires_at
            """);
        command.Parameters.AddWithValue("hash", token.SessionIdHash(id));
        command.Parameters.AddWithValue("lifetime", Lifetime);
        var expiresAt = (DateTime)(await command.ExecuteScalarAsync(ct))!;
        return new AdminSession(Base64Url.EncodeToString(id), new DateTimeOffset(expiresAt, TimeSpan.Zero));
    }

    /// <summary>The session's id hash while it is open; null for an unknown, ended or expired session.</summary>
    public async Task<byte[]?> FindOpenAsync(string cookieValue, CancellationToken ct)
    {
        if (IdHash(cookieValue) is not { } hash)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("SELECT 1 FROM admin_sessions WHERE id_hash = @hash AND expires_at > now()");
        command.Parameters.AddWithValue("hash", hash);
        return await command.ExecuteScalarAsync(ct) is null ? null : hash;
    }

    public async Task EndAsync(string cookieValue, CancellationToken ct)
    {
        if (IdHash(cookieValue) is not { } hash)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("DELETE FROM admin_sessions WHERE id_hash = @hash");
        command.Parameters.AddWithValue("hash", hash);
        await command.ExecuteNonQueryAsync(ct);
    }

    // Anything but the 32 bytes this class issued is no session; it never reaches the database.
    private byte[]? IdHash(string cookieValue) =>
        Base64Url.IsValid(cookieValue, out var length) && length == IdBytes
            ? token.SessionIdHash(Base64Url.DecodeFromChars(cookieValue))
            : null;
}
