namespace Cem.Core.Jurisdictions;

/// <summary>A state-level jurisdiction that can take part in CEM for States.</summary>
public sealed record Jurisdiction(string Code, string Name)
{
    /// <summary>The IANA time zone its events start in (<see cref="TimeZones"/>).</summary>
    public string DefaultTimeZone => TimeZones.DefaultFor(Code);

    /// <summary>The 50 states, the District of Columbia, Puerto Rico and the territories (AS, GU, MP, VI).</summary>
    public static IReadOnlyList<Jurisdiction> All { get; } =
    [
        new("AL", "Alabama"), new("AK", "Alaska"), new("AZ", "Arizona"), new("AR", "Arkansas"),
        new("CA", "California"), new("CO", "Colorado"), new("CT", "Connecticut"), new("DE", "Delaware"),
        new("FL", "Florida"), new("GA", "Georgia"), new("HI", "Hawaii"), new("ID", "Idaho"),
        new("IL", "Illinois"), new("IN", "Indiana"), new("IA", "Iowa"), new("KS", "Kansas"),
        new("KY", "Kentucky"), new("LA", "Louisiana"), new("ME", "Maine"), new("MD", "Maryland"),
        new("MA", "Massachusetts"), new("MI", "Michigan"), new("MN", "Minnesota"), new("MS", "Mississippi"),
        new("MO", "Missouri"), new("MT", "Montana"), new("NE", "Nebraska"), new("NV", "Nevada"),
        new("NH", "New Hampshire"), new("NJ", "New Jersey"), new("NM", "New Mexico"), new("NY", "New York"),
        new("NC", "North Carolina"), new("ND", "North Dakota"), new("OH", "Ohio"), new("OK", "Oklahoma"),
        new("OR", "Oregon"), new("PA", "Pennsylvania"), new("RI", "Rhode Island"), new("SC", "South Carolina"),
        new("SD", "South Dakota"), new("TN", "Tennessee"), new("TX", "Texas"), new("UT", "Utah"),
        new("VT", "Vermont"), new("VA", "Virginia"), new("WA", "Washington"), new("WV", "West Virginia"),
        new("WI", "Wisconsin"), new("WY", "Wyoming"),
        new("DC", "District of Columbia"), new("PR", "Puerto Rico"),
        new("AS", "American Samoa"), new("GU", "Guam"), new("MP", "Northern Mariana Islands"), new("VI", "U.S. Virgin Islands"),
    ];

    private static readonly Dictionary<string, Jurisdiction> ByCode =
        All.ToDictionary(j => j.Code, StringComparer.OrdinalIgnoreCase);

    public static bool TryFind(string? code, out Jurisdiction jurisdiction)
    {
        if (code is { Length: 2 } && ByCode.TryGetValue(code, out var found))
        {
            jurisdiction = found;
            return true;
        }

        jurisdiction = null!;
        return false;
    }

    public static Jurisdiction Find(string code) =>
        TryFind(code, out var jurisdiction) ? jurisdiction : throw new ArgumentException($"Unknown jurisdiction '{code}'.", nameof(code));
}
