namespace Cem.Core.PressKits;

/// <summary>
/// The values of <c>press-release.md</c>, <c>fact-sheet.html</c> and <c>README.txt</c>. Figures are numbers, so the
/// templates word the singular and the plural (<c>{% if participatingJurisdictions == 1 %}</c>).
/// </summary>
/// <param name="ActivitiesSentence">"It plans to issue a press release and add events to the CEM calendar."</param>
/// <param name="Activities">The activities chosen, by name; empty when none.</param>
/// <param name="CemDates">"October 1–31, 2026" (<see cref="PressKitContent.DateRange"/>).</param>
/// <param name="NationalParticipants">Approved sign-ups nationwide, this one included.</param>
/// <param name="ParticipatingJurisdictions">States and jurisdictions with an approved sign-up, this one included.</param>
/// <param name="StateOrganizations">Every approved organization of this state, in order.</param>
/// <param name="CreatedOn">When the kit was compiled: a stamp, not data (<see cref="PressKitContent.InputHash"/>).</param>
/// <param name="Version">The kit's version: a stamp, set by <see cref="PressKitContent.WithVersion"/>.</param>
public sealed record PressKitModel(
    string JurisdictionName,
    string OrganizationName,
    string ContactName,
    string ContactTitle,
    string ActivitiesSentence,
    IReadOnlyList<string> Activities,
    string CemYear,
    string CemDates,
    string ConfirmedOn,
    int NationalParticipants,
    int ParticipatingJurisdictions,
    IReadOnlyList<string> StateOrganizations,
    string CreatedOn,
    int Version);

/// <summary>The values of <c>press-release.html</c>: the release as blocks, which the page loops over.</summary>
public sealed record PressReleasePageModel(string Headline, IReadOnlyList<PressReleaseBlock> Blocks);

/// <summary>One block of the release: a paragraph of <c>press-release.md</c>, or its <c># </c> headline or <c>## </c> subheadline.</summary>
public sealed record PressReleaseBlock(PressReleaseBlockKind Kind, string Text);

public enum PressReleaseBlockKind
{
    Headline,
    Subheadline,
    Paragraph,
}
