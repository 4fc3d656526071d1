namespace Cem.Core.Calendar;

/// <summary>The fixed vocabularies of an event: keys (in JSON, filters and feeds) and the words people see.</summary>
public static class EventCatalog
{
    public static IReadOnlyDictionary<string, string> Formats { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["webinar"] = "Webinar", ["chat"] = "Chat", ["workshop"] = "Workshop", ["edcamp"] = "Edcamp",
        ["book-club"] = "Book club", ["course"] = "Course", ["contest"] = "Contest", ["other"] = "Other",
    };

    public static IReadOnlyDictionary<string, string> Attendance { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["online"] = "Online", ["in-person"] = "In person", ["hybrid"] = "Hybrid",
    };

    public static IReadOnlyDictionary<string, string> Audiences { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["teachers"] = "Teachers", ["school-leaders"] = "School leaders", ["district-leaders"] = "District leaders",
        ["librarians"] = "Librarians", ["families"] = "Families", ["students"] = "Students",
        ["higher-education"] = "Higher education", ["community"] = "Community",
    };

    public static IReadOnlyDictionary<string, string> Accessibility { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["captions"] = "Captions", ["asl"] = "ASL interpretation", ["recording"] = "Recording available",
    };
}

/// <summary>An event's status. Only published and cancelled events are ever shown.</summary>
public static class EventStatuses
{
    public const string Published = "published";
    public const string Cancelled = "cancelled";

    /// <summary>A public suggestion whose suggester has not confirmed their address yet.</summary>
    public const string Unconfirmed = "unconfirmed";

    /// <summary>A confirmed suggestion waiting for its state's contacts or staff.</summary>
    public const string Pending = "pending";
    public const string Rejected = "rejected";

    /// <summary>A suggestion rejected as spam: its suggester is not told.</summary>
    public const string Spam = "spam";

    public static bool IsPublic(string status) => status is Published or Cancelled;
}
