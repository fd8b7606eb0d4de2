using XcAspire.Silo.Sources;

namespace XcAspire.Api.Problems;

/// <summary>A source failure answered to the caller: what happened at the source, as a status they can act on.</summary>
public sealed class SourceProblemException(SourceException source) : Exception(source.Message, source)
{
    public int StatusCode { get; } = source switch
    {
        MeetNotFoundException or TeamNotFoundException => StatusCodes.Status404NotFound,
        NoRacesFoundException or CalendarTooLongException => StatusCodes.Status422UnprocessableEntity,
        { IsTransient: true } => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status502BadGateway,
    };

    public string Title { get; } = source switch
    {
        MeetNotFoundException => "The source has no such meet",
        NoRacesFoundException => "The meet has no races at the source",
        TeamNotFoundException => "The source has no such school season",
        CalendarTooLongException => "The calendar is longer than a season import takes",
        { IsTransient: true } => "The source is unavailable; try again later",
        _ => "The source refused or answered something unreadable",
    };
}
