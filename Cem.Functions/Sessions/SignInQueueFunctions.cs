using Cem.Core.Sessions;
using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Sessions;

/// <summary>Decides, out of sight of the asker, whether to email a sign-in link; the mailer sends each once.</summary>
public sealed class SignInQueueFunctions(SignIns signIns)
{
    [Function(nameof(SendSignInLink))]
    public Task SendSignInLink(
        [QueueTrigger(StorageNames.SignInRequestedTrigger)] SignInMessage message,
        CancellationToken cancellationToken) => signIns.HandleAsync(message, cancellationToken);
}
