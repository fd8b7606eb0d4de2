using Npgsql;
using XcAspire.Api.Problems;
using XcAspire.ServiceDefaults.Domain;

namespace XcAspire.Api.Data;

public sealed record VenueDto(Guid Id, string Name, string? City, string? State, string? AthleticNetId);

public sealed record CourseDto(
    Guid Id, Guid VenueId, string VenueName, string Name, int DistanceMeters, string? DistanceDisplay, decimal? DifficultyRating);

public sealed record CreateVenueRequest(string? Name, string? City, string? State);

public sealed record CreateCourseRequest(Guid? VenueId, string? Name, int? DistanceMeters, string? DistanceDisplay, decimal? DifficultyRating);

/// <summary>Venue and course lookups for the wizard's select-or-create step.</summary>
public sealed class VenueCourseStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<VenueDto>> SearchVenuesAsync(string? query, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, name, city, state, athletic_net_id FROM venues
            WHERE @pattern::text IS NULL OR name ILIKE @pattern ESCAPE '\' OR city ILIKE @pattern ESCAPE '\'
            ORDER BY lower(name) LIMIT 25
            """);
        command.Parameters.AddWithValue("pattern", (object?)Pattern(query) ?? DBNull.Value);
        var venues = new List<VenueDto>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            venues.Add(new VenueDto(reader.GetGuid(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4)));
        }

        return venues;
    }

    public async Task<IReadOnlyList<CourseDto>> SearchCoursesAsync(string? query, Guid? venueId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.id, c.venue_id, v.name, c.name, c.distance_meters, c.distance_display, c.difficulty_rating
            FROM courses c JOIN venues v ON v.id = c.venue_id
            WHERE (@venue::uuid IS NULL OR c.venue_id = @venue)
              AND (@pattern::text IS NULL OR c.name ILIKE @pattern ESCAPE '\' OR v.name ILIKE @pattern ESCAPE '\')
            ORDER BY lower(v.name), lower(c.name) LIMIT 50
            """);
        command.Parameters.AddWithValue("pattern", (object?)Pattern(query) ?? DBNull.Value);
        command.Parameters.AddWithValue("venue", (object?)venueId ?? DBNull.Value);
        var courses = new List<CourseDto>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            courses.Add(new CourseDto(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), Text(reader, 5),
                reader.IsDBNull(6) ? null : reader.GetDecimal(6)));
        }

        return courses;
    }

    public async Task<VenueDto> CreateVenueAsync(CreateVenueRequest request, CancellationToken ct)
    {
        var name = Required(request.Name, "name", 200);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO venues (name, city, state) VALUES (@name, @city, @state) RETURNING id");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("city", (object?)Optional(request.City, "city", 100) ?? DBNull.Value);
        command.Parameters.AddWithValue("state", (object?)Optional(request.State, "state", 50) ?? DBNull.Value);
        try
        {
            var id = (Guid)(await command.ExecuteScalarAsync(ct))!;
            return new VenueDto(id, name, request.City, request.State, null);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new Silo.Grains.Contracts.JobStateException($"A venue named '{name}' already exists; select it instead.");
        }
    }

    public async Task<CourseDto> CreateCourseAsync(CreateCourseRequest request, CancellationToken ct)
    {
        var venueId = request.VenueId ?? throw new RequestValidationException("venueId is required.");
        var name = Required(request.Name, "name", 200);
        var distance = request.DistanceMeters is >= 100 and <= 50000
            ? request.DistanceMeters.Value
            : throw new RequestValidationException("distanceMeters must be between 100 and 50,000.");
        if (request.DifficultyRating is { } rating && !DifficultyRating.IsPaceMultiplier(rating))
        {
            throw new RequestValidationException($"difficultyRating must be {DifficultyRating.Range} (a pace multiplier), or omitted.");
        }

        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO courses (venue_id, name, distance_meters, distance_display, difficulty_rating)
            SELECT v.id, @name, @distance, @display, @rating FROM venues v WHERE v.id = @venue
            RETURNING id, (SELECT name FROM venues WHERE id = @venue)
            """);
        command.Parameters.AddWithValue("venue", venueId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("distance", distance);
        command.Parameters.AddWithValue("display", (object?)Optional(request.DistanceDisplay, "distanceDisplay", 50) ?? DBNull.Value);
        command.Parameters.AddWithValue("rating", (object?)request.DifficultyRating ?? DBNull.Value);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                throw new KeyNotFoundException($"No venue {venueId}.");
            }

            return new CourseDto(reader.GetGuid(0), venueId, reader.GetString(1), name, distance, request.DistanceDisplay, request.DifficultyRating);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new Silo.Grains.Contracts.JobStateException($"The venue already has a course named '{name}'; select it instead.");
        }
    }

    // User text is matched literally: LIKE's wildcards and the escape character are escaped.
    private static string? Pattern(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }

        if (query.Length > 200)
        {
            throw new RequestValidationException("query is limited to 200 characters.");
        }

        return "%" + query.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";
    }

    private static string Required(string? value, string name, int max) =>
        Optional(value, name, max) ?? throw new RequestValidationException($"{name} is required.");

    private static string? Optional(string? value, string name, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.Trim().Length <= max ? value.Trim() : throw new RequestValidationException($"{name} is limited to {max} characters.");
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
