namespace Cem.Core.Jurisdictions;

/// <summary>
/// Each jurisdiction's default IANA time zone: where most of its people (and its education agency) are. An event may
/// name another zone (America/Adak for the Aleutians, America/Denver for Idaho's south…); this is what it starts with.
/// </summary>
public static class TimeZones
{
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AL"] = "America/Chicago", ["AK"] = "America/Anchorage", ["AZ"] = "America/Phoenix", ["AR"] = "America/Chicago",
        ["CA"] = "America/Los_Angeles", ["CO"] = "America/Denver", ["CT"] = "America/New_York", ["DE"] = "America/New_York",
        ["FL"] = "America/New_York", ["GA"] = "America/New_York", ["HI"] = "Pacific/Honolulu", ["ID"] = "America/Boise",
        ["IL"] = "America/Chicago", ["IN"] = "America/Indiana/Indianapolis", ["IA"] = "America/Chicago", ["KS"] = "America/Chicago",
        ["KY"] = "America/New_York", ["LA"] = "America/Chicago", ["ME"] = "America/New_York", ["MD"] = "America/New_York",
        ["MA"] = "America/New_York", ["MI"] = "America/Detroit", ["MN"] = "America/Chicago", ["MS"] = "America/Chicago",
        ["MO"] = "America/Chicago", ["MT"] = "America/Denver", ["NE"] = "America/Chicago", ["NV"] = "America/Los_Angeles",
        ["NH"] = "America/New_York", ["NJ"] = "America/New_York", ["NM"] = "America/Denver", ["NY"] = "America/New_York",
        ["NC"] = "America/New_York", ["ND"] = "America/Chicago", ["OH"] = "America/New_York", ["OK"] = "America/Chicago",
        ["OR"] = "America/Los_Angeles", ["PA"] = "America/New_York", ["RI"] = "America/New_York", ["SC"] = "America/New_York",
        ["SD"] = "America/Chicago", ["TN"] = "America/Chicago", ["TX"] = "America/Chicago", ["UT"] = "America/Denver",
        ["VT"] = "America/New_York", ["VA"] = "America/New_York", ["WA"] = "America/Los_Angeles", ["WV"] = "America/New_York",
        ["WI"] = "America/Chicago", ["WY"] = "America/Denver",
        ["DC"] = "America/New_York", ["PR"] = "America/Puerto_Rico",
        ["AS"] = "Pacific/Pago_Pago", ["GU"] = "Pacific/Guam", ["MP"] = "Pacific/Saipan", ["VI"] = "America/St_Thomas",
    };

    /// <summary>The zone of national events (CEM's staff are on Eastern time).</summary>
    public const string National = "America/New_York";

    /// <summary>The default zone of a jurisdiction code, or <see cref="National"/> for <c>US</c>.</summary>
    public static string DefaultFor(string code) =>
        Defaults.TryGetValue(code, out var zone) ? zone
        : string.Equals(code, "US", StringComparison.OrdinalIgnoreCase) ? National
        : throw new ArgumentException($"Unknown jurisdiction '{code}'.", nameof(code));

    /// <summary>Every jurisdiction's default zone, once each.</summary>
    public static IReadOnlyList<string> AllDefaults { get; } = Defaults.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
