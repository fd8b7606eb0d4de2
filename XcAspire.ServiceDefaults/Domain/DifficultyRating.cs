namespace XcAspire.ServiceDefaults.Domain;

/// <summary>
/// A course's difficulty: a pace multiplier relative to a flat track, 0.5 to 3 inclusive (real
/// courses are about 1.06–1.25). The retired 1–10 scale (its default 5.0) is not one. The same
/// bounds as the courses_difficulty_rating_check constraint (migration 0013).
/// </summary>
public static class DifficultyRating
{
    public const decimal Min = 0.5m;

    public const decimal Max = 3m;

    /// <summary>How people read the bounds, in messages.</summary>
    public const string Range = "0.5–3";

    public static bool IsPaceMultiplier(decimal rating) => rating is >= Min and <= Max;
}
