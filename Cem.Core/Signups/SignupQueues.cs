using Cem.Core.Storage;

namespace Cem.Core.Signups;

/// <summary>
/// A step of the sign-up workflow for a queue-triggered function. It carries the id only, never
/// personal data: the handler loads what it needs.
/// </summary>
public sealed record SignupMessage(string Kind, string SignupId) : Email.RetriedMessage;

public sealed class SignupQueues(CemStorage storage)
{
    /// <summary>The message of a step, for a commit that sends it (<see cref="MessageOutbox"/>).</summary>
    public static PendingMessage Received(SignupId id) => Message(StorageNames.SignupReceivedQueue, id);

    public static PendingMessage Confirmed(SignupId id) => Message(StorageNames.SignupConfirmedQueue, id);

    public static PendingMessage Decided(SignupId id) => Message(StorageNames.SignupDecidedQueue, id);

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
    private static PendingMessage Message(string step, SignupId id) => new(step, new SignupMessage(step, id.ToString()));

    private Task SendAsync(string step, SignupId id, CancellationToken cancellationToken) =>
        storage.SendAsync(step, new SignupMessage(step, id.ToString()), cancellationToken);
}
