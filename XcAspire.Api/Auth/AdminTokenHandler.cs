using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace XcAspire.Api.Auth;

/// <summary>
/// The admin credential: <c>Authorization: Bearer &lt;token&gt;</c> (scripts, the API reference), or
/// the session cookie the admin UI's sign-in sets (<see cref="AdminSessions"/>). No credential
/// answers 401, an ended session 401 (sign in again), a wrong token 403.
/// </summary>
public sealed class AdminTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminToken token, AdminSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminToken";

    private const string BearerMethod = "bearer";
    private const string SessionMethod = "session";
    private const string RefusalKey = "xc-admin-refusal";

    private enum Refusal
    {
        WrongToken,
        SessionEnded,
    }

    /// <summary>
    /// Whether the request was signed in by the session cookie, the credential a browser sends by
    /// itself and so the one cross-site request forgery rides on (a bearer token it never adds).
    /// </summary>
    public static bool IsSession(ClaimsPrincipal user) => user.HasClaim(ClaimTypes.AuthenticationMethod, SessionMethod);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return token.Matches(header["Bearer ".Length..].Trim())
                ? Success(BearerMethod)
                : Refuse(Refusal.WrongToken, "The admin token is not valid.");
        }

        if (SessionCookie.Read(Request) is not { } cookie)
        {
            return AuthenticateResult.NoResult();
        }

        return await sessions.FindOpenAsync(cookie, Context.RequestAborted) is { } idHash
            // The session's own identifier: anti-forgery tokens are bound to it, so a token from an
            // ended session is worth nothing in the next one.
            ? Success(SessionMethod, new Claim(ClaimTypes.NameIdentifier, Convert.ToHexString(idHash)))
            : Refuse(Refusal.SessionEnded, "The admin session expired or was signed out.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refusal = Context.Items[RefusalKey] as Refusal?;
        Response.StatusCode = refusal == Refusal.WrongToken ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        if (refusal != Refusal.WrongToken)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        if (refusal == Refusal.SessionEnded)
        {
            SessionCookie.Delete(Context);
        }

        var (title, detail) = refusal switch
        {
            Refusal.WrongToken => ("Wrong admin credential", "The admin token presented does not match XC_ADMIN_TOKEN."),
            Refusal.SessionEnded => ("Admin session ended", "The session expired or was signed out: sign in again at /admin/login."),
            _ => ("Admin credential required",
                "Send the admin token as 'Authorization: Bearer <token>' (the AppHost prints it at start-up)."),
        };
        return Results.Problem(statusCode: Response.StatusCode, title: title, detail: detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => HandleChallengeAsync(properties);

    private static AuthenticateResult Success(string method, params Claim[] claims)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.AuthenticationMethod, method), .. claims], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Refuse(Refusal refusal, string reason)
    {
        Context.Items[RefusalKey] = refusal;
        return AuthenticateResult.Fail(reason);
    }
}
