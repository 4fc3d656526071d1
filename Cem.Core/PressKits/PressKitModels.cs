namespace Cem.Core.PressKits;

/// <summary>
/// The values of <c>press-release.md</c>, <c>fact-sheet.html</c> and <c>README.txt</c>. Figures are numbers, so the
/// templates word the singular and the plural (<c>{% if participatingJurisdictions == 1 %}</c>).
/// </summary>
/// <param name="Dateline">"COLUMBUS, Ohio": the agency's city (the capital unless the sign-up gives another) and jurisdiction.</param>
/// <param name="ActivitiesSentence">"During the month, … will host events for Ohio educators on the CEM calendar." or empty.</param>
/// <param name="MediaContact">Name, title and organization; with email and phone only when the contact chose to publish them.</param>
/// <param name="Activities">The activities chosen, by name; empty when none.</param>
/// <param name="CemDates">"October 1–31, 2026" (<see cref="PressKitContent.DateRange"/>).</param>
/// <param name="NationalParticipants">Approved sign-ups nationwide, this one included.</param>
/// <param name="ParticipatingJurisdictions">States and jurisdictions with an approved sign-up, this one included.</param>
/// <param name="StateOrganizations">Every approved organization of this state, in order.</param>
/// <param name="ProgramPage">The address of the state's published CEM program (<c>/states/{code}/cem</c>), as text; empty without one.</param>
/// <param name="ProgramDistricts">Districts approved in that program (0 without one).</param>
/// <param name="HeadlineEvents">The program's first few upcoming events, with their dates; empty without a program.</param>
/// <param name="CreatedOn">When the kit was compiled: a stamp, not data (<see cref="PressKitContent.InputHash"/>).</param>
/// <param name="Version">The kit's version: a stamp, set by <see cref="PressKitContent.WithVersion"/>.</param>
public sealed record PressKitModel(
    string JurisdictionName,
    string OrganizationName,
    string ContactName,
    string ContactTitle,
    string Dateline,
    string MediaContact,
    string ActivitiesSentence,
    IReadOnlyList<string> Activities,
    string CemYear,
    string CemDates,
    string ConfirmedOn,
    int NationalParticipants,
    int ParticipatingJurisdictions,
    IReadOnlyList<string> StateOrganizations,
    string ProgramPage,
    int ProgramDistricts,
    IReadOnlyList<HeadlineEvent> HeadlineEvents,
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
