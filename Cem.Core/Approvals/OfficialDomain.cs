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

        // Federal and state .gov (ohio.gov, education.ohio.gov), state .us domains
        // (doe.k12.ga.us, state.oh.us) and K-12 domains anywhere (k12.wa.us, k12.or.us).
        return labels[^1] == "gov"
            || (labels[^1] == "us" && labels.Length >= 3 && Jurisdiction.TryFind(labels[^2], out _))
            || labels.Contains("k12");
    }

    public static string HintFor(string email) =>
        LooksOfficial(email)
            ? "The email address is on a state government or K-12 domain."
            : "The email address is not on a state government or K-12 domain; check the sign-up before approving.";
}
