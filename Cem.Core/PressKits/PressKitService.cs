using System.Globalization;
using Cem.Core.Editions;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Core.Templating;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.PressKits;

/// <summary>A download link's answer: the zip to stream, or why not.</summary>
public sealed record PressKitDownload(LinkCheck Link, Stream? Content, string? FileName);

/// <summary>
/// Compiles a state's kit, stores it as a new version when its data changed, and emails the contact a signed,
/// expiring download link.
/// </summary>
/// <remarks>
/// Idempotent: the version is keyed by the hash of the kit's inputs (<see cref="PressKitContent.InputHash"/>), so
/// the same data reuses the newest version (no new blob) and the email is sent once per (version, request).
/// A refresh asked for with unchanged data therefore mails a fresh link to the existing version.
/// </remarks>
public sealed class PressKitService(
    SignupStore signups,
    PublicList publicList,
    PressKitStore kits,
    PressKitBuilder builder,
    PressKitRequestLink requestLink,
    IMailer mailer,
    ParticipationLog participation,
    SignedLinks links,
    IOptions<PressKitOptions> kitOptions,
    EditionStore editions,
    IProgramFacts programFacts,
    IOptions<CemOptions> options,
    TimeProvider time,
    ILogger<PressKitService> logger)
{
    public const string DownloadPurpose = "press-kit-download";

    /// <summary>
    /// The figures: concurrent compiles share one read of the public list (<see cref="SharedRead{T}"/>), and that read
    /// is one point read of the list's version while the list is unchanged (<see cref="PublicList.ReadCurrentAsync"/>).
    /// </summary>
    private readonly SharedRead<IReadOnlyList<ListedSignup>> approvedSignups = new(() => publicList.ReadCurrentAsync(CancellationToken.None));
    public static readonly TimeSpan DownloadLinkLifetime = TimeSpan.FromDays(7);

    /// <summary>Handles a queued request: compile (or reuse) the kit and email the link once.</summary>
    /// <exception cref="TemplateException">A template cannot be filled; no kit is stored and the message is retried, then poisoned.</exception>
    public async Task HandleAsync(PressKitMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.SignupId.Length == 0 && message.Jurisdiction is { Length: > 0 } code)
        {
            // A state's kits (PressKitRequests.ProgramChanged), one by one: a redelivery reuses each version and its email.
            foreach (var approved in await signups.ApprovedInAsync(code, cancellationToken))
            {
                await HandleAsync(message with { SignupId = approved.Id.ToString(), Jurisdiction = null }, cancellationToken);
            }

            return;
        }

        if (!SignupId.TryParse(message.SignupId, out var id))
        {
            throw new FormatException("The press kit request does not carry a sign-up id.");
        }

        var signup = await signups.FindAsync(id, cancellationToken);
        if (signup is null || signup.Status != SignupStatus.Approved || signup.ErasedAt is not null)
        {
            logger.LogInformation("Sign-up {SignupId} gets no press kit (gone, not approved or no contact left)", id);
            return;
        }

        var (version, _) = await CompileAsync(signup, cancellationToken);
        await participation.RecordOnceAsync(id.Jurisdiction, ParticipationKinds.PressKitCompiled, $"{id}/v{version.Version.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        await mailer.SendOnceAsync(
            $"presskit/{id}/v{version.Version.ToString(CultureInfo.InvariantCulture)}/{message.RequestId}",
            signup.Email,
            new PressKitReadyEmail(
                ContactName: signup.ContactName,
                JurisdictionName: signup.Jurisdiction.Name,
                OrganizationName: signup.OrganizationName,
                Version: version.Version,
                DownloadUrl: DownloadLinkFor(version),
                ExpiresOn: Dates.Long(time.GetUtcNow() + DownloadLinkLifetime),
                RequestUrl: requestLink.LinkFor(id),
                DataSubject: SignupErasure.SubjectOf(signup)),
            cancellationToken);
    }

    /// <summary>The newest kit when its inputs are unchanged, otherwise a new version.</summary>
    public async Task<(PressKitVersion Version, bool Created)> CompileAsync(Signup signup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signup);
        // The reads do not depend on each other: asked together, they cost one round trip of waiting.
        var listed = approvedSignups.ReadAsync(cancellationToken);
        var newest = kits.NewestKnownAsync(signup.Id, cancellationToken);
        var edition = await CurrentEditionAsync(cancellationToken);
        var program = programFacts.ForAsync(edition.Year, signup.PartitionKey, cancellationToken);
        await Task.WhenAll(listed, newest, program);
        var approved = await listed;
        var cemDates = kitOptions.Value.DatesFor(edition);
        var facts = await program;
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var content = PressKitContent.For(signup, approved, cemDates, builder.Templates.Fingerprint, now, facts);
            var latest = attempt == 0 ? await newest : await kits.LatestAsync(signup.Id, cancellationToken);
            if (latest is not null && latest.InputHash == content.InputHash)
            {
                logger.LogInformation("Press kit for {SignupId} is unchanged; version {Version} stands", signup.Id, latest.Version);
                return (latest, false);
            }

            var number = (latest?.Version ?? 0) + 1;
            byte[] zip;
            try
            {
                zip = builder.Build(content.WithVersion(number), now);
            }
            catch (TemplateException e)
            {
                logger.LogError(e, "Press kit for {SignupId} not compiled: template {Template} cannot be filled (placeholder {Placeholder})", signup.Id, e.Template, e.Placeholder);
                throw;
            }

            var (created, version) = await kits.TryAddAsync(signup.Id, number, content.InputHash, zip, now, cancellationToken);
            if (created)
            {
                logger.LogInformation("Press kit for {SignupId} stored as version {Version} ({Size} bytes)", signup.Id, number, zip.Length);
                return (version, true);
            }

            if (attempt >= 3)
            {
                throw new InvalidOperationException($"Press kit version {number} of {signup.Id} was written concurrently; try again.");
            }

            // Another worker stored this version first: read again, and reuse it when it holds the same data.
        }
    }

    /// <summary>How long a compile reuses the current edition it read: an edition edited in the console reaches kits within this.</summary>
    public static readonly TimeSpan EditionReuse = TimeSpan.FromMinutes(1);

    private volatile ReadEdition? edition;

    /// <summary>
    /// The current edition, read at most once a minute: finding it costs a point read (the editions' version), which
    /// every kit of a batch would otherwise make on its own.
    /// </summary>
    private async Task<Edition> CurrentEditionAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (edition is { } known && now - known.ReadAt < EditionReuse && now >= known.ReadAt)
        {
            return known.Edition;
        }

        var current = await editions.CurrentAsync(cancellationToken);
        edition = new ReadEdition(current, now);
        return current;
    }

    private sealed record ReadEdition(Edition Edition, DateTimeOffset ReadAt);

    public Uri DownloadLinkFor(PressKitVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var token = links.Issue(DownloadPurpose, $"{version.SignupId}/v{version.Version.ToString(CultureInfo.InvariantCulture)}", "contact", DownloadLinkLifetime);
        return options.Value.Link("/api/press-kits/download?token=" + Uri.EscapeDataString(token));
    }

    /// <summary>Checks a download link and opens its kit. Downloading changes nothing, so a GET may do it.</summary>
    public async Task<PressKitDownload> OpenDownloadAsync(string? token, CancellationToken cancellationToken)
    {
        var link = links.Check(token, DownloadPurpose);
        if (!link.IsValid)
        {
            return new(link, null, null);
        }

        var subject = link.Claims!.Subject.Split("/v");
        if (subject.Length != 2 || !SignupId.TryParse(subject[0], out var id)
            || !int.TryParse(subject[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return new(new LinkCheck(LinkStatus.Tampered, null), null, null);
        }

        var content = await kits.OpenReadAsync(id.ToString(), version, cancellationToken);
        if (content is not null)
        {
            await participation.RecordAsync(id.Jurisdiction, ParticipationKinds.PressKitDownloaded, link.Claims.Subject, cancellationToken);
        }

        return new(link, content, $"cem-press-kit-{id.Jurisdiction.ToLowerInvariant()}-v{version.ToString(CultureInfo.InvariantCulture)}.zip");
    }

    /// <summary>Every kit of a jurisdiction (for staff): versions, sizes, dates; no personal data.</summary>
    public Task<IReadOnlyList<PressKitVersion>> ListAsync(string jurisdiction, CancellationToken cancellationToken) =>
        kits.ListAsync(jurisdiction, cancellationToken);
}
