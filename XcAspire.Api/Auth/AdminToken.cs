using System.Security.Cryptography;
using System.Text;

namespace XcAspire.Api.Auth;

/// <summary>The configured admin token (<c>Admin:Token</c>, env <c>XC_ADMIN_TOKEN</c>).</summary>
public sealed class AdminToken
{
    private readonly byte[] _hash;

    public AdminToken(IConfiguration configuration)
    {
        var value = configuration["Admin:Token"] ?? configuration["XC_ADMIN_TOKEN"];
        if (string.IsNullOrWhiteSpace(value) || value.Length < 16)
        {
            throw new InvalidOperationException(
                "No admin token configured: set XC_ADMIN_TOKEN (or Admin:Token) to a secret of at least 16 characters, " +
                "or start the system with ./xc run, which generates one and prints it.");
        }

        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    // Hashing first gives equal-length inputs, so the comparison time says nothing about the token.
    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>
    /// What the database keeps of a session id: keyed by the token, so a new token ends every session
    /// opened with the old one, and a copy of the table gives no cookie that works.
    /// </summary>
    public byte[] SessionIdHash(ReadOnlySpan<byte> sessionId) => HMACSHA256.HashData(_hash, sessionId);
}
