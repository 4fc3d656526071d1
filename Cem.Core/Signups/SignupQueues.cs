using System.Text.Json;
using Cem.Core.Storage;

namespace Cem.Core.Signups;

/// <summary>
/// A step of the sign-up workflow for a queue-triggered function. It carries the id only, never
/// personal data: the handler loads what it needs.
/// </summary>
public sealed record SignupMessage(string Kind, string SignupId);

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

    private async Task SendAsync(string queue, SignupId id, CancellationToken cancellationToken) =>
        await storage.Queue(queue).SendMessageAsync(JsonSerializer.Serialize(new SignupMessage(queue, id.ToString()), JsonSerializerOptions.Web), cancellationToken);
}
