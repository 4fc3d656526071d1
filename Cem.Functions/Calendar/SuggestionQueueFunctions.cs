using Cem.Core.Calendar;
using Cem.Core.Email;
using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Calendar;

/// <summary>The emails of an event suggestion, one queue per step, with the sign-up workflow's retries (<see cref="EmailRetries"/>).</summary>
public sealed class SuggestionQueueFunctions(SuggestionEmails emails, EmailRetries retries)
{
    [Function(nameof(SendSuggestionConfirmation))]
    public Task SendSuggestionConfirmation(
        [QueueTrigger(StorageNames.EventSuggestedTrigger)] SuggestionMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.EventSuggestedQueue, message, (m, ct) => emails.SendConfirmationAsync(IdOf(m), ct), cancellationToken);

    [Function(nameof(SendSuggestionModerationRequests))]
    public Task SendSuggestionModerationRequests(
        [QueueTrigger(StorageNames.EventSuggestionConfirmedTrigger)] SuggestionMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.EventSuggestionConfirmedQueue, message, (m, ct) => emails.SendModerationRequestsAsync(IdOf(m), ct), cancellationToken);

    [Function(nameof(SendSuggestionOutcome))]
    public Task SendSuggestionOutcome(
        [QueueTrigger(StorageNames.EventSuggestionDecidedTrigger)] SuggestionMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.EventSuggestionDecidedQueue, message, (m, ct) => emails.SendOutcomeAsync(IdOf(m), ct), cancellationToken);

    private static EventId IdOf(SuggestionMessage message) =>
        EventId.TryParse(message.EventId, out var id) ? id : throw new FormatException("The queue message does not carry an event id.");
}
