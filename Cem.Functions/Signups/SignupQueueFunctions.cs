using Cem.Core.Approvals;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Signups;

/// <summary>
/// The emails of the sign-up workflow, one queue per step. Failures propagate so the host retries
/// and finally moves the message to the poison queue; the mailer makes a redelivery send nothing twice.
/// </summary>
public sealed class SignupQueueFunctions(SignupEmails signupEmails, ApprovalEmails approvalEmails)
{
    [Function(nameof(SendSignupReceivedEmail))]
    public Task SendSignupReceivedEmail(
        [QueueTrigger(StorageNames.SignupReceivedTrigger)] SignupMessage message,
        CancellationToken cancellationToken) => signupEmails.SendReceivedAsync(IdOf(message), cancellationToken);

    [Function(nameof(SendApprovalRequests))]
    public Task SendApprovalRequests(
        [QueueTrigger(StorageNames.SignupConfirmedTrigger)] SignupMessage message,
        CancellationToken cancellationToken) => approvalEmails.SendRequestsAsync(IdOf(message), cancellationToken);

    [Function(nameof(SendSignupOutcomeEmail))]
    public Task SendSignupOutcomeEmail(
        [QueueTrigger(StorageNames.SignupDecidedTrigger)] SignupMessage message,
        CancellationToken cancellationToken) => approvalEmails.SendOutcomeAsync(IdOf(message), cancellationToken);

    private static SignupId IdOf(SignupMessage message) =>
        SignupId.TryParse(message.SignupId, out var id) ? id : throw new FormatException("The queue message does not carry a sign-up id.");
}
