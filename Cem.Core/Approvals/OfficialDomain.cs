using Cem.Core.Jurisdictions;

namespace Cem.Core.Approvals;

/// <summary>
/// Whether an email's domain looks like a state government or K-12 one. A hint for staff, never a
/// block: plenty of real agencies use other domains.
/// </summary>
public static class OfficialDomain
{
    public static bool LooksOfficial(string email)
    {
        var domain = email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        var labels = domain.Split('.');
        if (labels.Length < 2)
        {
            return false;
        }

        // Federal and state .gov (ohio.gov, education.ohio.gov) and the locality domains of a state under .us
        // (state.oh.us, doe.k12.ga.us, k12.wa.us). A "k12" label elsewhere (k12.example.com) proves nothing:
        // anyone can register it.
        return labels[^1] == "gov"
            || (labels[^1] == "us" && labels.Length >= 3 && Jurisdiction.TryFind(labels[^2], out _));
    }

    public static string HintFor(string email) =>
        LooksOfficial(email)
            ? "The email address is on a state government or K-12 domain."
            : "The email address is not on a state government or K-12 domain; check the sign-up before approving.";
}
