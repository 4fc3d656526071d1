using Cem.Core.Calendar;
using Cem.Core.Editions;
using Cem.Core.Sessions;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Calendar;

/// <summary>Events on a <see cref="CoreHarness"/>: who publishes, a valid event, an edition that spans the November clock change.</summary>
internal static class CalendarTesting
{
    public static readonly SignedInUser OhioContact = new("pat.smith@education.ohio.gov", false, ["OH"], DateTimeOffset.MaxValue);
    public static readonly SignedInUser NewYorkContact = new("sam.lee@nysed.example.gov", false, ["NY"], DateTimeOffset.MaxValue);
    public static readonly SignedInUser Staff = new(CoreHarness.Staff, true, [], DateTimeOffset.MaxValue);

    /// <summary>CEM 2027 as staff might store it: 4 October to 14 November, across the change on Sunday 7 November.</summary>
    public static readonly Edition AcrossDst = Edition.Default(2027) with { Starts = new DateOnly(2027, 10, 4), Ends = new DateOnly(2027, 11, 14), SubmissionsClose = new DateOnly(2027, 11, 14) };

    /// <summary>A harness on 1 September 2027 with <see cref="AcrossDst"/> stored as the current edition.</summary>
    public static async Task<CoreHarness> StartAsync(AzuriteFixture azurite)
    {
        var harness = await CoreHarness.StartAsync(azurite, new FakeTimeProvider(new DateTimeOffset(2027, 9, 1, 12, 0, 0, TimeSpan.Zero)));
        await harness.Get<EditionStore>().SaveAsync(AcrossDst, CancellationToken.None);
        return harness;
    }

    public static EventService Events(this CoreHarness harness) => harness.Get<EventService>();

    public static EventForm Form(string jurisdiction = "OH", string start = "2027-10-06T19:00", string end = "2027-10-06T20:00", int? weeklyFor = null, string? timeZone = null) => new()
    {
        Jurisdiction = jurisdiction,
        Title = "Connected classrooms, live",
        Description = "Bring a question; we bring *three* teachers.",
        Format = "chat",
        Attendance = "online",
        Audiences = ["teachers"],
        Themes = ["Digital citizenship"],
        Priorities = ["Literacy"],
        OrganizerName = "Ohio Department of Education",
        Url = "https://example.org/join",
        Accessibility = ["captions"],
        TimeZone = timeZone,
        Slots = [new SlotForm { Start = start, End = end }],
        WeeklyFor = weeklyFor,
    };

    public static async Task<CalendarEvent> PublishAsync(this CoreHarness harness, EventForm? form = null, SignedInUser? user = null)
    {
        var result = await harness.Events().PublishAsync(user ?? OhioContact, form ?? Form(), CancellationToken.None);
        Assert.True(result.Outcome == EventOutcome.Done, $"{result.Outcome}: {string.Join("; ", result.Errors?.ToDictionary().Select(e => e.Key + ": " + string.Join(" ", e.Value)) ?? [])}");
        return result.Event!;
    }
}
