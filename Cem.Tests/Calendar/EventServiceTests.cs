using Cem.Core.Calendar;
using Cem.Core.Editions;
using Cem.Core.Participation;
using Cem.Tests.Infrastructure;
using NodaTime;
using static Cem.Tests.Calendar.CalendarTesting;

namespace Cem.Tests.Calendar;

[Collection(AzuriteCollection.Name)]
public sealed class EventServiceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_state_contact_publishes_its_states_event_and_the_log_counts_it()
    {
        await using var harness = await StartAsync(azurite);

        var published = await harness.PublishAsync();

        Assert.StartsWith("2027-OH-", published.Id.ToString(), StringComparison.Ordinal);
        Assert.Equal(EventStatuses.Published, published.Status);
        Assert.Equal("America/New_York", published.TimeZone);
        Assert.Equal(0, published.Sequence);
        var stored = await harness.Events().FindPublicAsync(published.Id, CancellationToken.None);
        Assert.Equal("Connected classrooms, live", stored!.Title);
        var entries = await harness.ParticipationLog.ReadAsync("OH", "0", "Z", CancellationToken.None);
        Assert.Contains(entries, e => e.Kind == ParticipationKinds.EventAdded && e.SubjectId == published.Id.ToString());
    }

    [Fact]
    public async Task A_contact_may_not_publish_for_another_state_or_the_nation_but_staff_may()
    {
        await using var harness = await StartAsync(azurite);

        Assert.Equal(EventOutcome.Forbidden, (await harness.Events().PublishAsync(OhioContact, Form("NY"), CancellationToken.None)).Outcome);
        Assert.Equal(EventOutcome.Forbidden, (await harness.Events().PublishAsync(OhioContact, Form("US"), CancellationToken.None)).Outcome);

        var national = await harness.PublishAsync(Form("US"), Staff);
        var newYork = await harness.PublishAsync(Form("NY"), Staff);
        Assert.StartsWith("2027-US-", national.Id.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("2027-NY-", newYork.Id.ToString(), StringComparison.Ordinal);
        Assert.Equal(EventOutcome.Forbidden, (await harness.Events().CancelAsync(OhioContact, newYork.Id, CancellationToken.None)).Outcome);
        Assert.Equal(EventOutcome.Done, (await harness.Events().CancelAsync(NewYorkContact, newYork.Id, CancellationToken.None)).Outcome);
    }

    [Fact]
    public void Each_bad_field_is_named()
    {
        var form = Form();
        form.Title = " ";
        form.Format = "rave";
        form.Url = "javascript:alert(1)";
        form.TimeZone = "Mars/Olympus_Mons";
        form.Audiences = ["everyone"];
        form.Themes = ["Unknown theme"];

        var errors = EventRules.Check(form, AcrossDst).Errors.ToDictionary();

        Assert.Equal(["audiences", "format", "themes", "timeZone", "title", "url"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_slot_is_inside_the_edition_by_its_own_local_date()
    {
        // 00:30 on 4 October in Guam is still 3 October on the US mainland; 23:30 on 14 November in Samoa is the 15th there.
        Assert.True(EventRules.Check(Form("GU", "2027-10-04T00:30", "2027-10-04T01:30"), AcrossDst).IsValid);
        Assert.True(EventRules.Check(Form("AS", "2027-11-14T22:30", "2027-11-14T23:30"), AcrossDst).IsValid);

        var before = EventRules.Check(Form("GU", "2027-10-03T23:00", "2027-10-03T23:30"), AcrossDst);
        Assert.Contains("slots[0].start", before.Errors.ToDictionary().Keys);
        var after = EventRules.Check(Form("AS", "2027-11-15T08:00", "2027-11-15T09:00"), AcrossDst);
        Assert.Contains("slots[0].start", after.Errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_slot_must_end_after_it_starts_and_exist_on_the_clock()
    {
        Assert.Contains("slots[0].end", EventRules.Check(Form(start: "2027-10-06T19:00", end: "2027-10-06T18:00"), AcrossDst).Errors.ToDictionary().Keys);
        Assert.Contains("slots[0].start", EventRules.Check(Form(start: "7pm", end: "2027-10-06T18:00"), AcrossDst).Errors.ToDictionary().Keys);

        // 2:30 on 14 March 2027 does not exist in New York (clocks go from 2:00 to 3:00).
        var spring = Edition.Default(2027) with { Starts = new DateOnly(2027, 3, 1), Ends = new DateOnly(2027, 3, 31) };
        var gap = EventRules.Check(Form(start: "2027-03-14T02:30", end: "2027-03-14T03:30"), spring);
        Assert.Contains("does not exist", Assert.Single(gap.Errors.ToDictionary()["slots[0].start"]), StringComparison.Ordinal);

        // 1:30 on 7 November 2027 happens twice in New York: the first (EDT) is meant, and the slot lasts an hour.
        var ambiguous = EventRules.Check(Form(start: "2027-11-07T01:30", end: "2027-11-07T02:30"), AcrossDst);
        Assert.True(ambiguous.IsValid);
    }

    [Fact]
    public async Task Weekly_for_six_weeks_becomes_six_slots_at_seven_pm_local_across_the_clock_change()
    {
        await using var harness = await StartAsync(azurite);

        var chat = await harness.PublishAsync(Form("NY", weeklyFor: 6), NewYorkContact);

        var slots = chat.SlotList;
        Assert.Equal([1, 2, 3, 4, 5, 6], slots.Select(s => s.Number));
        Assert.All(slots, s => Assert.Equal(new LocalTime(19, 0), s.Start.TimeOfDay));
        Assert.Equal(
            ["2027-10-06T23:00Z", "2027-10-13T23:00Z", "2027-10-20T23:00Z", "2027-10-27T23:00Z", "2027-11-03T23:00Z", "2027-11-11T00:00Z"],
            slots.Select(s => chat.InstantOf(s.Start).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_reschedule_keeps_the_ids_and_raises_the_sequence_while_a_wording_edit_does_not()
    {
        await using var harness = await StartAsync(azurite);
        var chat = await harness.PublishAsync(Form(weeklyFor: 2));
        harness.Time.Advance(TimeSpan.FromHours(1));

        var wording = Form(weeklyFor: 2);
        wording.Description = "Now with a fourth teacher.";
        var reworded = (await harness.Events().UpdateAsync(OhioContact, chat.Id, wording, CancellationToken.None)).Event!;
        Assert.Equal(0, reworded.Sequence);
        Assert.Equal(harness.Time.GetUtcNow(), reworded.UpdatedAt);

        harness.Time.Advance(TimeSpan.FromHours(1));
        var moved = Form(start: "2027-10-07T18:00", end: "2027-10-07T19:00", weeklyFor: 2);
        moved.Description = wording.Description;
        var rescheduled = (await harness.Events().UpdateAsync(OhioContact, chat.Id, moved, CancellationToken.None)).Event!;
        Assert.Equal(chat.Id, rescheduled.Id);
        Assert.Equal([1, 2], rescheduled.SlotList.Select(s => s.Number));
        Assert.Equal(1, rescheduled.Sequence);
        Assert.Equal(harness.Time.GetUtcNow(), rescheduled.UpdatedAt);

        harness.Time.Advance(TimeSpan.FromHours(1));
        var again = (await harness.Events().UpdateAsync(OhioContact, chat.Id, moved, CancellationToken.None)).Event!;
        Assert.Equal(1, again.Sequence);
        Assert.Equal(rescheduled.UpdatedAt, again.UpdatedAt);
    }

    [Fact]
    public async Task A_slot_left_out_of_an_edit_stays_cancelled_under_its_number_and_a_new_one_gets_the_next()
    {
        await using var harness = await StartAsync(azurite);
        var chat = await harness.PublishAsync(Form(weeklyFor: 3));

        var shorter = Form(weeklyFor: 2);
        var edited = (await harness.Events().UpdateAsync(OhioContact, chat.Id, shorter, CancellationToken.None)).Event!;
        Assert.Equal([(1, false), (2, false), (3, true)], edited.SlotList.Select(s => (s.Number, s.Cancelled)));

        var longer = Form(weeklyFor: 3);
        var extended = (await harness.Events().UpdateAsync(OhioContact, chat.Id, longer, CancellationToken.None)).Event!;
        Assert.Equal([(1, false), (2, false), (3, true), (4, false)], extended.SlotList.Select(s => (s.Number, s.Cancelled)));
        Assert.Equal(2, extended.Sequence);
    }

    [Fact]
    public async Task A_cancelled_event_stays_listed_as_cancelled_with_a_higher_sequence_and_cannot_be_edited()
    {
        await using var harness = await StartAsync(azurite);
        var chat = await harness.PublishAsync();

        var cancelled = (await harness.Events().CancelAsync(OhioContact, chat.Id, CancellationToken.None)).Event!;

        Assert.Equal(EventStatuses.Cancelled, cancelled.Status);
        Assert.Equal(1, cancelled.Sequence);
        var listed = Assert.Single(await harness.Get<EventQueries>().AllAsync(new EventFilter(), CancellationToken.None));
        Assert.Equal(EventStatuses.Cancelled, listed.Status);
        Assert.Equal(EventOutcome.Invalid, (await harness.Events().UpdateAsync(OhioContact, chat.Id, Form(), CancellationToken.None)).Outcome);
        var again = await harness.Events().CancelAsync(OhioContact, chat.Id, CancellationToken.None);
        Assert.Equal(1, again.Event!.Sequence);
        var entries = await harness.ParticipationLog.ReadAsync("OH", "0", "Z", CancellationToken.None);
        Assert.Single(entries, e => e.Kind == ParticipationKinds.EventCancelled);
    }

    [Fact]
    public async Task Concurrent_edits_each_land_and_each_raises_the_sequence()
    {
        await using var harness = await StartAsync(azurite);
        var chat = await harness.PublishAsync();

        var edits = Enumerable.Range(0, 4).Select(i =>
        {
            var form = Form();
            form.Title = $"Title {i}";
            return harness.Events().UpdateAsync(OhioContact, chat.Id, form, CancellationToken.None);
        });
        var results = await Task.WhenAll(edits);

        Assert.All(results, r => Assert.Equal(EventOutcome.Done, r.Outcome));
        var stored = await harness.Events().FindPublicAsync(chat.Id, CancellationToken.None);
        Assert.Equal(4, stored!.Sequence);
    }

    [Fact]
    public void A_description_is_limited_markdown_and_nothing_more()
    {
        var html = EventDescription.ToHtml("*Hi* <script>alert(1)</script> [bad](javascript:alert(1)) [good](https://example.org) <img src=x onerror=alert(1)>");

        Assert.Contains("<em>Hi</em>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<a href=\"https://example.org\" rel=\"nofollow ugc noopener noreferrer\">good</a>", html, StringComparison.Ordinal);
    }
}
