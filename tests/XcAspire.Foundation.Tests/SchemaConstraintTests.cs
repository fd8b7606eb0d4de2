using Npgsql;
using XcAspire.Testing;

namespace XcAspire.Foundation.Tests;

/// <summary>One migrated database with a row in each core table; every case runs in a rolled-back transaction.</summary>
public sealed class SchemaFixture : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestPostgres.CreateMigratedAsync();
        await Db.ExecuteAsync("""
            INSERT INTO venues (id, name, athletic_net_id) VALUES ('00000000-0000-0000-0000-00000000000a', 'Lakeside Park', '77');
            INSERT INTO courses (id, name, venue_id, distance_meters, difficulty_rating)
                VALUES ('00000000-0000-0000-0000-00000000000c', 'Lakeside Park, 5000m', '00000000-0000-0000-0000-00000000000a', 5000, 1.12);
            INSERT INTO schools (id, name, normalized_name, athletic_net_id, source_key)
                VALUES ('00000000-0000-0000-0000-000000000005', 'North Ridge', 'north ridge', '1076', 'school_North Ridge');
            INSERT INTO schools (id, name, normalized_name)
                VALUES ('00000000-0000-0000-0000-000000000006', 'Hill Valley', 'hill valley');
            INSERT INTO athletes (id, school_id, name, normalized_name, grad_year, gender, slug, athletic_net_id)
                VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000005', 'Runner Alpha', 'runner alpha', 2026, 'F', 'runner-alpha', '9001');
            INSERT INTO meets (id, name, meet_date, season_year, athletic_net_id)
                VALUES ('00000000-0000-0000-0000-0000000000e1', 'Lakeside Invitational', '2025-10-04', 2025, '254378');
            INSERT INTO races (id, meet_id, name, gender, distance_meters, race_type, athletic_net_race_id, athletic_net_id)
                VALUES ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000e1', 'Womens 5,000 Meters Varsity', 'F', 5000, 'varsity', '1001', '1001');
            INSERT INTO results (id, athlete_id, meet_id, race_id, time_cs, place_overall, source_result_id)
                VALUES ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000b1', 110000, 1, 'r1');
            INSERT INTO results (id, athlete_id, meet_id, race_id, time_cs)
                VALUES ('00000000-0000-0000-0000-0000000000d2', '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000b1', 110500);
            """);
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();
}

public sealed class SchemaConstraintTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private const string Venue = "'00000000-0000-0000-0000-00000000000a'";
    private const string Course = "'00000000-0000-0000-0000-00000000000c'";
    private const string School = "'00000000-0000-0000-0000-000000000005'";
    private const string Athlete = "'00000000-0000-0000-0000-0000000000a1'";
    private const string Meet = "'00000000-0000-0000-0000-0000000000e1'";
    private const string Race = "'00000000-0000-0000-0000-0000000000b1'";
    private const string Result1 = "'00000000-0000-0000-0000-0000000000d1'";
    private const string Result2 = "'00000000-0000-0000-0000-0000000000d2'";

    private const string Unique = PostgresErrorCodes.UniqueViolation;
    private const string Check = PostgresErrorCodes.CheckViolation;
    private const string NotNull = PostgresErrorCodes.NotNullViolation;

    /// <summary>(what is refused, the statement, the expected SQLSTATE, the constraint it must name or null).</summary>
    public static TheoryData<string, string, string, string?> Refusals() => new()
    {
        { "venue name twice", "INSERT INTO venues (name) VALUES ('Lakeside Park')", Unique, "venues_name_key" },
        { "venue athletic.net id twice", "INSERT INTO venues (name, athletic_net_id) VALUES ('Other', '77')", Unique, "venues_athletic_net_id_key" },
        { "venue empty athletic.net id", "INSERT INTO venues (name, athletic_net_id) VALUES ('Other', '')", Check, "venues_athletic_net_id_check" },
        { "course twice at a venue", $"INSERT INTO courses (name, venue_id, distance_meters) VALUES ('Lakeside Park, 5000m', {Venue}, 5000)", Unique, "courses_venue_id_name_key" },
        { "course without distance", $"INSERT INTO courses (name, venue_id) VALUES ('No distance', {Venue})", NotNull, null },
        { "course absurd distance", $"INSERT INTO courses (name, venue_id, distance_meters) VALUES ('Tiny', {Venue}, 5)", Check, "courses_distance_meters_check" },
        { "course difficulty on the retired 1-10 scale", $"INSERT INTO courses (name, venue_id, distance_meters, difficulty_rating) VALUES ('Old scale', {Venue}, 5000, 5.0)", Check, "courses_difficulty_rating_check" },
        { "course unknown surface", $"INSERT INTO courses (name, venue_id, distance_meters, surface_type) VALUES ('Sand', {Venue}, 5000, 'sand')", Check, "courses_surface_type_check" },
        { "school real team id twice", "INSERT INTO schools (name, normalized_name, athletic_net_id) VALUES ('Other', 'other', '1076')", Unique, "schools_athletic_net_id_key" },
        { "school synthetic key in the real id column", "INSERT INTO schools (name, normalized_name, athletic_net_id) VALUES ('Other', 'other', 'school_Other')", Check, "schools_athletic_net_id_check" },
        { "school synthetic key twice", "INSERT INTO schools (name, normalized_name, source_key) VALUES ('Other', 'other', 'school_North Ridge')", Unique, "schools_source_key_key" },
        { "school known only by name twice", "INSERT INTO schools (name, normalized_name) VALUES ('HILL VALLEY', 'hill valley')", Unique, "schools_unidentified_name_key" },
        { "athlete slug twice", $"INSERT INTO athletes (school_id, name, normalized_name, gender, slug) VALUES ({School}, 'Runner Alpha', 'runner alpha', 'F', 'runner-alpha')", Unique, "athletes_slug_key" },
        { "athlete slug not slug-shaped", $"INSERT INTO athletes (school_id, name, normalized_name, gender, slug) VALUES ({School}, 'X', 'x', 'F', 'Runner Alpha-')", Check, "athletes_slug_check" },
        { "athlete athletic.net id twice", $"INSERT INTO athletes (school_id, name, normalized_name, gender, slug, athletic_net_id) VALUES ({School}, 'Runner Beta', 'runner beta', 'F', 'runner-beta', '9001')", Unique, "athletes_athletic_net_id_key" },
        { "athlete empty athletic.net id", $"INSERT INTO athletes (school_id, name, normalized_name, gender, slug, athletic_net_id) VALUES ({School}, 'Runner Beta', 'runner beta', 'F', 'runner-beta', '')", Check, "athletes_athletic_net_id_check" },
        { "athlete gender outside M/F", $"INSERT INTO athletes (school_id, name, normalized_name, gender, slug) VALUES ({School}, 'Runner Beta', 'runner beta', 'X', 'runner-beta')", Check, "athletes_gender_check" },
        { "athlete grad year out of range", $"INSERT INTO athletes (school_id, name, normalized_name, gender, slug, grad_year) VALUES ({School}, 'Runner Beta', 'runner beta', 'F', 'runner-beta', 1900)", Check, "athletes_grad_year_check" },
        { "meet athletic.net id twice", "INSERT INTO meets (name, meet_date, season_year, athletic_net_id) VALUES ('Again', '2025-10-04', 2025, '254378')", Unique, "meets_athletic_net_id_key" },
        { "meet id not digits", "INSERT INTO meets (name, meet_date, season_year, athletic_net_id) VALUES ('Again', '2025-10-04', 2025, '25x')", Check, "meets_athletic_net_id_check" },
        { "meet unknown type", "INSERT INTO meets (name, meet_date, season_year, meet_type) VALUES ('Again', '2025-10-04', 2025, 'party')", Check, "meets_meet_type_check" },
        { "meet negative result count", "INSERT INTO meets (name, meet_date, season_year, result_count) VALUES ('Again', '2025-10-04', 2025, -1)", Check, "meets_result_count_check" },
        { "race id twice", $"INSERT INTO races (meet_id, name, gender, distance_meters, athletic_net_race_id, athletic_net_id) VALUES ({Meet}, 'Mens 5,000 Meters Varsity', 'M', 5000, '1001', '1001')", Unique, "races_athletic_net_race_id_key" },
        { "race mirror out of step", $"INSERT INTO races (meet_id, name, gender, distance_meters, athletic_net_race_id, athletic_net_id) VALUES ({Meet}, 'Mens 5,000 Meters Varsity', 'M', 5000, '1002', '9999')", Check, "races_athletic_net_id_mirror" },
        { "race gender outside M/F", $"INSERT INTO races (meet_id, name, gender, distance_meters) VALUES ({Meet}, 'Mixed', 'X', 5000)", Check, "races_gender_check" },
        { "race unknown type", $"INSERT INTO races (meet_id, name, gender, distance_meters, race_type) VALUES ({Meet}, 'Mens', 'M', 5000, 'elite')", Check, "races_race_type_check" },
        { "result same athlete same time twice", $"INSERT INTO results (athlete_id, meet_id, race_id, time_cs) VALUES ({Athlete}, {Meet}, {Race}, 110000)", Unique, "results_race_athlete_time_key" },
        { "result source id twice", $"INSERT INTO results (athlete_id, meet_id, race_id, time_cs, source_result_id) VALUES ({Athlete}, {Meet}, {Race}, 120000, 'r1')", Unique, "results_source_result_id_key" },
        { "result zero time", $"INSERT INTO results (athlete_id, meet_id, race_id, time_cs) VALUES ({Athlete}, {Meet}, {Race}, 0)", Check, "results_time_cs_check" },
        { "result the 999999 sentinel as a time", $"INSERT INTO results (athlete_id, meet_id, race_id, time_cs) VALUES ({Athlete}, {Meet}, {Race}, 99999900)", Check, "results_time_cs_check" },
        { "result place zero", $"INSERT INTO results (athlete_id, meet_id, race_id, time_cs, place_overall) VALUES ({Athlete}, {Meet}, {Race}, 120000, 0)", Check, "results_place_overall_check" },
        { "result grade 13", $"INSERT INTO results (athlete_id, meet_id, race_id, time_cs, grade) VALUES ({Athlete}, {Meet}, {Race}, 120000, 13)", Check, "results_grade_check" },
        { "result unknown data source", $"INSERT INTO results (athlete_id, meet_id, race_id, time_cs, data_source) VALUES ({Athlete}, {Meet}, {Race}, 120000, 'guess')", Check, "results_data_source_check" },
        { "result without a race", $"INSERT INTO results (athlete_id, meet_id, time_cs) VALUES ({Athlete}, {Meet}, 120000)", NotNull, null },
        { "non-finisher twice in a race", $"INSERT INTO non_finishers (athlete_id, meet_id, race_id, status) VALUES ({Athlete}, {Meet}, {Race}, 'DNF'), ({Athlete}, {Meet}, {Race}, 'DNS')", Unique, "non_finishers_race_athlete_key" },
        { "non-finisher unknown status", $"INSERT INTO non_finishers (athlete_id, meet_id, race_id, status) VALUES ({Athlete}, {Meet}, {Race}, 'LATE')", Check, "non_finishers_status_check" },
        { "potential duplicate with equal times", $"INSERT INTO potential_duplicates (result_id_1, result_id_2, athlete_id, meet_id, race_id, time_1_cs, time_2_cs, time_difference_cs) VALUES ({Result1}, {Result2}, {Athlete}, {Meet}, {Race}, 110000, 110000, 0)", Check, "potential_duplicates_time_check" },
        { "potential duplicate pair twice", $"INSERT INTO potential_duplicates (result_id_1, result_id_2, athlete_id, meet_id, race_id, time_1_cs, time_2_cs, time_difference_cs) VALUES ({Result1}, {Result2}, {Athlete}, {Meet}, {Race}, 110000, 110500, 500), ({Result1}, {Result2}, {Athlete}, {Meet}, {Race}, 110000, 110500, 500)", Unique, "potential_duplicates_result_id_1_result_id_2_key" },
        { "potential duplicate unknown status", $"INSERT INTO potential_duplicates (result_id_1, result_id_2, athlete_id, meet_id, race_id, time_1_cs, time_2_cs, time_difference_cs, status) VALUES ({Result1}, {Result2}, {Athlete}, {Meet}, {Race}, 110000, 110500, 500, 'maybe')", Check, "potential_duplicates_status_check" },
        { "duplicate athlete flagged twice", $"INSERT INTO potential_duplicate_athletes (athlete_id_1, school_id, name_2) VALUES ({Athlete}, {School}, 'Runner A. Alpha'), ({Athlete}, {School}, 'Runner A. Alpha')", Unique, "potential_duplicate_athletes_athlete_id_1_name_2_school_id_key" },
        { "duplicate athlete unknown status", $"INSERT INTO potential_duplicate_athletes (athlete_id_1, school_id, name_2, status) VALUES ({Athlete}, {School}, 'X', 'merged')", Check, "potential_duplicate_athletes_status_check" },
        { "best times twice for a season", $"INSERT INTO athlete_best_times (athlete_id, season_year, season_best_time_cs, season_best_result_id, alltime_best_time_cs, alltime_best_result_id) VALUES ({Athlete}, 2025, 110000, {Result1}, 110000, {Result1}), ({Athlete}, 2025, 110000, {Result1}, 110000, {Result1})", Unique, "athlete_best_times_athlete_id_season_year_key" },
        { "course record rank 101", $"INSERT INTO course_records (course_id, gender, athlete_id, result_id, time_cs, athlete_name, rank) VALUES ({Course}, 'F', {Athlete}, {Result1}, 110000, 'Runner Alpha', 101)", Check, "course_records_rank_check" },
        { "course record athlete twice", $"INSERT INTO course_records (course_id, gender, athlete_id, result_id, time_cs, athlete_name, rank) VALUES ({Course}, 'F', {Athlete}, {Result1}, 110000, 'Runner Alpha', 1), ({Course}, 'F', {Athlete}, {Result2}, 110500, 'Runner Alpha', 2)", Unique, "course_records_course_id_gender_athlete_id_key" },
        { "hall of fame rank twice", $"INSERT INTO school_hall_of_fame (school_id, gender, athlete_id, result_id, time_cs, normalized_time_cs, athlete_name, rank) VALUES ({School}, 'F', {Athlete}, {Result1}, 110000, 35000, 'Runner Alpha', 1), ({School}, 'F', '00000000-0000-0000-0000-0000000000a1', {Result2}, 110500, 35100, 'Runner Alpha', 1)", Unique, null },
        { "school course record grade 8", $"INSERT INTO school_course_records (school_id, course_id, gender, grade, athlete_id, result_id, time_cs, athlete_name) VALUES ({School}, {Course}, 'F', 8, {Athlete}, {Result1}, 110000, 'Runner Alpha')", Check, "school_course_records_grade_check" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refuses(string what, string sql, string sqlState, string? constraint)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteRolledBackAsync(sql));
        Assert.True(sqlState == error.SqlState, $"{what}: expected SQLSTATE {sqlState}, got {error.SqlState} ({error.MessageText})");
        if (constraint is not null)
        {
            Assert.Equal(constraint, error.ConstraintName);
        }
    }

    public static TheoryData<string, string> Acceptances() => new()
    {
        { "a tie: two athletes, same place and time", $"INSERT INTO athletes (id, school_id, name, normalized_name, gender, slug) VALUES ('00000000-0000-0000-0000-0000000000a2', {School}, 'Runner Beta', 'runner beta', 'F', 'runner-beta'); INSERT INTO results (athlete_id, meet_id, race_id, time_cs, place_overall) VALUES ('00000000-0000-0000-0000-0000000000a2', {Meet}, {Race}, 110000, 1)" },
        { "one athlete, a second different time in a race", $"INSERT INTO results (athlete_id, meet_id, race_id, time_cs) VALUES ({Athlete}, {Meet}, {Race}, 111111)" },
        { "athletes without an athletic.net id (NULL, many)", $"INSERT INTO athletes (school_id, name, normalized_name, gender, slug) VALUES ({School}, 'A', 'a', 'M', 'a'), ({School}, 'B', 'b', 'M', 'b')" },
        { "athlete with unknown grad year", $"INSERT INTO athletes (school_id, name, normalized_name, gender, slug, grad_year) VALUES ({School}, 'C', 'c', 'M', 'c', NULL)" },
        { "two real schools with one name", "INSERT INTO schools (name, normalized_name, athletic_net_id) VALUES ('Valley Christian', 'valley christian', '11'), ('Valley Christian', 'valley christian', '12')" },
        { "same course name at another venue", $"INSERT INTO venues (id, name) VALUES ('00000000-0000-0000-0000-00000000000b', 'Other Park'); INSERT INTO courses (name, venue_id, distance_meters) VALUES ('Lakeside Park, 5000m', '00000000-0000-0000-0000-00000000000b', 5000)" },
        { "course with no difficulty yet", $"INSERT INTO courses (name, venue_id, distance_meters) VALUES ('Unrated', {Venue}, 4000)" },
        { "race without an athletic.net id", $"INSERT INTO races (meet_id, name, gender, distance_meters) VALUES ({Meet}, 'Manual race', 'M', 5000), ({Meet}, 'Manual race', 'M', 5000)" },
    };

    [Theory]
    [MemberData(nameof(Acceptances))]
    public async Task Accepts(string what, string sql)
    {
        var ex = await Record.ExceptionAsync(() => ExecuteRolledBackAsync(sql));
        Assert.True(ex is null, $"{what}: {ex?.Message}");
    }

    [Fact]
    public async Task Results_have_no_triggers()
    {
        Assert.Equal(0, await fixture.Db.ScalarAsync<int>(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relname = 'results'"));
    }

    private async Task ExecuteRolledBackAsync(string sql)
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
        await transaction.RollbackAsync();
    }
}
