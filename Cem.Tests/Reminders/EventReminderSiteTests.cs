using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Calendar;
using Cem.Core.Reminders;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Reminders;

/// <summary>"Email me a reminder" through the DevHost: the page's form, the emailed links, the queues, the public pages.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventReminderSiteTests(AzuriteFixture azurite)
{
    private const string Reader = "reader.person@example.org";

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // moves the clock
    public async Task A_reader_asks_on_the_event_page_confirms_by_link_is_reminded_once_told_of_a_late_change_once_and_unsubscribes()
    {
        var time = new ShiftedTime();
        await using var site = await CemSite.StartAsync(azurite, services: s => s.AddSingleton<TimeProvider>(time));
        var calendarEvent = await site.PublishDirectAsync("OH");
        var id = calendarEvent.Id.ToString();

        using (var page = await site.GetPageAsync("/events/" + id))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains($"action=\"/api/events/{id}/reminders\"", html, StringComparison.Ordinal);
            Assert.Contains("<label for=\"reminder-email\">Email", html, StringComparison.Ordinal);
        }

        using (var posted = await site.PressAsync($"/api/events/{id}/reminders", new Dictionary<string, string> { ["email"] = Reader }))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            var html = await posted.Content.ReadAsStringAsync();
            Assert.Contains("Check your inbox", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Reader, html, StringComparison.OrdinalIgnoreCase);
        }

        // The GET of the emailed link only asks; the POST confirms.
        var link = CemSite.LinkIn(Assert.Single(await site.EmailsAsync(Reader, "Confirm your reminders")), "/reminders/confirm");
        using (var shown = await site.GetPageAsync(link))
        {
            var html = await shown.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.Contains("Connected classrooms, live", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Reader, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(SubscriptionStatus.Pending, await StatusAsync(site, id));
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/reminders/confirm", new { token = CemSite.TokenOf(link) }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            var answer = (await AssertDescribedAsync(confirmed, "post", "/api/reminders/confirm"))!.Value;
            Assert.Equal("confirmed", answer.GetProperty("status").GetString());
            Assert.DoesNotContain(Reader, answer.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        // The address is nowhere public while it gets reminders.
        foreach (var path in new[] { "/events/" + id, "/events/" + id + ".ics", "/calendar", "/calendar.ics", "/states/OH/calendar.ics", "/embed/calendar?state=OH", "/api/events", "/api/events/" + id })
        {
            Assert.DoesNotContain(Reader, await site.Http.GetStringAsync(path), StringComparison.OrdinalIgnoreCase);
        }

        // A day before: the timer runs twice, one reminder arrives.
        time.Advance(calendarEvent.FirstStartUtc - TimeSpan.FromHours(23.5) - time.GetUtcNow());
        var reminders = site.Services.GetRequiredService<EventReminders>();
        await reminders.QueueDueAsync(CancellationToken.None);
        await reminders.QueueDueAsync(CancellationToken.None);
        var reminder = Assert.Single(await site.EmailsAsync(Reader, "Tomorrow:"));
        Assert.Contains("7:00 PM – 8:00 PM EDT", reminder.Text, StringComparison.Ordinal);

        // An hour later than planned, said the same day: told once.
        var later = CalendarTesting.Form("OH", $"{EventSite.Year}-10-06T20:00", $"{EventSite.Year}-10-06T21:00");
        Assert.Equal(EventOutcome.Done, (await site.Services.GetRequiredService<EventService>().UpdateAsync(CalendarTesting.Staff, calendarEvent.Id, later, CancellationToken.None)).Outcome);
        var changed = Assert.Single(await site.EmailsAsync(Reader, "Changed:"));
        Assert.Contains("8:00 PM – 9:00 PM EDT", changed.Text, StringComparison.Ordinal);
        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(Reader, "Tomorrow:"));
        Assert.Single(await site.EmailsAsync(Reader, "Changed:"));

        // Unsubscribing: the GET asks, the button stops the emails and forgets the address.
        var stop = CemSite.LinkIn(changed, "/reminders/unsubscribe");
        using (var shown = await site.GetPageAsync(stop))
        {
            Assert.Contains("Stop these emails", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(SubscriptionStatus.Confirmed, await StatusAsync(site, id));
        using (var stopped = await site.PressAsync("/api/reminders/unsubscribe", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(stop) }))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
            Assert.Contains("Reminders stopped", await stopped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(SubscriptionStatus.Unsubscribed, await StatusAsync(site, id));
        await site.Services.GetRequiredService<EventService>().UpdateAsync(CalendarTesting.Staff, calendarEvent.Id, CalendarTesting.Form("OH", $"{EventSite.Year}-10-06T19:00", $"{EventSite.Year}-10-06T20:00"), CancellationToken.None);
        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(Reader, "Changed:"));
    }

    [Fact]
    public async Task The_request_names_a_bad_field_refuses_an_unknown_event_and_limits_each_client()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = (await site.PublishDirectAsync("OH")).Id.ToString();
        using var client = site.ClientFrom("127.0.0.23");

        using (var bad = await client.PostAsJsonAsync($"/api/events/{id}/reminders", new { email = "not an address" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await AssertDescribedAsync(bad, "post", "/api/events/{id}/reminders"))!.Value.GetProperty("errors").TryGetProperty("email", out _));
        }

        using (var unknown = await client.PostAsJsonAsync($"/api/events/2027-OH-{new string('0', 26)}/reminders", new { email = Reader }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            await AssertDescribedAsync(unknown, "post", "/api/events/{id}/reminders");
        }

        for (var i = 3; i <= 10; i++)
        {
            using var accepted = await client.PostAsJsonAsync($"/api/events/{id}/reminders", new { email = $"person{i}@example.org" });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            await AssertDescribedAsync(accepted, "post", "/api/events/{id}/reminders");
        }

        using var refused = await client.PostAsJsonAsync($"/api/events/{id}/reminders", new { email = "person11@example.org" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        await AssertDescribedAsync(refused, "post", "/api/events/{id}/reminders");

        // Another client is not held back.
        using var otherClient = site.ClientFrom("127.0.0.24");
        using var other = await otherClient.PostAsJsonAsync($"/api/events/{id}/reminders", new { email = "person11@example.org" });
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    private static async Task<string?> StatusAsync(CemSite site, string eventId)
    {
        var table = site.Services.GetRequiredService<Cem.Core.Storage.CemStorage>().Table(Cem.Core.Storage.StorageNames.EventRemindersTable);
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(r => r.PartitionKey == eventId))
        {
            if (row.RowKey.StartsWith(EventReminderSubscription.RowPrefix, StringComparison.Ordinal))
            {
                return row.GetString("Status");
            }
        }

        return null;
    }
}
