using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Parsing;

namespace XcAspire.Sources.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("16:45", 100500)]
    [InlineData("16:45.3", 100530)]
    [InlineData("19:30.45", 117045)]
    [InlineData("15:05.5", 90550)]
    [InlineData("1:02:03.4", 372340)]
    [InlineData("9:59.99", 59999)]
    [InlineData(" 18:29 ", 110900)]
    [InlineData("51:54", 311400)]
    [InlineData("5:00.05", 30005)]
    [InlineData("105:00", 630000)]
    [InlineData("16:45.3h", 100530)]
    [InlineData("007:05", 42500)]
    public void Time_text_becomes_centiseconds(string text, int expected)
    {
        var parsed = TimeParser.Parse(text, sortValue: null);
        Assert.True(parsed.IsValid, parsed.Error);
        Assert.Equal(FinishStatus.Finished, parsed.Status);
        Assert.Equal(expected, parsed.TimeCs);
    }

    [Theory]
    [InlineData(958.4, 95840)]
    [InlineData(1122.3, 112230)]
    [InlineData(1005, 100500)]
    [InlineData(1170.45, 117045)]
    public void SortValue_seconds_become_centiseconds_when_there_is_no_text(double seconds, int expected)
    {
        var parsed = TimeParser.Parse(null, seconds);
        Assert.Equal(FinishStatus.Finished, parsed.Status);
        Assert.Equal(expected, parsed.TimeCs);
    }

    [Fact]
    public void The_999999_sentinel_is_a_scratch_not_a_time()
    {
        var parsed = TimeParser.Parse("", 999999);
        Assert.True(parsed.IsValid);
        Assert.Equal(FinishStatus.SCR, parsed.Status);
        Assert.Null(parsed.TimeCs);
    }

    [Theory]
    [InlineData("DNF", FinishStatus.DNF)]
    [InlineData("dnf", FinishStatus.DNF)]
    [InlineData("DNS", FinishStatus.DNS)]
    [InlineData("DQ", FinishStatus.DQ)]
    [InlineData("DSQ", FinishStatus.DQ)]
    [InlineData("SCR", FinishStatus.SCR)]
    [InlineData("NT", FinishStatus.NT)]
    public void Status_words_are_a_status_with_no_time_whatever_the_SortValue(string text, FinishStatus expected)
    {
        var parsed = TimeParser.Parse(text, 999999);
        Assert.True(parsed.IsValid);
        Assert.Equal(expected, parsed.Status);
        Assert.Null(parsed.TimeCs);
    }

    [Fact]
    public void An_hour_long_time_is_not_cut_at_the_minutes() =>
        Assert.Equal(372300, TimeParser.Parse("1:02:03", null).TimeCs);

    [Theory]
    [InlineData("16:75")]
    [InlineData("abc")]
    [InlineData("16:45.3xyz")]
    [InlineData("FS")]
    [InlineData("0:00")]
    [InlineData("0:00.00")]
    [InlineData("1234:56")]
    [InlineData("16:45.123")]
    [InlineData("16:4")]
    [InlineData(":45")]
    [InlineData("16:45.")]
    public void Anything_else_is_an_error_with_the_text_in_it(string text)
    {
        var parsed = TimeParser.Parse(text, null);
        Assert.False(parsed.IsValid);
        Assert.Contains(text, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_result_and_no_SortValue_is_an_error() => Assert.False(TimeParser.Parse(null, null).IsValid);

    [Theory]
    [InlineData(100500, "16:45.00")]
    [InlineData(372340, "1:02:03.40")]
    [InlineData(59999, "9:59.99")]
    public void Format_round_trips(int cs, string text)
    {
        Assert.Equal(text, TimeParser.Format(cs));
        Assert.Equal(cs, TimeParser.ParseText(text));
    }

    [Theory]
    [InlineData("5,000 Meters Varsity", 5000)]
    [InlineData("4,000 Meters", 4000)]
    [InlineData("3,200 Meters JV", 3200)]
    [InlineData("2.95 Miles Varsity", 4747)]
    [InlineData("2 Miles Varsity", 3218)]
    [InlineData("3 Miles Varsity Boys", 4828)]
    [InlineData("1 Mile Novice", 1609)]
    [InlineData("5K Open", 5000)]
    [InlineData("5 km", 5000)]
    [InlineData("3200m", 3200)]
    [InlineData("Mens 5000m Frosh", 5000)]
    public void Distances_from_titles(string text, int meters) => Assert.Equal(meters, DistanceParser.FromText(text));

    [Theory]
    [InlineData("Varsity")]
    [InlineData("Championship Race")]
    [InlineData("")]
    public void A_title_without_a_distance_has_none_no_default(string text) => Assert.Null(DistanceParser.FromText(text));

    [Fact]
    public void The_Meters_field_wins_over_the_title() => Assert.Equal(4000, DistanceParser.Parse(4000, "5,000 Meters"));

    [Fact]
    public void A_zero_Meters_field_falls_back_to_the_title() => Assert.Equal(5000, DistanceParser.Parse(0, "5,000 Meters"));

    [Theory]
    [InlineData("M", "M")]
    [InlineData("F", "F")]
    [InlineData("f", "F")]
    [InlineData("B", "M")]
    [InlineData("G", "F")]
    [InlineData("X", null)]
    [InlineData(null, null)]
    public void Gender_from_the_division_code(string? code, string? expected) => Assert.Equal(expected, GenderParser.FromCode(code));

    [Theory]
    [InlineData("Womens 5,000 Meters Varsity", "F")]
    [InlineData("Mens 5,000 Meters Varsity", "M")]
    [InlineData("Girls 2 Miles JV", "F")]
    [InlineData("3 Miles Varsity Boys", "M")]
    [InlineData("Womens Results", "F")]
    [InlineData("5,000 Meters Varsity", null)]
    [InlineData("Mens and Womens Open", null)]
    public void Gender_from_title_words_never_substrings(string title, string? expected) =>
        Assert.Equal(expected, GenderParser.FromTitle(title));

    [Theory]
    [InlineData("Varsity", "varsity")]
    [InlineData("Mens 5,000 Meters Varsity", "varsity")]
    [InlineData("Non Varsity", "non_varsity")]
    [InlineData("Non-Varsity", "non_varsity")]
    [InlineData("Junior Varsity", "jv")]
    [InlineData("JV", "jv")]
    [InlineData("Frosh/Soph", "frosh_soph")]
    [InlineData("Freshman-Sophomore", "frosh_soph")]
    [InlineData("F/S", "frosh_soph")]
    [InlineData("Freshmen", "freshman")]
    [InlineData("Sophomore", "sophomore")]
    [InlineData("Reserves", "reserves")]
    [InlineData("Open", "open")]
    [InlineData("Novice", "novice")]
    [InlineData("Championship", "other")]
    [InlineData("Sweepstakes", "other")]
    public void Race_types(string text, string expected) => Assert.Equal(expected, RaceTypeParser.Classify(text));

    [Fact]
    public void Race_type_falls_back_from_an_empty_division_to_the_title() =>
        Assert.Equal("reserves", RaceTypeParser.Parse("", "5,000 Meters Reserves"));

    [Theory]
    [InlineData("12", 12)]
    [InlineData("9", 9)]
    [InlineData("Gr. 11", 11)]
    [InlineData("Yr: 10", 10)]
    [InlineData("7", 7)]
    [InlineData("-", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("99", null)]
    [InlineData("0", null)]
    [InlineData("09", 9)]
    [InlineData("123", null)]
    [InlineData("1 2", 12)]
    public void Grade_digits_only_unknown_stays_unknown(string? text, int? expected) => Assert.Equal(expected, GradeParser.Parse(text));

    [Theory]
    [InlineData("Milo", "Fenwick", "Milo Fenwick")]
    [InlineData("mary-kate", "O'BRIEN", "mary-kate O'BRIEN")]
    [InlineData("José", "Núñez  Jr.", "José Núñez  Jr.")]
    [InlineData("Cher", null, "Cher")]
    [InlineData(null, "Smith", "Smith")]
    public void Names_are_kept_exactly_as_given(string? first, string? last, string expected) =>
        Assert.Equal(expected, NameText.FullName(first, last));

    [Theory]
    [InlineData("JosÃ© Garcia", true)]
    [InlineData("Renâ€™e", true)]
    [InlineData("Ana \uFFFD", true)]
    [InlineData("José García", false)]
    [InlineData("Åsa Öberg", false)]
    public void Damaged_names_are_flagged_not_repaired(string name, bool flagged) => Assert.Equal(flagged, NameText.NeedsReview(name));
}
