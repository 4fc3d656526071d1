using System.Text.Json;
using Cem.Core.Links;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.PressKits;

/// <summary>
/// A request to compile a state's kit and email it. Ids and a reason only, never personal data.
/// <paramref name="RequestId"/> names the request, so a redelivered message sends its email once while a
/// new request for unchanged data still sends one.
/// </summary>
public sealed record PressKitMessage(string Kind, string SignupId, string Reason, string RequestId);

public static class PressKitReasons
{
    public const string Approved = "approved";
    public const string Staff = "staff";
    public const string State = "state";
}

public enum StaffRequestOutcome
{
    Queued,
    NotFound,
    NotApproved,
}

/// <summary>
/// Asks for a kit: when a sign-up is approved, when staff ask (function key), and when the state contact asks
/// through the signed link in their emails (a GET shows a button; the POST asks).
/// </summary>
public sealed class PressKitRequests(CemStorage storage, SignupStore store, SignedLinks links, IOptions<CemOptions> options, TimeProvider time, ILogger<PressKitRequests> logger)
{
    public const string RequestPurpose = "press-kit-request";

    /// <summary>
    /// The contact's "send me a fresh kit" link lasts the season rather than the default link lifetime: it only
    /// ever makes a kit and mails it to the sign-up's own address, and every kit email carries a new one.
    /// </summary>
    public static readonly TimeSpan RequestLinkLifetime = TimeSpan.FromDays(180);

    private const string ContactActor = "contact";

    /// <summary>A sign-up was approved. Its request id is fixed, so approving again does not send a second email for the same kit.</summary>
    public Task ApprovedAsync(SignupId id, CancellationToken cancellationToken) =>
        EnqueueAsync(id, PressKitReasons.Approved, "approval", cancellationToken);

    public Uri RequestLinkFor(SignupId id) =>
        options.Value.Link("/press-kits/request?token=" + Uri.EscapeDataString(links.Issue(RequestPurpose, id.ToString(), ContactActor, RequestLinkLifetime)));

    public async Task<StaffRequestOutcome> RequestByStaffAsync(SignupId id, CancellationToken cancellationToken)
    {
        var signup = await store.FindAsync(id, cancellationToken);
        if (signup is null)
        {
            return StaffRequestOutcome.NotFound;
        }

        if (signup.Status != SignupStatus.Approved)
        {
            return StaffRequestOutcome.NotApproved;
        }

        await EnqueueAsync(id, PressKitReasons.Staff, "staff-" + Ulid.NewUlid(time.GetUtcNow()), cancellationToken);
        return StaffRequestOutcome.Queued;
    }

    public Task<LinkActionResult> PreviewAsync(string? token, CancellationToken cancellationToken) =>
        RunAsync(token, commit: false, cancellationToken);

    public Task<LinkActionResult> RequestByLinkAsync(string? token, CancellationToken cancellationToken) =>
        RunAsync(token, commit: true, cancellationToken);

    private async Task<LinkActionResult> RunAsync(string? token, bool commit, CancellationToken cancellationToken)
    {
        var link = links.Check(token, RequestPurpose);
        if (!link.IsValid || !SignupId.TryParse(link.Claims!.Subject, out var id))
        {
            return LinkActionResult.Invalid(link.IsValid ? new LinkCheck(LinkStatus.Tampered, null) : link);
        }

        var signup = await store.FindAsync(id, cancellationToken);
        if (signup is null)
        {
            return new(LinkOutcome.NotFound, "This sign-up no longer exists.", link);
        }

        if (signup.Status != SignupStatus.Approved)
        {
            return new(LinkOutcome.Refused, "Press kits are only prepared for sign-ups that CEM staff have confirmed.", link, signup);
        }

        if (!commit)
        {
            return new(LinkOutcome.Ready, "Send a fresh press kit?", link, signup);
        }

        // One request per link per day: pressing the button again the same day sends no second email.
        var requestId = $"state-{link.Claims.Nonce}-{time.GetUtcNow().UtcDateTime:yyyyMMdd}";
        await EnqueueAsync(id, PressKitReasons.State, requestId, cancellationToken);
        return new(LinkOutcome.Done, "Your press kit is being prepared. It will arrive by email within a few minutes, with the latest figures.", link, signup);
    }

    private async Task EnqueueAsync(SignupId id, string reason, string requestId, CancellationToken cancellationToken)
    {
        var message = new PressKitMessage(StorageNames.PressKitRequestedQueue, id.ToString(), reason, requestId);
        await storage.Queue(StorageNames.PressKitRequestedQueue).SendMessageAsync(JsonSerializer.Serialize(message, JsonSerializerOptions.Web), cancellationToken);
        logger.LogInformation("Press kit for {SignupId} requested ({Reason})", id, reason);
    }
}
