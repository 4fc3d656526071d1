namespace Cem.Core.Sessions;

/// <summary>Who a session belongs to and what they may do now.</summary>
/// <param name="States">Jurisdiction codes the address is the approved contact of.</param>
public sealed record SignedInUser(string Email, bool IsStaff, IReadOnlyList<string> States, DateTimeOffset ExpiresAt)
{
    public bool HasAnyRole => IsStaff || States.Count > 0;

    public bool IsContactOf(string code) => States.Contains(code, StringComparer.OrdinalIgnoreCase);
}
