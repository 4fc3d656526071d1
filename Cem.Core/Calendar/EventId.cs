using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cem.Core.Calendar;

/// <summary>
/// An event's public id, <c>{year}-{code}-{ULID}</c> (code <c>US</c> for national events): it names the Events
/// partition (<c>{year}-{code}</c>) and row (<c>evt-{ULID}</c>), so finding an event is a point read. It never changes.
/// </summary>
public sealed partial record EventId(int Year, string Code, string Ulid)
{
    public const string RowPrefix = "evt-";

    public string PartitionKey => Partition(Year, Code);

    public string RowKey => RowPrefix + Ulid;

    public static string Partition(int year, string code) => year.ToString(CultureInfo.InvariantCulture) + "-" + code;

    public override string ToString() => PartitionKey + "-" + Ulid;

    public static bool TryParse(string? value, [NotNullWhen(true)] out EventId? id)
    {
        var match = value is { Length: < 64 } ? Pattern().Match(value) : Match.Empty;
        id = match.Success
            ? new EventId(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, match.Groups[3].Value)
            : null;
        return id is not null;
    }

    [GeneratedRegex("^([0-9]{4})-([A-Z]{2})-([0-7][0-9A-HJKMNP-TV-Z]{25})$")]
    private static partial Regex Pattern();
}
