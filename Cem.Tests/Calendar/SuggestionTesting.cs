using Azure.Data.Tables;
using Cem.Core.Calendar;
using Cem.Core.Links;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Calendar;

/// <summary>Event suggestions on a <see cref="CoreHarness"/>: a suggestion, its confirmation, a state's confirmed contact.</summary>
internal static class SuggestionTesting
{
    public const string Suggester = "river.suggester@example.net";

    public static SuggestionForm Form(string jurisdiction = "OH", string? honeypot = null)
    {
        var form = new SuggestionForm { ContactName = "River Stone", ContactEmail = Suggester, Url2 = honeypot };
        var fields = CalendarTesting.Form(jurisdiction);
        form.Jurisdiction = jurisdiction;
        form.Title = "Family tech night";
        form.Description = fields.Description;
        form.Format = fields.Format;
        form.Attendance = fields.Attendance;
        form.OrganizerName = "Columbus Library";
        form.Url = fields.Url;
        form.Slots = fields.Slots;
        return form;
    }

    /// <summary>Submits a suggestion from a client of its own and returns its id.</summary>
    public static async Task<EventId> SuggestAsync(this CoreHarness harness, string jurisdiction = "OH")
    {
        var result = await harness.Get<EventSuggestions>().SubmitAsync(Form(jurisdiction), "203.0.113." + Random.Shared.Next(1, 250), CancellationToken.None);
        Assert.Equal(SuggestionOutcome.Accepted, result.Outcome);
        return result.Id!;
    }

    /// <summary>Submits and confirms through the link, so the suggestion waits for its moderators.</summary>
    public static async Task<EventId> ConfirmedSuggestionAsync(this CoreHarness harness, string jurisdiction = "OH")
    {
        var id = await harness.SuggestAsync(jurisdiction);
        var confirmation = harness.Get<SuggestionConfirmation>();
        var confirmed = await confirmation.ActAsync(CemSite.TokenOf(confirmation.LinkFor(id.ToString()).ToString()), new LinkInput(null), CancellationToken.None);
        Assert.Equal(LinkOutcome.Done, confirmed.Outcome);
        return id;
    }

    /// <summary>An approved sign-up for <paramref name="jurisdiction"/> whose contact is <paramref name="email"/>: a confirmed contact of the state.</summary>
    public static async Task AddContactAsync(this CoreHarness harness, string jurisdiction, string email, string status = SignupStatus.Approved)
    {
        var now = harness.Time.GetUtcNow();
        var signup = new Signup
        {
            PartitionKey = jurisdiction, RowKey = Ulid.NewUlid(now).ToString(), Status = status, OrganizationName = "Department of Education",
            OrganizationType = "sea", ContactName = "Contact", ContactTitle = "Director", Email = email, Activities = "", SubmittedAt = now, AddressConfirmedAt = now, DecidedAt = now,
        };
        await harness.Storage.Table(StorageNames.SignupsTable).AddEntityAsync(signup);
        await harness.Get<PublicList>().SyncAsync(signup, CancellationToken.None); // as the decision would have
    }

    public static string TokenFor(this SuggestionDecision decision, EventId id, string moderator) => CemSite.TokenOf(decision.LinkFor(id.ToString(), moderator).ToString());

    /// <summary>The stored status, or null when the row is gone.</summary>
    public static async Task<string?> StatusAsync(this CoreHarness harness, EventId id)
    {
        var found = await harness.Storage.Table(StorageNames.EventsTable).GetEntityIfExistsAsync<TableEntity>(id.PartitionKey, id.RowKey);
        return found.HasValue ? found.Value!.GetString("Status") : null;
    }
}
