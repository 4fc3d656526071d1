using Cem.Core.Storage;

namespace Cem.Core.Programs;

/// <summary>A step of a district's join for the queue-triggered function: ids and the step, never personal data.</summary>
public sealed record DistrictMessage(string Kind, string DistrictId, string JoinId) : Email.RetriedMessage;

/// <summary>
/// The messages of a district's steps, each committed with the change that sends it (<see cref="MessageOutbox"/>), all
/// on one queue: the handler (<see cref="DistrictEmails"/>) sends the step's emails once, and only while the district
/// is still in that step of that round.
/// </summary>
public static class DistrictQueues
{
    public const string Requested = "requested";
    public const string Confirmed = "confirmed";
    public const string Approved = "approved";
    public const string Left = "left";
    public const string ContactDeleted = "contact-deleted";

    public static PendingMessage Message(string kind, District district)
    {
        ArgumentNullException.ThrowIfNull(district);
        return new(StorageNames.DistrictChangedQueue, new DistrictMessage(kind, district.Id, district.JoinId));
    }
}
