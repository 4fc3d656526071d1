using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Clients;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Staff;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Sessions;

public static class SignInStatus
{
    /// <summary>Asked for; a link is emailed if the address may sign in.</summary>
    public const string Requested = "requested";

    /// <summary>The link was used and a session started.</summary>
    public const string Used = "used";
}

/// <summary>
/// A request to sign in, in the Sessions table: PartitionKey = <c>signin-{ULID}</c>, RowKey = <c>request</c>, so
/// its link's used-link and audit rows sit beside it. Kept only when a link was sent: a request for an address
/// that may not sign in is deleted by the handler.
/// </summary>
public sealed class SignInRequest : ITableEntity
{
    public const string PartitionPrefix = "signin-";
    public const string Row = "request";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Email { get; set; } = "";
    public string Status { get; set; } = SignInStatus.Requested;
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }

    [IgnoreDataMember]
    public string Id => PartitionKey[PartitionPrefix.Length..];
}

/// <summary>The queue message of a sign-in request: its id only, never the address.</summary>
public sealed record SignInMessage(string Kind, string RequestId);

/// <summary>To an address that may sign in (staff, or a contact of an approved sign-up): the sign-in link.</summary>
public sealed record SignInEmail(string Address, Uri SignInUrl, int ValidMinutes) : IEmailWithoutDataLink
{
    public static string Template => "sign-in";
}

/// <summary>
/// The emailed sign-in link: single use, short-lived, sent only to the address that asked. Using it marks the request
/// used; the caller then starts the session (<see cref="SessionStore.StartAsync"/>).
/// </summary>
public sealed class SignInLink(LinkKit kit, CemStorage storage, IOptions<SessionOptions> options) : LinkAction<SignInRequest>(kit)
{
    public override string Purpose => "sign-in";
    public override string PagePath => "/sign-in/complete";
    public override string Title => "Sign in";
    public override string DoneTitle => "Signed in";
    public override string SubjectNoun => "sign-in request";
    public override string IdField => "requestId";

    protected override ILinkActor Actor => SubjectContact.Address;
    protected override TableClient Table { get; } = storage.Table(StorageNames.SessionsTable);
    protected override TimeSpan? Lifetime => options.Value.LinkLifetime;

    public override string IdOf(SignInRequest subject) => subject.Id;

    public override string StatusOf(SignInRequest subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey)
    {
        (partitionKey, rowKey) = (SignInRequest.PartitionPrefix + subjectId, SignInRequest.Row);
        return Ulid.TryParse(subjectId, out _);
    }

    protected override LinkVerdict Judge(SignInRequest subject) =>
        subject.Status == SignInStatus.Requested
            ? LinkVerdict.Ready($"Sign in to Connected Educator Month for States as {subject.Email}?")
            : LinkVerdict.Refused("This sign-in link has already been used. Ask for a new one on the sign-in page.");

    protected override LinkTransition Apply(SignInRequest subject, LinkInput input, DateTimeOffset now)
    {
        subject.Status = SignInStatus.Used;
        subject.UsedAt = now;
        return new("signed-in", "You are signed in.");
    }

    protected override bool SendsNewLinks => true;

    /// <summary>A new request for the same address, handled like any other: the address must still be allowed to sign in, and its per-address limit holds.</summary>
    protected override Task SendNewLinkAsync(SignInRequest subject, CancellationToken cancellationToken) => RequestAsync(subject.Email, cancellationToken);

    /// <summary>
    /// Deletes the sign-in requests made more than a day before their links could last (a link is issued when its email
    /// goes, which retries can delay), with their used-link and audit rows and the once-only record of their email (it
    /// holds a hash of the address); returns the requests deleted. Partitions are <c>signin-{ULID}</c>, so the old ones
    /// are one key range. Safe to repeat, and alongside another run.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(SentEmailRecords sentEmails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentEmails);
        var end = SignInRequest.PartitionPrefix + Ulid.NewUlid(Time.GetUtcNow() - (Lifetime ?? TimeSpan.Zero) - TimeSpan.FromDays(1), new byte[10]);
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(r => r.PartitionKey.CompareTo(SignInRequest.PartitionPrefix) > 0 && r.PartitionKey.CompareTo(end) < 0, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        foreach (var request in rows.GroupBy(r => r.PartitionKey))
        {
            foreach (var row in request)
            {
                await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken); // 404 (gone) does not throw
            }

            await sentEmails.ForgetAsync("sign-in/" + request.Key[SignInRequest.PartitionPrefix.Length..], cancellationToken);
        }

        return rows.Count(r => r.RowKey == SignInRequest.Row);
    }

    /// <summary>Stores a sign-in request and queues it; the handler decides whether a link is emailed.</summary>
    internal async Task RequestAsync(string email, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var request = new SignInRequest { PartitionKey = SignInRequest.PartitionPrefix + Ulid.NewUlid(now), Email = email.Trim(), RequestedAt = now };
        await Outbox.SubmitAsync(
            Table,
            [new TableTransactionAction(TableTransactionActionType.Add, request)],
            new PendingMessage(StorageNames.SignInRequestedQueue, new SignInMessage(StorageNames.SignInRequestedQueue, request.Id)),
            cancellationToken);
    }
}

/// <summary>
/// Asking for a sign-in link. The answer never depends on the address: the request is stored and queued, and the
/// handler decides, out of sight, whether the address may sign in (a staff address, the contact of an approved
/// sign-up or of an approved district) and emails the link only then. Rate limits: per client when asking, per address when sending.
/// </summary>
public sealed class SignIns(
    CemStorage storage,
    RateLimiter limiter,
    ClientHashing hashing,
    SignInLink link,
    StaffDirectory staff,
    IStateContacts contacts,
    IDistrictContacts districts,
    IMailer mailer,
    IOptions<SessionOptions> options,
    ILogger<SignIns> logger)
{
    private readonly TableClient table = storage.Table(StorageNames.SessionsTable);

    /// <summary>Stores and queues a request, unless the client has asked too often.</summary>
    public async Task<RateDecision> RequestAsync(string email, string clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var settings = options.Value;
        var decision = await limiter.TryAcquireAsync(table, "client-" + hashing.Hash("sign-in-client", clientAddress), settings.ClientRateLimit, settings.RateLimitWindow, cancellationToken);
        if (!decision.Allowed)
        {
            return decision;
        }

        await link.RequestAsync(email, cancellationToken);
        return decision;
    }

    /// <summary>Emails the link when the address may sign in; otherwise deletes the request, leaving nothing of the address.</summary>
    public async Task HandleAsync(SignInMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Ulid.TryParse(message.RequestId, out _))
        {
            logger.LogWarning("Sign-in message with a malformed request id ignored");
            return;
        }

        var found = await table.GetEntityIfExistsAsync<SignInRequest>(SignInRequest.PartitionPrefix + message.RequestId, SignInRequest.Row, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value!.Status != SignInStatus.Requested)
        {
            return;
        }

        var request = found.Value;
        var settings = options.Value;
        var mayAct = staff.IsStaff(request.Email) || (await contacts.JurisdictionsOfAsync(request.Email, cancellationToken)).Count > 0
            || (await districts.DistrictsOfAsync(request.Email, cancellationToken)).Count > 0;
        if (!mayAct)
        {
            await table.DeleteEntityAsync(request.PartitionKey, request.RowKey, ETag.All, cancellationToken);
            logger.LogInformation("Sign-in request {RequestId} is for an address that may not sign in; deleted", request.Id);
            return;
        }

        // Emails per address, so nobody can fill a contact's mailbox with sign-in links from many clients.
        var addressKey = "address-" + hashing.Hash("sign-in-address", request.Email.ToLowerInvariant());
        if (!(await limiter.TryAcquireAsync(table, addressKey, settings.AddressRateLimit, settings.RateLimitWindow, cancellationToken)).Allowed)
        {
            await table.DeleteEntityAsync(request.PartitionKey, request.RowKey, ETag.All, cancellationToken);
            logger.LogWarning("Sign-in request {RequestId} over the per-address limit; no email sent", request.Id);
            return;
        }

        await mailer.SendOnceAsync("sign-in/" + request.Id, request.Email, new SignInEmail(request.Email, link.LinkFor(request.Id), (int)settings.LinkLifetime.TotalMinutes), cancellationToken);
    }
}
