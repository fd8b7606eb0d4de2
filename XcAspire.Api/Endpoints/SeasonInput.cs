using System.Globalization;
using XcAspire.Api.Problems;
using XcAspire.Silo.Sources;

namespace XcAspire.Api.Endpoints;

/// <summary>Validation of a season request: refused with a 400 that says what is expected.</summary>
public static class SeasonInput
{
    public const int FirstSeason = 1990;

    /// <summary>The school id as digits and the year, from 1990 to next year (a season being planned).</summary>
    public static (string SchoolId, int SeasonYear) Season(long? schoolId, int? seasonYear, TimeProvider clock)
    {
        if (schoolId is not { } school || school <= 0)
        {
            throw new RequestValidationException(
                "schoolId is required: the school's Athletic.net id, a positive number (athletic.net/team/<schoolId>/cross-country/<year>).");
        }

        var last = clock.GetUtcNow().Year + 1;
        if (seasonYear is not { } year || year < FirstSeason || year > last)
        {
            throw new RequestValidationException(string.Create(CultureInfo.InvariantCulture, $"seasonYear must be a year from {FirstSeason} to {last}."));
        }

        return (school.ToString(CultureInfo.InvariantCulture), year);
    }

    /// <summary>Null (every meet with results), or 1 to <see cref="SchoolSeason.MaxMeets"/> Athletic.net meet ids.</summary>
    public static IReadOnlyList<string>? MeetIds(IReadOnlyList<string>? meetIds)
    {
        if (meetIds is null)
        {
            return null;
        }

        if (meetIds.Count == 0 || meetIds.Count > SchoolSeason.MaxMeets)
        {
            throw new RequestValidationException(
                $"meetIds, when sent, lists 1 to {SchoolSeason.MaxMeets} meets of the season; leave it out to import every meet with results.");
        }

        return meetIds.Select((id, i) => Ids.Digits(id, $"meetIds[{i}]")).Distinct(StringComparer.Ordinal).ToList();
    }
}
