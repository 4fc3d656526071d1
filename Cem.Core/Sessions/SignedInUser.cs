namespace Cem.Core.Sessions;

/// <summary>Who a session belongs to and what they may do now.</summary>
/// <param name="States">Jurisdiction codes the address is the approved contact of.</param>
public sealed record SignedInUser(string Email, bool IsStaff, IReadOnlyList<string> States, DateTimeOffset ExpiresAt)
{
    /// <summary>The approved districts the address is the contact of.</summary>
    public IReadOnlyList<DistrictRole> Districts { get; init; } = [];

    public bool HasAnyRole => IsStaff || States.Count > 0 || Districts.Count > 0;

    public bool IsContactOf(string code) => States.Contains(code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The district of state <paramref name="code"/> with LEA ID <paramref name="leaId"/> when the address speaks for it; else null.</summary>
    public DistrictRole? DistrictOf(string code, string leaId) =>
        Districts.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase) && d.LeaId == leaId);
}
