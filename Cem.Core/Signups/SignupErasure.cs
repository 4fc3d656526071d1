using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Sessions;
using Cem.Core.Staff;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Signups;

/// <summary>
/// "Delete my data", from the footer of any email about a sign-up. The POST removes the contact's name, title, address
/// and phone in one transaction with its used-link and audit rows; then (idempotent, repeated by pressing again) the
/// address locks, its place in the address's count of unconfirmed sign-ups, the mailer's records and the contact's sessions go. A sign-up not approved is deleted entirely. An
/// approved one keeps its public listing (organization, jurisdiction, activities) unless the contact chooses
/// <see cref="WithdrawChoice"/>: then it is deleted entirely too and staff are told by email.
/// </summary>
public sealed class SignupErasure(LinkKit kit, IOptions<CemOptions> options, CemStorage storage, SignupStore store, UnconfirmedSignups unconfirmed, SentEmailRecords records, SessionErasure sessions, IEnumerable<ISignupDataHolder> holders, StaffDirectory staff, IMailer mailer, ILogger<SignupErasure> logger)
    : LinkAction<Signup>(kit)
{
    public const string Kind = "signup";
    public const string ErasePurpose = "signup-erase";
    public const string Page = "/delete-my-data/signup";

    /// <summary>The posted <c>choice</c> that also withdraws an approved listing.</summary>
    public const string WithdrawChoice = "withdraw";

    /// <summary>How long a link lasts: long enough for an email read weeks later.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(60);

    public override string Purpose => ErasePurpose;
    public override string PagePath => Page;
    public override string Title => "Delete my data";
    public override string DoneTitle => "Your data is deleted";
    public override string SubjectNoun => "sign-up";
    public override string IdField => "signupId";

    protected override ILinkActor Actor => SubjectContact.Contact;
    protected override TimeSpan? Lifetime => LinkLifetime;
    protected override TableClient Table { get; } = storage.Table(StorageNames.SignupsTable);

    /// <summary>What an email about <paramref name="signup"/> declares, so its footer carries this link.</summary>
    public static DataSubject SubjectOf(Signup signup)
    {
        ArgumentNullException.ThrowIfNull(signup);
        return new DataSubject(Kind, signup.Id.ToString());
    }

    public override string IdOf(Signup subject) => subject.Id.ToString();

    public override string StatusOf(Signup subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey) =>
        SignupId.TryLocate(subjectId, out partitionKey, out rowKey);

    protected override LinkVerdict Judge(Signup subject) => subject switch
    {
        { ErasedAt: not null } => LinkVerdict.AlreadyDone("Your details have already been deleted."),
        { Status: SignupStatus.Approved } => LinkVerdict.Ready(
            $"This deletes your name, title, email address and phone from the sign-up of {subject.OrganizationName} for {subject.Jurisdiction.Name}. " +
            $"The public listing of {subject.Jurisdiction.Name} (organization and activities) stays unless you also withdraw it; CEM staff are then told."),
        _ => LinkVerdict.Ready(
            $"This deletes the sign-up of {subject.OrganizationName} for {subject.Jurisdiction.Name} entirely, with your name, title, email address and phone."),
    };

    protected override LinkTransition Apply(Signup subject, LinkInput input, DateTimeOffset now)
    {
        var withdraw = subject.Status == SignupStatus.Approved && input.Choice == WithdrawChoice;
        var keepsListing = subject.Status == SignupStatus.Approved && !withdraw;
        subject.ErasedEmail = subject.Email;
        subject.ErasedAt = now;
        subject.ContactName = "";
        subject.ContactTitle = "";
        subject.Email = "";
        subject.Phone = null;
        subject.RejectionReason = null;
        if (keepsListing)
        {
            return new("contact-deleted", $"Your details are deleted. {subject.Jurisdiction.Name} stays listed; CEM no longer holds your name or email address for it.");
        }

        subject.Status = withdraw ? SignupStatus.Withdrawn : SignupStatus.Erased;
        return withdraw
            ? new("withdrawn", $"Your details are deleted and {subject.Jurisdiction.Name} is no longer listed. CEM staff have been told.")
            : new("deleted", "The sign-up and your details are deleted.");
    }

    protected override async Task AfterAsync(Signup subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (subject.ErasedAt is null)
        {
            return;
        }

        if (subject.ErasedEmail is { } address)
        {
            // Only the run that erased knows the address: should it fail here, the sessions and sign-in requests expire
            // and the clean-up deletes them.
            await sessions.ForgetAsync(address, cancellationToken);
            await unconfirmed.ReleaseAsync(address, subject.Id, cancellationToken);
        }

        await store.DeleteLocksOfAsync(subject, cancellationToken);
        foreach (var holder in holders)
        {
            await holder.ForgetAsync(subject, cancellationToken);
        }

        // Every round of the sign-up's emails (signup/{id}, …/resend-{n}) and every press kit email (presskit/{id}/…).
        await records.ForgetAllUnderAsync("signup/" + subject.Id, cancellationToken);
        await records.ForgetAllUnderAsync($"presskit/{subject.Id}/", cancellationToken);

        if (subject.Status == SignupStatus.Withdrawn)
        {
            foreach (var staffAddress in staff.Addresses)
            {
                await mailer.SendOnceAsync($"signup/{subject.Id}/withdrawn", staffAddress, new SignupWithdrawnEmail(subject.Jurisdiction.Name, subject.OrganizationName, options.Value.Link("/staff")), cancellationToken);
            }
        }

        if (subject.Status is SignupStatus.Erased or SignupStatus.Withdrawn && await store.FindAsync(subject.Id, cancellationToken) is { } stored)
        {
            await store.DeleteAsync(stored, cancellationToken);
        }

        logger.LogInformation("Sign-up {SignupId}: the contact's data is deleted ({Status})", subject.Id, subject.Status);
    }
}

/// <summary>
/// A feature above sign-ups that keeps something of a sign-up's contact (press kits quote the name): it forgets it when
/// the contact deletes their details. Safe to repeat.
/// </summary>
public interface ISignupDataHolder
{
    Task ForgetAsync(Signup signup, CancellationToken cancellationToken);
}

/// <summary>Issues the "delete my data" links of sign-ups for the mailer (<see cref="SignupErasure"/>'s, without holding the action and so the mailer it uses).</summary>
public sealed class SignupDeletionLinks(LinkKit kit) : IDataDeletionLinks
{
    public string Kind => SignupErasure.Kind;

    public Uri LinkFor(string subjectId) =>
        kit.LinkFor(SignupErasure.ErasePurpose, SignupErasure.Page, subjectId, SubjectContact.Contact.IdFor(null), SignupErasure.LinkLifetime);
}
