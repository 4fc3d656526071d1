namespace Cem.Core.Jurisdictions;

/// <summary>
/// The seat of government of each jurisdiction: where its education agency usually is, and so the city of a press
/// release's dateline unless the agency gives another.
/// </summary>
public static class Capitals
{
    private static readonly Dictionary<string, string> ByCode = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AL"] = "Montgomery", ["AK"] = "Juneau", ["AZ"] = "Phoenix", ["AR"] = "Little Rock", ["CA"] = "Sacramento",
        ["CO"] = "Denver", ["CT"] = "Hartford", ["DE"] = "Dover", ["FL"] = "Tallahassee", ["GA"] = "Atlanta",
        ["HI"] = "Honolulu", ["ID"] = "Boise", ["IL"] = "Springfield", ["IN"] = "Indianapolis", ["IA"] = "Des Moines",
        ["KS"] = "Topeka", ["KY"] = "Frankfort", ["LA"] = "Baton Rouge", ["ME"] = "Augusta", ["MD"] = "Annapolis",
        ["MA"] = "Boston", ["MI"] = "Lansing", ["MN"] = "St. Paul", ["MS"] = "Jackson", ["MO"] = "Jefferson City",
        ["MT"] = "Helena", ["NE"] = "Lincoln", ["NV"] = "Carson City", ["NH"] = "Concord", ["NJ"] = "Trenton",
        ["NM"] = "Santa Fe", ["NY"] = "Albany", ["NC"] = "Raleigh", ["ND"] = "Bismarck", ["OH"] = "Columbus",
        ["OK"] = "Oklahoma City", ["OR"] = "Salem", ["PA"] = "Harrisburg", ["RI"] = "Providence", ["SC"] = "Columbia",
        ["SD"] = "Pierre", ["TN"] = "Nashville", ["TX"] = "Austin", ["UT"] = "Salt Lake City", ["VT"] = "Montpelier",
        ["VA"] = "Richmond", ["WA"] = "Olympia", ["WV"] = "Charleston", ["WI"] = "Madison", ["WY"] = "Cheyenne",
        ["DC"] = "Washington", ["PR"] = "San Juan", ["AS"] = "Pago Pago", ["GU"] = "Hagåtña", ["MP"] = "Saipan",
        ["VI"] = "Charlotte Amalie",
    };

    public static string Of(Jurisdiction jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(jurisdiction);
        return ByCode[jurisdiction.Code];
    }

    /// <summary>
    /// A news dateline, "COLUMBUS, Ohio": the city in capitals, then the jurisdiction. The District of Columbia's
    /// city stands alone, as in "WASHINGTON".
    /// </summary>
    public static string Dateline(Jurisdiction jurisdiction, string? city)
    {
        ArgumentNullException.ThrowIfNull(jurisdiction);
        var place = string.IsNullOrWhiteSpace(city) ? Of(jurisdiction) : city.Trim();
        return jurisdiction.Code == "DC" && string.Equals(place, "Washington", StringComparison.OrdinalIgnoreCase)
            ? "WASHINGTON"
            : $"{place.ToUpperInvariant()}, {jurisdiction.Name}";
    }
}
