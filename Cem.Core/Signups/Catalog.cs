namespace Cem.Core.Signups;

/// <summary>The kinds of organization that sign up, with the words people see.</summary>
public static class OrganizationTypes
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["sea"] = "State education agency",
        ["higher-ed-consortium"] = "State higher-education or e-learning consortium",
        ["association"] = "Association",
        ["other"] = "Other",
    };
}

/// <summary>The optional activities a state may opt into besides signing up.</summary>
public static class Activities
{
    public const string PressRelease = "press-release";
    public const string OwnCem = "own-cem";
    public const string CalendarEvents = "calendar-events";
    public const string Recognition = "recognition";
    public const string StateData = "state-data";

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [PressRelease] = "Issue a press release",
        [OwnCem] = "Run its own CEM with its districts",
        [CalendarEvents] = "Add events to the CEM calendar",
        [Recognition] = "Be recognized for participation",
        [StateData] = "See its participation data",
    };

    public static string Describe(IEnumerable<string> activities)
    {
        var names = activities.Select(a => All.TryGetValue(a, out var name) ? name : a).ToList();
        return names.Count == 0 ? "None (sign-up only)" : string.Join("; ", names);
    }
}
