using Cem.Core.Participation;
using Cem.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Signups;

/// <summary>A jurisdiction on the public list: no contact details, ever.</summary>
public sealed record ParticipatingState(string Code, string Name, string OrganizationName, DateTimeOffset ConfirmedAt);

public sealed record SubmittedSignup(SignupId Id, string Status, bool Created);

/// <summary>What anyone holding a sign-up's (unguessable) id may see: where it stands, never contact details.</summary>
public sealed record SignupProgress(string Id, string Jurisdiction, string Status, DateTimeOffset SubmittedAt);

/// <summary>Takes sign-ups and answers what is public about them.</summary>
public sealed class SignupService(SignupStore store, SignupQueues queues, ParticipationLog participation, CemMetrics metrics, TimeProvider time, ILogger<SignupService> logger)
{
    public async Task<SubmittedSignup> SubmitAsync(ValidSignup form, CancellationToken cancellationToken)
    {
        var id = SignupId.New(form.Jurisdiction, time);
        var (signup, created) = await store.AddUnlessPendingAsync(
            new Signup
            {
                PartitionKey = id.Jurisdiction,
                RowKey = id.RowKey,
                Status = SignupStatus.PendingConfirmation,
                OrganizationName = form.OrganizationName,
                OrganizationType = form.OrganizationType,
                ContactName = form.ContactName,
                ContactTitle = form.ContactTitle,
                Email = form.Email,
                Phone = form.Phone,
                Activities = string.Join(',', form.Activities),
                SubmittedAt = time.GetUtcNow(),
            },
            cancellationToken);

        if (created)
        {
            logger.LogInformation("Sign-up {SignupId} received for {Jurisdiction}", signup.Id, signup.PartitionKey);
            metrics.SignupAccepted(signup.PartitionKey);
            await participation.RecordOnceAsync(signup.PartitionKey, ParticipationKinds.SignedUp, signup.Id.ToString(), cancellationToken);
        }
        else
        {
            logger.LogInformation("Sign-up {SignupId} submitted again while pending", signup.Id);
        }

        // Sent for a repeat too: if the first message was lost the repeat recovers it, and the
        // email handler sends at most one email per sign-up.
        if (signup.Status == SignupStatus.PendingConfirmation)
        {
            await queues.SignupReceivedAsync(signup.Id, cancellationToken);
        }

        return new SubmittedSignup(signup.Id, signup.Status, created);
    }

    public async Task<SignupProgress?> ProgressAsync(SignupId id, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } signup
            ? new SignupProgress(signup.Id.ToString(), signup.PartitionKey, signup.Status, signup.SubmittedAt)
            : null;

    public async Task<IReadOnlyList<ParticipatingState>> ParticipatingStatesAsync(CancellationToken cancellationToken) =>
        (await store.ApprovedAsync(cancellationToken))
            .Select(s => new ParticipatingState(s.PartitionKey, s.Jurisdiction.Name, s.OrganizationName, s.DecidedAt ?? s.SubmittedAt))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.ConfirmedAt)
            .ToList();
}
