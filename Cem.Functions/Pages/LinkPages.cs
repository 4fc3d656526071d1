using Cem.Core.Approvals;
using Cem.Core.Jurisdictions;
using Cem.Core.Signups;
using Cem.Core.Text;
using static Cem.Functions.Pages.Html;

namespace Cem.Functions.Pages;

/// <summary>
/// The pages behind emailed links. Each shows what will happen and one button; only the button's
/// POST changes anything, because mail scanners follow links.
/// </summary>
public static class LinkPages
{
    public static string Confirm(Signup signup, string token) =>
        Layout("Confirm your email address", $"""
            <h1>Confirm your email address</h1>
            <p class="lead">You signed up <strong>{E(signup.OrganizationName)}</strong> for Connected Educator Month in <strong>{E(signup.Jurisdiction.Name)}</strong>.
            Confirm that this is your address and we will send your sign-up to CEM staff.</p>
            <form method="post" action="/api/signups/confirm">
            <input type="hidden" name="token" value="{E(token)}">
            <button type="submit">Confirm my email address</button>
            </form>
            """);

    public static string Decide(Signup signup, string token, Decision decision)
    {
        var approve = decision == Decision.Approve;
        var reason = approve ? "" : $"""
            <div class="field">
            <label for="reason">Reason (optional; it is sent to the signer)</label>
            <textarea id="reason" name="reason" rows="4" maxlength="{ApprovalService.MaxReasonLength}"></textarea>
            </div>
            """;
        return Layout(approve ? "Approve sign-up" : "Reject sign-up", $"""
            <h1>{(approve ? "Approve" : "Reject")} this sign-up?</h1>
            {Details(signup)}
            <form method="post" action="/api/signups/{(approve ? "approve" : "reject")}">
            <input type="hidden" name="token" value="{E(token)}">
            {reason}
            <button type="submit" class="{(approve ? "" : "danger")}">{(approve ? $"Approve {E(signup.Jurisdiction.Name)}" : "Reject sign-up")}</button>
            </form>
            """);
    }

    private static string Details(Signup signup) => $"""
        <dl class="details">
        <dt>Jurisdiction</dt><dd>{E(signup.Jurisdiction.Name)} ({E(signup.PartitionKey)})</dd>
        <dt>Organization</dt><dd>{E(signup.OrganizationName)}</dd>
        <dt>Type</dt><dd>{E(OrganizationTypes.All.GetValueOrDefault(signup.OrganizationType, signup.OrganizationType))}</dd>
        <dt>Contact</dt><dd>{E(signup.ContactName)}, {E(signup.ContactTitle)}</dd>
        <dt>Email</dt><dd>{E(signup.Email)}<br><small>{E(OfficialDomain.HintFor(signup.Email))}</small></dd>
        <dt>Phone</dt><dd>{E(signup.Phone ?? "(none given)")}</dd>
        <dt>Activities</dt><dd>{E(Activities.Describe(signup.ActivityList))}</dd>
        <dt>Submitted</dt><dd>{E(Dates.LongWithTime(signup.SubmittedAt))}</dd>
        </dl>
        """;
}
