using System.Text.Json.Nodes;
using Cem.Core.Calendar;
using Cem.Core.Editions;
using Cem.Core.Jurisdictions;
using Cem.Core.Metrics;
using Cem.Core.Programs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Awards;

public enum AwardOutcome
{
    Done,
    AlreadyDone,
    NotFound,
    Refused,
}

public sealed record AwardChange(AwardOutcome Outcome, Award? Award, string Message);

public sealed record ProposalRun(IReadOnlyList<Award> Proposals, int Added, int Updated, int Withdrawn);

public sealed record IssueRun(IReadOnlyList<Award> Issued, int Held, int InReview, bool NoKey);

/// <summary>
/// Awards from recorded facts. <see cref="ProposeAsync"/> turns each state's rolled-up recognition level into one
/// proposal per year (kept up to date while unissued), and proposes the participating-district badge for each approved
/// district of the edition's programs that hosted a published event (read from the event rows); staff may hold a proposal with a reason during
/// <see cref="AwardOptions.ReviewWindow"/>; <see cref="IssueAsync"/> signs those past the window and not held; an
/// issued award's level never changes, and <see cref="RevokeAsync"/> sets its bit in the status list.
/// </summary>
public sealed class AwardService(
    AwardStore store,
    StateMetricsStore metrics,
    EditionStore editions,
    ProgramService programs,
    DistrictJoins districts,
    EventStore events,
    BadgeSigner signer,
    AwardEmails emails,
    IOptions<AwardOptions> options,
    EditionRecognition recognition,
    IOptions<CemOptions> site,
    TimeProvider time,
    ILogger<AwardService> logger)
{
    private const int Attempts = 5;

    /// <summary>Awards may be proposed for the current edition and the one before (proposed once it has closed).</summary>
    public async Task<bool> IsProposableYearAsync(int year, CancellationToken cancellationToken)
    {
        var current = (await editions.CurrentAtAsync(time.GetUtcNow(), cancellationToken)).Year;
        return year == current || year == current - 1;
    }

    /// <summary>
    /// The timer's run: while the last edition is closed (ended everywhere, not yet archived) its awards are proposed
    /// again, so late figures are counted and staff find the proposals waiting. Returns the year proposed, if any.
    /// </summary>
    public async Task<int?> ProposeClosedEditionAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var last = await editions.GetAsync((await editions.CurrentAtAsync(now, cancellationToken)).Year - 1, cancellationToken);
        if (last.PhaseAt(now) != EditionPhases.Closed)
        {
            return null;
        }

        await ProposeAsync(last.Year, cancellationToken);
        return last.Year;
    }

    public async Task<ProposalRun> ProposeAsync(int year, CancellationToken cancellationToken)
    {
        int added = 0, updated = 0, withdrawn = 0;
        void Count(int change)
        {
            added += change == 1 ? 1 : 0;
            updated += change == 2 ? 1 : 0;
            withdrawn += change == 3 ? 1 : 0;
        }

        // Levelled with the year's own thresholds: once it has closed, the rollup levels with the next edition's.
        var figures = await metrics.ReadCurrentAsync(cancellationToken);
        var thresholds = await recognition.OfYearAsync(year, cancellationToken);
        foreach (var jurisdiction in Jurisdiction.All)
        {
            var level = figures.TryGetValue(jurisdiction.Code, out var row) ? Recognition.LevelOf(row.Figures(), thresholds) : RecognitionLevels.None;
            Count(await ProposeOneAsync(new AwardId(year, jurisdiction.Code), jurisdiction.Name, level, cancellationToken));
        }

        var hosts = await ParticipatingDistrictsAsync(year, cancellationToken);
        var proposedDistricts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var district in hosts)
        {
            var id = new AwardId(year, district.Code, district.LeaId);
            proposedDistricts.Add(id.ToString());
            Count(await ProposeOneAsync(id, district.Name, BadgeLevels.ParticipatingDistrict, cancellationToken));
        }

        // A district that no longer qualifies (its event cancelled, the district gone) loses its unissued proposal.
        foreach (var stale in (await store.OfYearAsync(year, cancellationToken)).Where(a => a.LeaId.Length > 0 && !proposedDistricts.Contains(a.Id)))
        {
            Count(await ProposeOneAsync(new AwardId(year, stale.Code, stale.LeaId), stale.SubjectName, RecognitionLevels.None, cancellationToken));
        }

        var proposals = (await store.OfYearAsync(year, cancellationToken)).Where(a => !AwardStatus.IsPublic(a.Status)).ToList();
        logger.LogInformation("Awards proposed for {Year}: {Added} new, {Updated} updated, {Withdrawn} withdrawn", year, added, updated, withdrawn);
        return new(proposals, added, updated, withdrawn);
    }

    /// <summary>
    /// The approved districts of the edition's programs that host at least one published (not cancelled) event on the
    /// calendar: the event rows name their district by LEA ID, and the district must still be approved in its program.
    /// </summary>
    public async Task<List<District>> ParticipatingDistrictsAsync(int year, CancellationToken cancellationToken)
    {
        var hosted = (await events.EditionAsync(year, cancellationToken))
            .Where(e => e.Status == EventStatuses.Published && e.DistrictLeaId.Length > 0)
            .Select(e => (e.Jurisdiction, e.DistrictLeaId))
            .ToHashSet();
        var found = new List<District>();
        foreach (var code in hosted.Select(h => h.Jurisdiction).Distinct().Order(StringComparer.Ordinal))
        {
            if (await programs.FindAsync(year, code, cancellationToken) is { } program)
            {
                found.AddRange((await districts.ApprovedAsync(program, cancellationToken)).Where(d => hosted.Contains((code, d.LeaId))));
            }
        }

        return found;
    }

    /// <summary>0 unchanged, 1 added, 2 updated, 3 withdrawn (an unissued proposal whose state or district no longer has a level).</summary>
    private async Task<int> ProposeOneAsync(AwardId id, string name, string level, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var now = time.GetUtcNow();
            var award = await store.FindAsync(id.ToString(), cancellationToken);
            if (award is null)
            {
                if (level == RecognitionLevels.None)
                {
                    return 0;
                }

                var added = new Award
                {
                    RowKey = id.ToString(), Year = id.Year, Code = id.Code, LeaId = id.LeaId, SubjectKind = id.LeaId.Length == 0 ? AwardSubjects.State : AwardSubjects.District,
                    SubjectName = name, Level = level, ProposedAt = now, UpdatedAt = now,
                };
                if (await store.TryAddAsync(added, cancellationToken))
                {
                    return 1;
                }

                continue;
            }

            if (AwardStatus.IsPublic(award.Status) || award.Level == level)
            {
                return 0;
            }

            if (level == RecognitionLevels.None)
            {
                if (await store.TryDeleteAsync(award, cancellationToken))
                {
                    return 3;
                }

                continue;
            }

            // A new level is a new proposal: staff get a full review window to look at it. A hold stays.
            award.Level = level;
            award.ProposedAt = now;
            award.UpdatedAt = now;
            if (await store.TryReplaceAsync(award, cancellationToken))
            {
                return 2;
            }
        }

        throw new InvalidOperationException($"Award {id} kept changing while being proposed.");
    }

    public Task<AwardChange> HoldAsync(string id, string staff, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, award => award.Status switch
        {
            AwardStatus.Issued or AwardStatus.Revoked => (AwardOutcome.Refused, "This award is already issued: revoke it instead."),
            AwardStatus.Held when award.HoldReason == reason => (AwardOutcome.AlreadyDone, "This award is already held for this reason."),
            _ => Apply(award, a =>
            {
                a.Status = AwardStatus.Held;
                a.HeldBy = staff;
                a.HoldReason = reason;
                a.HeldAt = time.GetUtcNow();
            }, "Held: it will not be issued until released."),
        }, cancellationToken);

    public Task<AwardChange> ReleaseAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, award => award.Status switch
        {
            AwardStatus.Held => Apply(award, a => a.Status = AwardStatus.Proposed, "Released: it is issued with the next run once its review window has passed."),
            AwardStatus.Proposed => (AwardOutcome.AlreadyDone, "This award is not held."),
            _ => (AwardOutcome.Refused, "This award is already issued."),
        }, cancellationToken);

    public Task<AwardChange> RevokeAsync(string id, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, award => award.Status switch
        {
            AwardStatus.Issued => Apply(award, a =>
            {
                a.Status = AwardStatus.Revoked;
                a.RevokedAt = time.GetUtcNow();
                a.RevokedReason = reason;
            }, "Revoked: its page and the status list say so."),
            AwardStatus.Revoked => (AwardOutcome.AlreadyDone, "This award is already revoked."),
            _ => (AwardOutcome.Refused, "Only an issued award can be revoked; hold a proposal instead."),
        }, cancellationToken);

    private (AwardOutcome, string) Apply(Award award, Action<Award> change, string message)
    {
        change(award);
        award.UpdatedAt = time.GetUtcNow();
        return (AwardOutcome.Done, message);
    }

    private async Task<AwardChange> ChangeAsync(string id, Func<Award, (AwardOutcome Outcome, string Message)> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var award = AwardId.TryParse(id, out _) ? await store.FindAsync(id, cancellationToken) : null;
            if (award is null)
            {
                return new(AwardOutcome.NotFound, null, "No award has this id.");
            }

            var (outcome, message) = decide(award);
            if (outcome != AwardOutcome.Done || await store.TryReplaceAsync(award, cancellationToken))
            {
                return new(outcome, award, message);
            }
        }

        throw new InvalidOperationException($"Award {id} kept changing.");
    }

    /// <summary>
    /// Issues every proposal of <paramref name="year"/> whose review window has passed and that no one holds: the
    /// credential is built and signed, and written with its status-list index in one transaction. Then each issued
    /// award's state contacts are emailed (once; a run after a failed email tries again).
    /// </summary>
    public async Task<IssueRun> IssueAsync(int year, CancellationToken cancellationToken)
    {
        var awards = await store.OfYearAsync(year, cancellationToken);
        var now = time.GetUtcNow();
        var held = awards.Count(a => a.Status == AwardStatus.Held);
        var due = awards.Where(a => a.Status == AwardStatus.Proposed && a.ProposedAt + options.Value.ReviewWindow <= now).ToList();
        var inReview = awards.Count(a => a.Status == AwardStatus.Proposed) - due.Count;
        if (!signer.CanSign)
        {
            logger.LogWarning("No award issued for {Year}: Cem:Awards:SigningKey is not set", year);
            return new([], held, inReview + due.Count, NoKey: true);
        }

        var figures = await metrics.ReadCurrentAsync(cancellationToken);
        var thresholds = await recognition.OfYearAsync(year, cancellationToken);
        var issued = new List<Award>();
        foreach (var candidate in due)
        {
            if (await IssueOneAsync(candidate.Id, figures, thresholds, cancellationToken) is { } award)
            {
                issued.Add(award);
            }
        }

        foreach (var award in (await store.OfYearAsync(year, cancellationToken)).Where(a => a.Status == AwardStatus.Issued && a.EmailedAt is null))
        {
            await emails.SendAsync(award, cancellationToken);
        }

        logger.LogInformation("Awards issued for {Year}: {Issued}; {Held} held, {InReview} in review", year, issued.Count, held, inReview);
        return new(issued, held, inReview, NoKey: false);
    }

    private async Task<Award?> IssueOneAsync(string id, Dictionary<string, StateMetricsRow> figures, RecognitionThresholds thresholds, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var award = await store.FindAsync(id, cancellationToken);
            var now = time.GetUtcNow();

            // Read again: held, re-proposed or issued by another run since the list was read.
            if (award is null || award.Status != AwardStatus.Proposed || award.ProposedAt + options.Value.ReviewWindow > now)
            {
                return null;
            }

            var counter = await store.CounterAsync(cancellationToken);
            if (counter.Next >= StatusList.Length)
            {
                throw new InvalidOperationException("The status list is full.");
            }

            award.StatusIndex = counter.Next;
            award.IssuedAt = now;
            award.UpdatedAt = now;
            award.Status = AwardStatus.Issued;
            var credential = OpenBadgeCredentials.Build(award, await EvidenceAsync(award, figures, cancellationToken), site.Value, thresholds);
            award.Credential = credential.ToJsonString();
            award.Jwt = signer.Sign(OpenBadgeCredentials.JwtPayload(credential, now));
            counter.Next++;
            if (await store.TryIssueAsync(award, counter, cancellationToken))
            {
                return award;
            }
        }

        throw new InvalidOperationException($"Award {id} kept changing while being issued.");
    }

    private async Task<string> EvidenceAsync(Award award, Dictionary<string, StateMetricsRow> figures, CancellationToken cancellationToken)
    {
        if (award.LeaId.Length > 0)
        {
            var hosted = await events.HostedByAsync(award.Year, award.Code, award.LeaId, cancellationToken);
            return OpenBadgeCredentials.DistrictEvidenceNarrative(hosted.Count(e => e.Status == EventStatuses.Published));
        }

        return OpenBadgeCredentials.EvidenceNarrative(figures.TryGetValue(award.Code, out var row) ? row.Figures() : new StateFigures());
    }

    /// <summary>Issued and revoked awards, for the public (a proposal is staff's business until issued).</summary>
    public async Task<List<Award>> PublicAsync(string? code, CancellationToken cancellationToken) =>
        (await store.AllAsync(cancellationToken))
            .Where(a => AwardStatus.IsPublic(a.Status) && (code is null || a.Code == code))
            .OrderByDescending(a => a.Year).ThenBy(a => a.Code, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();

    public async Task<Award?> FindPublicAsync(string id, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } award && AwardStatus.IsPublic(award.Status) ? award : null;

    public async Task<JsonObject> StatusListAsync(CancellationToken cancellationToken) =>
        (await SignedStatusListAsync(cancellationToken)).Credential;

    /// <summary>The status list credential as of now, and its VC-JWT (null when this site has no key to sign with).</summary>
    public async Task<SignedStatusList> SignedStatusListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var revoked = (await store.AllAsync(cancellationToken)).Where(a => a.Status == AwardStatus.Revoked && a.StatusIndex is not null).Select(a => a.StatusIndex!.Value);
        var credential = StatusList.Credential(revoked, site.Value, now);
        return new(credential, signer.CanSign ? signer.Sign(OpenBadgeCredentials.JwtPayload(credential, now)) : null);
    }

    /// <summary>
    /// Checks an award as a verifier would: the stored JWT is signed by CEM's key, its claims are the credential's,
    /// and the award is not revoked.
    /// </summary>
    public AwardVerification Verify(Award award)
    {
        ArgumentNullException.ThrowIfNull(award);
        var check = signer.Check(award.Jwt);
        var problems = new List<string>();
        if (!check.SignatureValid)
        {
            problems.Add(check.Problem ?? "The signature does not verify.");
        }

        var vc = check.Payload?["vc"] as JsonObject;
        var claimsMatch = vc is not null
            && (string?)check.Payload!["jti"] == (string?)vc["id"] && (string?)vc["id"] == site.Value.Link(OpenBadgeCredentials.PagePath(award.Id)).AbsoluteUri
            && (string?)check.Payload["iss"] == (string?)vc["issuer"]?["id"]
            && (string?)check.Payload["sub"] == (string?)vc["credentialSubject"]?["id"]
            && award.Credential is not null && JsonNode.DeepEquals(vc, JsonNode.Parse(award.Credential));
        if (check.SignatureValid && !claimsMatch)
        {
            problems.Add("The signed claims are not this award's credential.");
        }

        var current = award.Status == AwardStatus.Issued;
        if (!current)
        {
            problems.Add("CEM revoked this award.");
        }

        return new(check.SignatureValid && claimsMatch, current, check.SignatureValid && claimsMatch && current, problems);
    }
}

/// <summary>The revocation list as a credential, and signed as a VC-JWT when the site has a signing key.</summary>
public sealed record SignedStatusList(JsonObject Credential, string? Jwt);

/// <summary>Whether an award's credential verifies (signature and claims), whether it is current (not revoked), and why not.</summary>
public sealed record AwardVerification(bool Verifies, bool Current, bool Valid, IReadOnlyList<string> Problems);
