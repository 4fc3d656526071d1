using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Calendar;

/// <summary>
/// "Delete my data", from the footer of the suggester's emails (confirmation, outcome). The POST removes the suggester's
/// name and address from the suggestion in one transaction with its used-link and audit rows. A published (or later
/// cancelled) event stays on the calendar, as the calendar's; a suggestion not published (unconfirmed, waiting for a
/// decision, rejected or spam) is withdrawn: closed as rejected in that transaction, so no link can publish it, then
/// deleted. Then the mailer's records of the suggester's emails go. Pressing again finishes what a failure left.
/// </summary>
public sealed class SuggestionErasure(LinkKit kit, CemStorage storage, SentEmailRecords records, ILogger<SuggestionErasure> logger)
    : LinkAction<EventSuggestion>(kit)
{
    public const string Kind = "suggestion";
    public const string ErasePurpose = "suggestion-erase";
    public const string Page = "/delete-my-data/suggestion";

    /// <summary>The audit action, and the reason a withdrawn suggestion carries until it is deleted.</summary>
    public const string Withdrawn = "withdrawn";

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(60);

    private readonly TableClient table = storage.Table(StorageNames.EventsTable);

    public override string Purpose => ErasePurpose;
    public override string PagePath => Page;
    public override string Title => "Delete my data";
    public override string DoneTitle => "Your data is deleted";
    public override string SubjectNoun => "suggestion";
    public override string IdField => "eventId";

    protected override ILinkActor Actor => SuggestionConfirmation.Suggester;
    protected override TimeSpan? Lifetime => LinkLifetime;
    protected override TableClient Table => table;

    /// <summary>What an email to the suggester of <paramref name="suggestion"/> declares, so its footer carries this link.</summary>
    public static DataSubject SubjectOf(EventSuggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return new DataSubject(Kind, suggestion.Id.ToString());
    }

    public override string IdOf(EventSuggestion subject) => subject.Id.ToString();

    public override string StatusOf(EventSuggestion subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey) =>
        SuggestionDecision.Locate(subjectId, out partitionKey, out rowKey);

    protected override LinkVerdict Judge(EventSuggestion subject) => subject switch
    {
        // Forgotten already: after the outcome email of a published one, by an edit, or by this link.
        { ContactEmail: "" } => LinkVerdict.AlreadyDone("Your name and email address are no longer kept with this event."),
        _ when EventStatuses.IsPublic(subject.Status) => LinkVerdict.Ready(
            $"This deletes your name and email address from the event \"{subject.Title}\". The event stays on the calendar."),
        _ => LinkVerdict.Ready(
            $"This withdraws your event suggestion \"{subject.Title}\", which is not published, and deletes it with your name and email address."),
    };

    protected override LinkTransition Apply(EventSuggestion subject, LinkInput input, DateTimeOffset now)
    {
        subject.ContactName = "";
        subject.ContactEmail = "";
        if (EventStatuses.IsPublic(subject.Status))
        {
            return new("contact-deleted", "Your name and email address are deleted. The event stays on the calendar.");
        }

        subject.Status = EventStatuses.Rejected;
        subject.DecisionReason = Withdrawn;
        subject.DecidedAt ??= now;
        return new(Withdrawn, "Your suggestion is withdrawn and deleted, with your name and email address.");
    }

    protected override async Task AfterAsync(EventSuggestion subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (subject.ContactEmail.Length > 0)
        {
            return;
        }

        if (subject is { Status: EventStatuses.Rejected, DecisionReason: Withdrawn })
        {
            // Read again for its ETag: a row changed since (it cannot be, closed as it is) would be left.
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(subject.PartitionKey, subject.RowKey, cancellationToken: cancellationToken);
            if (stored.HasValue && stored.Value!.GetString(nameof(EventSuggestion.DecisionReason)) == Withdrawn)
            {
                try
                {
                    await table.DeleteEntityAsync(subject.PartitionKey, subject.RowKey, stored.Value.ETag, cancellationToken);
                }
                catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
                {
                    // Deleted by another press meanwhile.
                }
            }
        }

        // The once-only records of the suggester's emails hold a keyed hash of the address.
        await records.ForgetAllUnderAsync($"suggestion/{subject.Id}/confirm-", cancellationToken);
        await records.ForgetAsync($"suggestion/{subject.Id}/outcome", cancellationToken);
        logger.LogInformation("Event suggestion {EventId}: the suggester's data is deleted ({Status})", subject.Id.ToString(), subject.Status);
    }
}

/// <summary>Issues the "delete my data" links of event suggestions for the mailer.</summary>
public sealed class SuggestionDeletionLinks(LinkKit kit) : IDataDeletionLinks
{
    public string Kind => SuggestionErasure.Kind;

    public Uri LinkFor(string subjectId) =>
        kit.LinkFor(SuggestionErasure.ErasePurpose, SuggestionErasure.Page, subjectId, SuggestionConfirmation.Suggester.IdFor(null), SuggestionErasure.LinkLifetime);
}
