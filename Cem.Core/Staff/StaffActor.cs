using Cem.Core.Links;

namespace Cem.Core.Staff;

/// <summary>A CEM staff member: a link names them by <see cref="StaffDirectory.IdOf"/> and stops working when their address leaves the list.</summary>
public sealed class StaffActor(StaffDirectory staff) : ILinkActor
{
    public string IdFor(string? address) =>
        staff.IdOf(address ?? throw new ArgumentNullException(nameof(address), "A staff link names its staff member."));

    public string? Resolve(string actorId) => staff.AddressOf(actorId);

    public string RefusalMessage => "This link was sent to an address that is no longer on the CEM staff list.";
}
