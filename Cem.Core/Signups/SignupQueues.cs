using Cem.Core.Storage;

namespace Cem.Core.Signups;

/// <summary>
/// A step of the sign-up workflow for a queue-triggered function. It carries the id only, never
/// personal data: the handler loads what it needs.
/// </summary>
public sealed record SignupMessage(string Kind, string SignupId) : Email.RetriedMessage;

public sealed class SignupQueues(CemStorage storage)
{
    /// <summary>Sign-up stored: send the "confirm your address" email.</summary>
    public Task SignupReceivedAsync(SignupId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.SignupReceivedQueue, id, cancellationToken);

    /// <summary>Address confirmed: ask staff to approve.</summary>
    public Task SignupConfirmedAsync(SignupId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.SignupConfirmedQueue, id, cancellationToken);

    /// <summary>Approved or rejected: tell the signer.</summary>
    public Task SignupDecidedAsync(SignupId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.SignupDecidedQueue, id, cancellationToken);

    // Each step has a queue of its own, named after the step: the message's kind and its queue are the same name.
    private Task SendAsync(string step, SignupId id, CancellationToken cancellationToken) =>
        storage.SendAsync(step, new SignupMessage(step, id.ToString()), cancellationToken);
}
