using Cem.Core;
using Cem.Core.Awards;

namespace Cem.Functions.Awards;

/// <summary>The shapes of an award in answers: public (issued or revoked) and staff's (a proposal too).</summary>
public static class AwardJson
{
    public static object Public(Award award, CemOptions site)
    {
        ArgumentNullException.ThrowIfNull(award);
        ArgumentNullException.ThrowIfNull(site);
        var page = OpenBadgeCredentials.PagePath(award.Id);
        return new
        {
            id = award.Id,
            year = award.Year,
            level = award.Level,
            state = award.Code,
            name = award.SubjectName,
            subject = site.Link(OpenBadgeCredentials.SubjectPath(award)).AbsoluteUri,
            issuedAt = award.IssuedAt,
            revoked = award.Status == AwardStatus.Revoked,
            pageUrl = site.Link(page).AbsoluteUri,
            credentialUrl = site.Link(page + "/credential.json").AbsoluteUri,
            jwtUrl = site.Link(page + "/credential.jwt").AbsoluteUri,
            pngUrl = site.Link(page + "/badge.png").AbsoluteUri,
            svgUrl = site.Link(page + "/badge.svg").AbsoluteUri,
        };
    }

    public static object Staff(Award award, TimeSpan reviewWindow)
    {
        ArgumentNullException.ThrowIfNull(award);
        return new
        {
            id = award.Id,
            year = award.Year,
            level = award.Level,
            state = award.Code,
            name = award.SubjectName,
            status = award.Status,
            proposedAt = award.ProposedAt,
            issuableFrom = award.ProposedAt + reviewWindow,
            heldBy = award.HeldBy,
            holdReason = award.HoldReason,
            issuedAt = award.IssuedAt,
        };
    }
}
