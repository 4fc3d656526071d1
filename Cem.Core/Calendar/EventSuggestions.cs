using Azure.Data.Tables;
using Cem.Core.Clients;
using Cem.Core.Editions;
using Cem.Core.Email;
using Cem.Core.Storage;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Calendar;

public enum SuggestionOutcome
{
    /// <summary>Stored, its confirmation email on its way. A filled honeypot gets this too, with nothing stored.</summary>
    Accepted,
    Invalid,
    RateLimited,
}

/// <param name="Id">The stored suggestion (null after a honeypot); never given to the suggester, who has no use for it.</param>
public sealed record SuggestionResult(SuggestionOutcome Outcome, ValidationErrors? Errors = null, TimeSpan RetryAfter = default, EventId? Id = null);

/// <summary>The district hosting an event it submits, and its contact (proven by their session): plain data for the event row.</summary>
public sealed record EventHost(string LeaId, string Name, string ContactName, string ContactEmail);

/// <summary>
/// Takes events suggested by the public. A suggestion is stored unconfirmed, in the partition of the jurisdiction it
/// names (empty is national, <c>US</c>), and shown nowhere: the suggester confirms the address by an emailed link
/// (<see cref="SuggestionConfirmation"/>), then the state's confirmed contacts, or staff, decide (<see cref="SuggestionDecision"/>).
/// A district's event (<see cref="SubmitHostedAsync"/>) is the same suggestion, already confirmed.
/// </summary>
public sealed class EventSuggestions(
    CemStorage storage,
    EventStore store,
    EditionStore editions,
    RateLimiter limiter,
    ClientHashing hashing,
    IOptions<EventOptions> options,
    TimeProvider time,
    ILogger<EventSuggestions> logger)
{
    /// <summary>The shortest time between two confirmation emails of one suggestion ("email me a new link").</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(10);

    private readonly TableClient table = storage.Table(StorageNames.EventsTable);

    /// <param name="clientAddress">The client's address, hashed for its rate-limit row.</param>
    public async Task<SuggestionResult> SubmitAsync(SuggestionForm form, string clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var settings = options.Value;
        var rate = await limiter.TryAcquireAsync(table, "suggest-" + hashing.Hash("event-suggestion-client", clientAddress), settings.SuggestionRateLimit, settings.SuggestionRateLimitWindow, cancellationToken);
        if (!rate.Allowed)
        {
            logger.LogInformation("Event suggestion refused: rate limit");
            return new(SuggestionOutcome.RateLimited, RetryAfter: rate.RetryAfter);
        }

        if (!string.IsNullOrEmpty(form.Url2))
        {
            logger.LogInformation("Event suggestion dropped: honeypot filled");
            return new(SuggestionOutcome.Accepted);
        }

        if (string.IsNullOrWhiteSpace(form.Jurisdiction))
        {
            form.Jurisdiction = "US";
        }

        var edition = await editions.CurrentAsync(cancellationToken);
        var checkedForm = EventRules.Check(form, edition);
        var errors = checkedForm.Errors;
        var contactName = Fields.Required(errors, "contactName", "Your name", form.ContactName, 120);
        var contactEmail = Fields.Email(errors, "contactEmail", form.ContactEmail);
        if (!errors.IsEmpty || checkedForm.Value is not { } draft)
        {
            return new(SuggestionOutcome.Invalid, errors);
        }

        var now = time.GetUtcNow();
        var suggestion = New(edition, draft, contactName!, contactEmail!, now);
        suggestion.Status = EventStatuses.Unconfirmed;
        await store.AddAsync(suggestion, AuditOf(suggestion, "suggested", "suggester", now), [EventQueues.SuggestionReceived(suggestion.Id)], cancellationToken);
        logger.LogInformation("Event suggestion {EventId} received for {Jurisdiction}", suggestion.Id.ToString(), draft.Jurisdiction);
        return new(SuggestionOutcome.Accepted, Id: suggestion.Id);
    }

    /// <summary>
    /// An event a district of state <paramref name="code"/> submits. Its contact's address is proven by their session
    /// (the caller checks the district may act), so it needs no confirmation: it is stored pending, carrying the
    /// district, and goes straight to the state's moderators. Limited per address like publishing.
    /// </summary>
    public async Task<SuggestionResult> SubmitHostedAsync(EventForm form, string code, EventHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(host);
        var settings = options.Value;
        var rate = await limiter.TryAcquireAsync(table, "publisher-" + hashing.Hash("event-publisher", host.ContactEmail.Trim().ToLowerInvariant()),
            settings.PublishRateLimit, settings.PublishRateLimitWindow, cancellationToken);
        if (!rate.Allowed)
        {
            logger.LogInformation("District event refused: rate limit");
            return new(SuggestionOutcome.RateLimited, RetryAfter: rate.RetryAfter);
        }

        if (!string.IsNullOrWhiteSpace(form.Jurisdiction) && !string.Equals(form.Jurisdiction.Trim(), code, StringComparison.OrdinalIgnoreCase))
        {
            var elsewhere = new ValidationErrors();
            elsewhere.Add("jurisdiction", "A district's event is on its own state's calendar.");
            return new(SuggestionOutcome.Invalid, elsewhere);
        }

        form.Jurisdiction = code;
        var edition = await editions.CurrentAsync(cancellationToken);
        var checkedForm = EventRules.Check(form, edition);
        if (checkedForm.Value is not { } draft || !checkedForm.IsValid)
        {
            return new(SuggestionOutcome.Invalid, checkedForm.Errors);
        }

        var now = time.GetUtcNow();
        var suggestion = New(edition, draft, host.ContactName, host.ContactEmail.Trim(), now);
        suggestion.Status = EventStatuses.Pending;
        suggestion.ConfirmedAt = now;
        suggestion.DistrictLeaId = host.LeaId;
        suggestion.DistrictName = host.Name;
        await store.AddAsync(suggestion, AuditOf(suggestion, "submitted", "district-" + host.LeaId, now), [EventQueues.SuggestionConfirmed(suggestion.Id)], cancellationToken);
        logger.LogInformation("District event {EventId} submitted for {Jurisdiction}", suggestion.Id.ToString(), draft.Jurisdiction);
        return new(SuggestionOutcome.Accepted, Id: suggestion.Id);
    }

    private static EventSuggestion New(Editions.Edition edition, EventDraft draft, string contactName, string contactEmail, DateTimeOffset now)
    {
        var suggestion = new EventSuggestion
        {
            PartitionKey = EventId.Partition(edition.Year, draft.Jurisdiction),
            RowKey = EventId.RowPrefix + Ulid.NewUlid(now),
            CreatedAt = now,
            UpdatedAt = now,
            ContactName = contactName,
            ContactEmail = contactEmail,
            ConfirmationSentAt = now,
        };
        EventService.Apply(suggestion, draft, []);
        return suggestion;
    }

    public async Task<EventSuggestion?> FindAsync(EventId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var found = await table.GetEntityIfExistsAsync<EventSuggestion>(id.PartitionKey, id.RowKey, cancellationToken: cancellationToken);
        return found.HasValue && !string.IsNullOrEmpty(found.Value!.ContactEmail) ? found.Value : null;
    }

    /// <summary>
    /// Forgets the suggester's name and address once nothing needs them: a published suggestion is an event like any
    /// other, and its outcome email has gone. A row changed meanwhile (an edit replaces it without them) is left.
    /// </summary>
    public async Task ForgetContactAsync(EventSuggestion suggestion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var forgotten = new TableEntity(suggestion.PartitionKey, suggestion.RowKey)
        {
            [nameof(EventSuggestion.ContactName)] = "",
            [nameof(EventSuggestion.ContactEmail)] = "",
        };
        try
        {
            await table.UpdateEntityAsync(forgotten, suggestion.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone, or changed since it was read: an edit or a cancellation replaces the row without the contact.
        }
    }

    /// <summary>Confirmed suggestions still waiting for a decision, oldest first (one filtered query: there are few).</summary>
    public async Task<IReadOnlyList<EventSuggestion>> PendingAsync(CancellationToken cancellationToken)
    {
        var found = new List<EventSuggestion>();
        await foreach (var row in table.QueryAsync<EventSuggestion>(e => e.Status == EventStatuses.Pending, cancellationToken: cancellationToken))
        {
            found.Add(row);
        }

        return [.. found.OrderBy(s => s.ConfirmedAt)];
    }

    /// <summary>
    /// A fresh confirmation for an unconfirmed suggestion, to the address on record: a new round (so a new email), at
    /// most one per <see cref="ResendInterval"/>. Changed meanwhile: nothing is sent.
    /// </summary>
    public async Task ResendConfirmationAsync(EventSuggestion suggestion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var now = time.GetUtcNow();
        if (suggestion.Status != EventStatuses.Unconfirmed || now - suggestion.ConfirmationSentAt < ResendInterval)
        {
            return;
        }

        suggestion.ConfirmationRound++;
        suggestion.ConfirmationSentAt = now;
        // Changed meanwhile (false): nothing is sent.
        await store.TryReplaceAsync(suggestion, AuditOf(suggestion, "confirmation-resent", "suggester", now), [EventQueues.SuggestionReceived(suggestion.Id)], cancellationToken);
    }

    /// <summary>
    /// Deletes what no one will act on: unconfirmed suggestions whose newest confirmation link expired before
    /// <paramref name="linksIssuedBefore"/>, and rejected or spam ones decided before <paramref name="decidedBefore"/>,
    /// each with the once-only records of the suggester's emails (they hold a hash of the address). ETag-guarded, so a
    /// suggestion confirmed meanwhile stays; safe to repeat.
    /// </summary>
    public async Task<int> DeleteStaleAsync(DateTimeOffset linksIssuedBefore, DateTimeOffset decidedBefore, SentEmailRecords sentEmails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentEmails);
        var deleted = 0;
        await foreach (var row in table.QueryAsync<EventSuggestion>(
            e => e.Status == EventStatuses.Unconfirmed || e.Status == EventStatuses.Rejected || e.Status == EventStatuses.Spam, cancellationToken: cancellationToken))
        {
            var due = row.Status == EventStatuses.Unconfirmed ? row.ConfirmationSentAt < linksIssuedBefore : (row.DecidedAt ?? row.CreatedAt) < decidedBefore;
            if (!due || string.IsNullOrEmpty(row.ContactEmail))
            {
                continue;
            }

            try
            {
                if ((await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken)).IsError)
                {
                    continue;
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
            {
                continue; // gone, or changed (confirmed) since it was read
            }

            for (var round = 0; round <= row.ConfirmationRound; round++)
            {
                await sentEmails.ForgetAsync($"suggestion/{row.Id}/confirm-{round.ToString(System.Globalization.CultureInfo.InvariantCulture)}", cancellationToken);
            }

            await sentEmails.ForgetAsync($"suggestion/{row.Id}/outcome", cancellationToken);
            deleted++;
        }

        return deleted;
    }

    internal static EventAuditRecord AuditOf(CalendarEvent calendarEvent, string action, string actor, DateTimeOffset now) => new()
    {
        PartitionKey = calendarEvent.PartitionKey,
        RowKey = $"audit-{calendarEvent.Id.Ulid}-{Ulid.NewUlid(now)}",
        EventId = calendarEvent.Id.ToString(),
        Action = action,
        Actor = actor,
        Sequence = calendarEvent.Sequence,
        At = now,
    };
}
