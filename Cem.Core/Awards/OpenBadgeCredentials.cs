using System.Globalization;
using System.Text.Json.Nodes;
using Cem.Core.Editions;
using Cem.Core.Metrics;

namespace Cem.Core.Awards;

/// <summary>
/// An issued award as an Open Badges 3.0 <c>OpenBadgeCredential</c> on the W3C Verifiable Credentials data model 2.0,
/// and the claims of its VC-JWT. Every address in it is under <see cref="CemOptions.PublicBaseUrl"/>.
/// </summary>
public static class OpenBadgeCredentials
{
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";
    public const string ObContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
    public const string StatusListPath = "/status-lists/awards";

    public static string PagePath(string awardId) => "/badges/" + awardId;

    /// <summary>A level's criteria as its edition published them: <c>/badges?year=2027#champion</c>.</summary>
    public static string CriteriaPath(int year, string level) => string.Create(CultureInfo.InvariantCulture, $"/badges?year={year}#{level}");

    /// <summary>The subject's id: the state's public CEM page (its program once published, else its badges and events).</summary>
    public static string SubjectPath(string code) => $"/states/{code}/cem";

    /// <summary>The state's participation figures, the award's evidence.</summary>
    public static string DataPath(string code) => $"/states/{code}/data";

    /// <summary>The award's subject id: the state's CEM page, or for a district the district's entry on it.</summary>
    public static string SubjectPath(Award award)
    {
        ArgumentNullException.ThrowIfNull(award);
        return award.LeaId.Length == 0 ? SubjectPath(award.Code) : $"{SubjectPath(award.Code)}#district-{award.LeaId}";
    }

    /// <summary>The award's evidence: the state's participation figures, or the district's calendar feed of its events.</summary>
    public static string EvidencePath(Award award)
    {
        ArgumentNullException.ThrowIfNull(award);
        return award.LeaId.Length == 0 ? DataPath(award.Code) : $"/states/{award.Code}/districts/{award.LeaId}/cem.ics";
    }

    public static JsonObject Issuer(CemOptions site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new JsonObject
        {
            ["id"] = site.Link("/").AbsoluteUri,
            ["type"] = new JsonArray("Profile"),
            ["name"] = "Connected Educator Month",
            ["url"] = site.Link("/").AbsoluteUri,
        };
    }

    /// <param name="recognition">The thresholds of the award's edition (<see cref="Award.Year"/>), for its criteria narrative.</param>
    public static JsonObject Build(Award award, string evidenceNarrative, CemOptions site, RecognitionThresholds recognition)
    {
        ArgumentNullException.ThrowIfNull(award);
        ArgumentNullException.ThrowIfNull(site);
        var level = BadgeLevels.Of(award.Level, recognition);
        var listUrl = site.Link(StatusListPath).AbsoluteUri;
        return new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, ObContext),
            ["id"] = site.Link(PagePath(award.Id)).AbsoluteUri,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = $"{level.Name} {award.Year}: {award.SubjectName}",
            ["issuer"] = Issuer(site),
            ["validFrom"] = Timestamp(award.IssuedAt!.Value),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = site.Link(SubjectPath(award)).AbsoluteUri,
                ["type"] = new JsonArray("AchievementSubject"),
                ["achievement"] = new JsonObject
                {
                    ["id"] = site.Link("/badges#" + level.Level).AbsoluteUri,
                    ["type"] = new JsonArray("Achievement"),
                    ["name"] = level.Name,
                    ["description"] = level.Description,
                    ["criteria"] = new JsonObject { ["id"] = site.Link(CriteriaPath(award.Year, level.Level)).AbsoluteUri, ["narrative"] = level.Criteria },
                    ["image"] = new JsonObject { ["id"] = site.Link($"/badge-images/{level.Level}.png").AbsoluteUri, ["type"] = "Image", ["caption"] = level.Name },
                },
            },
            ["evidence"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = site.Link(EvidencePath(award)).AbsoluteUri,
                    ["type"] = new JsonArray("Evidence"),
                    ["name"] = award.LeaId.Length == 0 ? $"{award.SubjectName}'s participation in Connected Educator Month" : $"{award.SubjectName}'s events on the CEM calendar",
                    ["narrative"] = evidenceNarrative,
                },
                new JsonObject
                {
                    ["id"] = site.Link(SubjectPath(award.Code)).AbsoluteUri,
                    ["type"] = new JsonArray("Evidence"),
                    ["name"] = $"{(award.LeaId.Length == 0 ? award.SubjectName : Jurisdictions.Jurisdiction.Find(award.Code).Name)}'s CEM page: its program, events and badges",
                }),
            ["credentialStatus"] = new JsonObject
            {
                ["id"] = listUrl + "#" + award.StatusIndex!.Value.ToString(CultureInfo.InvariantCulture),
                ["type"] = "BitstringStatusListEntry",
                ["statusPurpose"] = "revocation",
                ["statusListIndex"] = award.StatusIndex!.Value.ToString(CultureInfo.InvariantCulture),
                ["statusListCredential"] = listUrl,
            },
        };
    }

    /// <summary>
    /// The VC-JWT claims of Open Badges 3.0: <c>iss</c> the issuer's id, <c>sub</c> the subject's id, <c>jti</c> the
    /// credential's id, <c>nbf</c> and <c>iat</c> its <c>validFrom</c>, and the credential itself as <c>vc</c>.
    /// </summary>
    public static JsonObject JwtPayload(JsonObject credential, DateTimeOffset validFrom)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var seconds = validFrom.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = (string?)credential["issuer"]!["id"],
            ["sub"] = (string?)credential["credentialSubject"]!["id"],
            ["jti"] = (string?)credential["id"],
            ["nbf"] = seconds,
            ["iat"] = seconds,
            ["vc"] = credential.DeepClone(),
        };
    }

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What the figures were at issue, on every measure of the recognition rules, for the credential's evidence.</summary>
    public static string EvidenceNarrative(StateFigures figures) => $"When the award was issued: {Recognition.Facts(figures)}.";

    /// <summary>A district's evidence: how many of its events were on the CEM calendar at issue.</summary>
    public static string DistrictEvidenceNarrative(int events) =>
        string.Create(CultureInfo.InvariantCulture, $"When the award was issued: events hosted on the CEM calendar: {events}.");
}
