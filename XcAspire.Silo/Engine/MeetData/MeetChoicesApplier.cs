using Npgsql;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.MeetData;

/// <summary>
/// Rewrites a snapshot's venue and courses to the operator's choices, so the import (which finds
/// venues and courses by name) lands on the chosen rows instead of creating look-alikes.
/// </summary>
public static class MeetChoicesApplier
{
    public static async Task<MeetSnapshot> ApplyAsync(NpgsqlDataSource dataSource, MeetChoices? choices, MeetSnapshot snapshot, CancellationToken ct)
    {
        if (choices is null)
        {
            return snapshot;
        }

        var venue = snapshot.Venue;
        if (choices.Venue is { VenueId: { } venueId })
        {
            await using var command = dataSource.CreateCommand("SELECT name, city, state FROM venues WHERE id = @id");
            command.Parameters.AddWithValue("id", venueId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            venue = await reader.ReadAsync(ct)
                ? new VenueRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
                : throw new KeyNotFoundException($"The chosen venue {venueId} no longer exists; choose another one.");
        }
        else if (choices.Venue is { Name: { Length: > 0 } name })
        {
            venue = new VenueRecord(name, choices.Venue.City, choices.Venue.State);
        }

        var courses = new List<CourseRecord>();
        var courseByDistance = new Dictionary<int, string>();
        foreach (var choice in choices.Courses)
        {
            CourseRecord? course = null;
            if (choice.CourseId is { } courseId)
            {
                await using var command = dataSource.CreateCommand(
                    "SELECT c.name, v.name, c.distance_meters, c.distance_display, c.difficulty_rating FROM courses c JOIN venues v ON v.id = c.venue_id WHERE c.id = @id");
                command.Parameters.AddWithValue("id", courseId);
                await using var reader = await command.ExecuteReaderAsync(ct);
                course = await reader.ReadAsync(ct)
                    ? new CourseRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetDecimal(4))
                    : throw new KeyNotFoundException($"The chosen course {courseId} no longer exists; choose another one.");
                // A course chosen at another venue moves the meet there: the course decides.
                venue ??= new VenueRecord(course.VenueName, null, null);
            }
            else if (choice.Name is { Length: > 0 } courseName && venue is not null)
            {
                course = new CourseRecord(courseName, venue.Name, choice.DistanceMeters, null, choice.DifficultyRating);
            }

            if (course is not null)
            {
                courses.Add(course);
                courseByDistance[choice.DistanceMeters] = course.Name;
            }
        }

        var races = snapshot.Races
            .Select(r => courseByDistance.TryGetValue(r.DistanceMeters, out var courseName) ? r with { CourseName = courseName } : r)
            .ToList();
        var kept = snapshot.Courses.Where(c => !courseByDistance.ContainsKey(c.DistanceMeters))
            .Select(c => venue is null ? c : c with { VenueName = venue.Name })
            .ToList();
        return snapshot with
        {
            Venue = venue,
            Meet = snapshot.Meet with { VenueName = venue?.Name ?? snapshot.Meet.VenueName },
            Courses = [.. kept, .. courses],
            Races = races,
        };
    }
}
