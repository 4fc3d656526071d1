using Cem.Core.Approvals;
using Cem.Core.Email;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Signups;

/// <summary>
/// The emails of the sign-up workflow, one queue per step. <see cref="EmailRetries"/> puts a message back with a
/// growing delay while email fails for a transient reason; other failures propagate so the host retries and finally
/// moves the message to the poison queue; the mailer makes a redelivery send nothing twice.
/// </summary>
public sealed class SignupQueueFunctions(SignupEmails signupEmails, ApprovalEmails approvalEmails, EmailRetries retries)
{
    [Function(nameof(SendSignupReceivedEmail))]
    public Task SendSignupReceivedEmail(
        [QueueTrigger(StorageNames.SignupReceivedTrigger)] SignupMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.SignupReceivedQueue, message, (m, ct) => signupEmails.SendReceivedAsync(IdOf(m), ct), cancellationToken);

    [Function(nameof(SendApprovalRequests))]
    public Task SendApprovalRequests(
        [QueueTrigger(StorageNames.SignupConfirmedTrigger)] SignupMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.SignupConfirmedQueue, message, (m, ct) => approvalEmails.SendRequestsAsync(IdOf(m), ct), cancellationToken);

    [Function(nameof(SendSignupOutcomeEmail))]
    public Task SendSignupOutcomeEmail(
        [QueueTrigger(StorageNames.SignupDecidedTrigger)] SignupMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.SignupDecidedQueue, message, (m, ct) => approvalEmails.SendOutcomeAsync(IdOf(m), ct), cancellationToken);

    private static SignupId IdOf(SignupMessage message) =>
        SignupId.TryParse(message.SignupId, out var id) ? id : throw new FormatException("The queue message does not carry a sign-up id.");
}
