using XcAspire.Api.Problems;

namespace XcAspire.Api.Endpoints;

/// <summary>Validation of the ids callers send: refused with a 400 that says what is expected.</summary>
public static class Ids
{
    public static string MeetId(string? value) => Digits(value, "meetId");

    public static string Digits(string? value, string name) =>
        !string.IsNullOrEmpty(value) && value.Length <= 18 && value.All(char.IsAsciiDigit)
            ? value
            : throw new RequestValidationException($"{name} must be an Athletic.net id: 1 to 18 digits.");

    public static Guid JobId(string? value) =>
        Guid.TryParse(value, out var id) ? id : throw new RequestValidationException("jobId must be a job id (a UUID).");

    public static Guid Uuid(string? value, string name) =>
        Guid.TryParse(value, out var id) ? id : throw new RequestValidationException($"{name} must be a UUID.");
}
