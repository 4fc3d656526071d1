using Azure;
using Azure.Data.Tables;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Links;

/// <summary>What every emailed-link action needs from the app: the signer of links, where the app is reached, and the clock.</summary>
public sealed class LinkKit(SignedLinks links, IOptions<CemOptions> options, TimeProvider time, ILoggerFactory loggers, MessageOutbox outbox)
{
    public SignedLinks Links { get; } = links;
    public MessageOutbox Outbox { get; } = outbox;
    public CemOptions Options => options.Value;
    public TimeProvider Time { get; } = time;
    public ILoggerFactory Loggers { get; } = loggers;

    /// <summary>A signed link to <paramref name="pagePath"/> for one action: what <see cref="LinkAction{TSubject}.LinkFor(string, string?, TimeSpan?)"/> issues, for code that issues the links of an action it cannot hold.</summary>
    public Uri LinkFor(string purpose, string pagePath, string subjectId, string actorId, TimeSpan? validFor) =>
        Options.Link(pagePath + "?token=" + Uri.EscapeDataString(Links.Issue(purpose, subjectId, actorId,
            validFor is { } span && span < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : validFor)));
}

/// <summary>
/// One action taken by following an emailed link: confirm an address, approve a sign-up, publish a comment,
/// ask for a press kit. A GET shows what will happen and a button (mail scanners follow links); the POST acts.
/// </summary>
/// <remarks>
/// <para>The flow is the same for every action, and written only here: check the link (signature, purpose,
/// expiry) → check who it names may still act → load the subject → ask the subject's state (<see cref="Judge"/>):
/// already done, refused, or ready → on a POST, change the subject and write it in one entity-group transaction of
/// the subject's partition with a <c>used-{nonce}</c> row and an <c>audit-…</c> row, guarded by the subject's ETag
/// with the queue messages the change sends (<see cref="Messages"/>, through the <see cref="MessageOutbox"/>) → then the
/// side effects (<see cref="AfterAsync"/>).</para>
/// <para>Races: a concurrent change makes the transaction fail with 412 (ETag) and the action re-reads and answers from
/// the new state, so "approve" and "reject" at the same moment give one decision and one refusal. A link works once:
/// its nonce row makes a second use fail with 409, so an old Approve link cannot re-publish a comment that was marked
/// as spam since. Pressing the button again after success answers "already done" and repeats the idempotent side
/// effects; the messages were committed with the change, so they are never lost and not sent again.</para>
/// </remarks>
public abstract class LinkAction<TSubject>(LinkKit kit)
    where TSubject : class, ITableEntity
{
    private const int MaxAttempts = 5;
    private const int SubjectIndex = 0;

    /// <summary>What the link is for (<c>signup-approve</c>); a link issued for another purpose is refused.</summary>
    public abstract string Purpose { get; }

    /// <summary>The page the emailed link opens (<c>/signups/approve</c>); its button posts to <see cref="ApiPath"/>.</summary>
    public abstract string PagePath { get; }

    /// <summary>Where the button posts: the page path under <c>/api</c>.</summary>
    public string ApiPath => "/api" + PagePath;

    /// <summary>The page's heading before and after the button is pressed ("Approve sign-up", "Sign-up approved").</summary>
    public abstract string Title { get; }

    public abstract string DoneTitle { get; }

    /// <summary>What the subject is called ("sign-up", "comment"): "Sign-up not found".</summary>
    public abstract string SubjectNoun { get; }

    /// <summary>The field naming the subject's id in a JSON answer (<c>signupId</c>).</summary>
    public abstract string IdField { get; }

    /// <summary>Who the link is sent to and may use it.</summary>
    protected abstract ILinkActor Actor { get; }

    /// <summary>How long a link lasts; the configured link lifetime unless an action says otherwise.</summary>
    protected virtual TimeSpan? Lifetime => null;

    /// <summary>The table holding the subject; the used-link and audit rows go into the subject's partition of it.</summary>
    protected abstract TableClient Table { get; }

    /// <summary>
    /// False for an action that leaves its subject as it is (asking for a press kit): its commit writes only the
    /// used-link and audit rows, and a second use of the same link answers "already done".
    /// </summary>
    protected virtual bool ChangesSubject => true;

    protected TimeProvider Time => kit.Time;

    protected SignedLinks Links => kit.Links;

    /// <summary>For an action's other writes that send a message (<see cref="MessageOutbox.SubmitAsync(TableClient, IReadOnlyCollection{TableTransactionAction}, PendingMessage, CancellationToken)"/>).</summary>
    protected MessageOutbox Outbox => kit.Outbox;

    public abstract string IdOf(TSubject subject);

    public abstract string StatusOf(TSubject subject);

    /// <summary>The emailed link for <paramref name="subjectId"/>, sent to <paramref name="actorAddress"/>.</summary>
    public Uri LinkFor(string subjectId, string? actorAddress = null) => LinkFor(subjectId, actorAddress, Lifetime);

    /// <summary>A link that lasts <paramref name="validFor"/> (at least a minute) rather than the action's lifetime.</summary>
    public Uri LinkFor(string subjectId, string? actorAddress, TimeSpan? validFor) =>
        kit.LinkFor(Purpose, PagePath, subjectId, Actor.IdFor(actorAddress), validFor);

    /// <summary>What the page shows before the button is pressed. Changes nothing.</summary>
    public Task<LinkActionResult<TSubject>> PreviewAsync(string? token, CancellationToken cancellationToken) =>
        RunAsync(token, null, cancellationToken);

    /// <summary>Carries the action out, once.</summary>
    public Task<LinkActionResult<TSubject>> ActAsync(string? token, LinkInput input, CancellationToken cancellationToken) =>
        RunAsync(token, input ?? throw new ArgumentNullException(nameof(input)), cancellationToken);

    /// <summary>The partition and row of the subject a link names, or false for an id that cannot be one.</summary>
    protected abstract bool TryLocate(string subjectId, out string partitionKey, out string rowKey);

    /// <summary>
    /// The audit name of the actor <paramref name="link"/> names, or null when they may no longer act. An action whose
    /// actors depend on the subject (a state's contacts decide on that state's districts) looks them up here.
    /// </summary>
    protected virtual Task<string?> ResolveActorAsync(LinkClaims link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        return Task.FromResult(Actor.Resolve(link.Actor));
    }

    /// <summary>What the subject's current state says about the action.</summary>
    protected abstract LinkVerdict Judge(TSubject subject);

    /// <summary>Changes <paramref name="subject"/> in memory; the base class writes it.</summary>
    protected abstract LinkTransition Apply(TSubject subject, LinkInput input, DateTimeOffset now);

    /// <summary>
    /// Whether <paramref name="actor"/> may act on this subject in particular: the audit name its link's actor resolved to,
    /// or the address of a signed-in caller. An action whose actors depend on the subject (a state's contacts moderate
    /// only that state's) narrows it here; returns the name the audit trail records, or null to refuse.
    /// </summary>
    protected virtual Task<string?> ActorOnAsync(TSubject subject, string actor, CancellationToken cancellationToken) => Task.FromResult<string?>(actor);

    /// <summary>Rows that must change in the same transaction as the subject (same partition).</summary>
    protected virtual IEnumerable<TableTransactionAction> AlsoCommit(TSubject subject) => [];

    /// <summary>
    /// The queue messages the change sends, given <paramref name="subject"/> as changed: written in the commit's
    /// transaction and put right after, or by the outbox sweep if the put fails (<see cref="MessageOutbox"/>). Handlers
    /// must be idempotent.
    /// </summary>
    protected virtual IEnumerable<PendingMessage> Messages(TSubject subject, LinkClaims link) => [];

    /// <summary>
    /// What follows a commit besides the queue messages (<see cref="Messages"/>): log entries, trust. Runs again
    /// whenever the link is used after the action was done, so it must be idempotent; it recovers an entry lost
    /// between the commit and its write.
    /// </summary>
    protected virtual Task AfterAsync(TSubject subject, LinkClaims link, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Whether the page of an expired or refused link offers "email me a new link". Only an action whose link goes to
    /// the subject's own contact (<see cref="SubjectContact"/>) can: the new link goes to the address on record, so
    /// holding an old link gains nothing but a fresh one in the same mailbox. Links sent to staff never offer it.
    /// </summary>
    public bool OffersNewLink => Actor is SubjectContact && SendsNewLinks;

    /// <summary>Where the page's "email me a new link" button posts.</summary>
    public string NewLinkPath => ApiPath + "/new-link";

    /// <summary>True for an action that can send its contact a fresh link (<see cref="SendNewLinkAsync(TSubject, CancellationToken)"/>).</summary>
    protected virtual bool SendsNewLinks => false;

    /// <summary>
    /// Sends a fresh link for <paramref name="subject"/> to the address on record, when one can help; limits how often
    /// per subject. Runs out of sight of the asker: what it does is never told.
    /// </summary>
    protected virtual Task SendNewLinkAsync(TSubject subject, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether a new link could help with <paramref name="subject"/> in its current state (the page shows the button only then).</summary>
    protected virtual bool NewLinkHelps(TSubject subject) => true;

    /// <summary>Whether the page answering <paramref name="result"/> offers "email me a new link": an expired link, or one refused while a new one can help.</summary>
    public bool OffersNewLinkFor(LinkActionResult<TSubject> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return OffersNewLink
            && (result.Link.Status == LinkStatus.Expired
                || (result.Outcome == LinkOutcome.Refused && result.Subject is not null && NewLinkHelps(result.Subject)));
    }

    /// <summary>
    /// "Email me a new link", from the page of an expired or used link: when <paramref name="token"/> is one this app
    /// signed for this action (expired or not) and names a subject that still exists, the action sends that subject's
    /// contact a fresh link. Anything else does nothing. The caller answers the same either way and limits how often a
    /// client may ask.
    /// </summary>
    public async Task SendNewLinkAsync(string? token, CancellationToken cancellationToken)
    {
        if (!OffersNewLink)
        {
            return;
        }

        var link = kit.Links.Check(token, Purpose);
        if (link.Status is not (LinkStatus.Valid or LinkStatus.Expired)
            || Actor.Resolve(link.Claims!.Actor) is null
            || !TryLocate(link.Claims.Subject, out var partitionKey, out var rowKey))
        {
            return;
        }

        var found = await Table.GetEntityIfExistsAsync<TSubject>(partitionKey, rowKey, cancellationToken: cancellationToken);
        if (found.HasValue && NewLinkHelps(found.Value!))
        {
            kit.Loggers.CreateLogger(GetType()).LogInformation("{Purpose}: a new link asked for {SubjectId}", Purpose, link.Claims.Subject);
            await SendNewLinkAsync(found.Value!, cancellationToken);
        }
    }

    /// <summary>What a second use of a link that does not change its subject answers.</summary>
    protected virtual string AlreadyUsedMessage => "This link has already been used.";

    /// <summary>
    /// Carries the action out for an actor the caller has already identified (a signed-in staff member), without a
    /// link: the same judgement, transition, transaction and side effects, with <paramref name="actor"/> in the audit
    /// trail. No used-link row is written, because there is no link. The caller decides who may act.
    /// </summary>
    public Task<LinkActionResult<TSubject>> ActAsAsync(string subjectId, string actor, LinkInput input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentNullException.ThrowIfNull(input);
        var now = kit.Time.GetUtcNow();
        var claims = new LinkClaims(Purpose, subjectId ?? "", actor, now, "direct-" + Ulid.NewUlid(now));
        var check = new LinkCheck(LinkStatus.Valid, claims);
        return TryLocate(claims.Subject, out var partitionKey, out var rowKey)
            ? ActOnSubjectAsync(partitionKey, rowKey, check, actor, fromLink: false, input, cancellationToken)
            : Task.FromResult(new LinkActionResult<TSubject>(LinkOutcome.NotFound, $"This {SubjectNoun} does not exist.", check));
    }

    private async Task<LinkActionResult<TSubject>> RunAsync(string? token, LinkInput? input, CancellationToken cancellationToken)
    {
        var link = kit.Links.Check(token, Purpose);
        if (!link.IsValid)
        {
            return new(LinkOutcome.InvalidLink, link.Explanation, link);
        }

        var claims = link.Claims!;
        if (!TryLocate(claims.Subject, out var partitionKey, out var rowKey))
        {
            // Signed by us but naming nothing we could have issued: treat as tampered.
            var tampered = new LinkCheck(LinkStatus.Tampered, null);
            return new(LinkOutcome.InvalidLink, tampered.Explanation, tampered);
        }

        var actor = await ResolveActorAsync(claims, cancellationToken);
        if (actor is null)
        {
            return new(LinkOutcome.Refused, Actor.RefusalMessage, link);
        }

        return await ActOnSubjectAsync(partitionKey, rowKey, link, actor, fromLink: true, input, cancellationToken);
    }

    /// <summary>The one path from a located subject to its answer: judge, and on an act, commit and run the side effects.</summary>
    private async Task<LinkActionResult<TSubject>> ActOnSubjectAsync(string partitionKey, string rowKey, LinkCheck link, string actor, bool fromLink, LinkInput? input, CancellationToken cancellationToken)
    {
        var claims = link.Claims!;
        for (var attempt = 1; ; attempt++)
        {
            var found = await Table.GetEntityIfExistsAsync<TSubject>(partitionKey, rowKey, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return new(LinkOutcome.NotFound, $"This {SubjectNoun} no longer exists.", link);
            }

            var subject = found.Value!;
            if (await ActorOnAsync(subject, actor, cancellationToken) is not { } audited)
            {
                return new(LinkOutcome.Refused, Actor.RefusalMessage, link);
            }

            var verdict = Judge(subject);
            if (fromLink && verdict.Outcome == LinkOutcome.Ready && await WasUsedAsync(partitionKey, claims, cancellationToken))
            {
                verdict = ChangesSubject
                    ? LinkVerdict.Refused("This link has already been used. Use the newest email about this, or ask CEM staff.")
                    : LinkVerdict.AlreadyDone(AlreadyUsedMessage);
            }

            if (verdict.Outcome == LinkOutcome.AlreadyDone && input is not null)
            {
                await AfterAsync(subject, claims, cancellationToken);
            }

            if (verdict.Outcome != LinkOutcome.Ready || input is null)
            {
                return new(verdict.Outcome, verdict.Message, link, subject);
            }

            var now = kit.Time.GetUtcNow();
            var transition = Apply(subject, input, now);
            try
            {
                await CommitAsync(subject, claims, fromLink, audited, transition, now, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Changed (412) or the link used (409) concurrently: read again and answer from the new state.
                continue;
            }

            kit.Loggers.CreateLogger(GetType()).LogInformation("{Purpose} of {SubjectId} done ({How})", Purpose, claims.Subject, fromLink ? "by link" : "signed in");
            await AfterAsync(subject, claims, cancellationToken);
            return new(LinkOutcome.Done, transition.DoneMessage, link, subject);
        }
    }

    /// <summary>
    /// Writes the subject (if it changes), the used-link row and the audit row in one transaction. It fails with 412
    /// when <paramref name="subject"/> is a stale copy, and with 409 when the link was used already.
    /// </summary>
    public Task CommitAsync(TSubject subject, LinkClaims link, string actor, LinkTransition transition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        return CommitAsync(subject, link, fromLink: true, actor, transition, now, cancellationToken);
    }

    /// <param name="fromLink">False for an actor acting without a link (no used-link row).</param>
    private async Task CommitAsync(TSubject subject, LinkClaims link, bool fromLink, string actor, LinkTransition transition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(transition);
        var actions = new List<TableTransactionAction>();
        if (ChangesSubject)
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, subject, subject.ETag));
        }

        if (fromLink)
        {
            actions.Add(new(TableTransactionActionType.Add, LinkRows.Used(subject.PartitionKey, link, subject.RowKey, now)));
        }

        actions.Add(new(TableTransactionActionType.Add, LinkRows.Audit(subject.PartitionKey, subject.RowKey, IdOf(subject), link.Purpose, transition, actor, now)));
        actions.AddRange(AlsoCommit(subject));
        await kit.Outbox.SubmitAsync(Table, actions, [.. Messages(subject, link)], cancellationToken);
    }

    /// <summary>The audit trail of one subject, oldest first.</summary>
    public IAsyncEnumerable<LinkAuditRecord> AuditTrailAsync(TSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return LinkRows.AuditTrailAsync(Table, subject.PartitionKey, subject.RowKey, cancellationToken);
    }

    private async Task<bool> WasUsedAsync(string partitionKey, LinkClaims link, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, LinkRows.UsedKey(link), ["PartitionKey"], cancellationToken);
        return row.HasValue;
    }
}
