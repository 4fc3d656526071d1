using Cem.Core.Email;
using Cem.Core.Programs;
using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Programs;

/// <summary>The emails of a district's steps, with the sign-up workflow's retries (<see cref="EmailRetries"/>).</summary>
public sealed class DistrictQueueFunctions(DistrictEmails emails, EmailRetries retries)
{
    [Function(nameof(SendDistrictEmails))]
    public Task SendDistrictEmails(
        [QueueTrigger(StorageNames.DistrictChangedTrigger)] DistrictMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.DistrictChangedQueue, message, emails.SendAsync, cancellationToken);
}
