using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Storage;

namespace Cem.Core.Calendar;

/// <summary>An entry of an event's audit trail, beside it in its partition: <c>audit-{event ULID}-{ULID}</c>.</summary>
public sealed class EventAuditRecord : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
    public string Action { get; set; } = "";

    /// <summary>Who acted (a staff or contact address). Audit rows are never shown to the public.</summary>
    public string Actor { get; set; } = "";
    public int Sequence { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// The Events table. A partition holds one jurisdiction's events of one edition (<c>{year}-{code}</c>, <c>US</c> for
/// national ones), so a state's calendar is one partition query and a change and its audit row are one transaction.
/// </summary>
public sealed class EventStore(CemStorage storage, MessageOutbox outbox)
{
    private readonly TableClient table = storage.Table(StorageNames.EventsTable);

    public async Task<CalendarEvent?> FindAsync(EventId id, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<CalendarEvent>(id.PartitionKey, id.RowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Adds a new event and its audit row together, with the queue messages the addition sends (<see cref="MessageOutbox"/>).</summary>
    public Task AddAsync(CalendarEvent calendarEvent, EventAuditRecord audit, IReadOnlyCollection<PendingMessage> messages, CancellationToken cancellationToken) =>
        outbox.SubmitAsync(
            table,
            [new(TableTransactionActionType.Add, calendarEvent), new(TableTransactionActionType.Add, audit)],
            messages,
            cancellationToken);

    /// <summary>
    /// Replaces an event if it has not changed since it was read (its ETag), with its audit row and the queue messages
    /// the change sends; false when it had.
    /// </summary>
    public async Task<bool> TryReplaceAsync(CalendarEvent calendarEvent, EventAuditRecord audit, IReadOnlyCollection<PendingMessage> messages, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.SubmitAsync(
                table,
                [new(TableTransactionActionType.UpdateReplace, calendarEvent, calendarEvent.ETag), new(TableTransactionActionType.Add, audit)],
                messages,
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Every event of one jurisdiction's partition of an edition.</summary>
    public Task<List<CalendarEvent>> PartitionAsync(int year, string code, CancellationToken cancellationToken)
    {
        var partition = EventId.Partition(year, code);
        return QueryAsync($"PartitionKey eq '{partition}' and RowKey ge '{EventId.RowPrefix}' and RowKey lt 'evt.'", cancellationToken);
    }

    /// <summary>Every event (any status) a district of the jurisdiction submitted in an edition: one partition query.</summary>
    public Task<List<CalendarEvent>> HostedByAsync(int year, string code, string leaId, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter(
            $"PartitionKey eq {EventId.Partition(year, code)} and RowKey ge {EventId.RowPrefix} and RowKey lt {"evt."} and DistrictLeaId eq {leaId}"), cancellationToken);

    /// <summary>Every event of an edition: one range over its partitions (<c>{year}-AK</c> … <c>{year}-WY</c>).</summary>
    public Task<List<CalendarEvent>> EditionAsync(int year, CancellationToken cancellationToken)
    {
        var y = year.ToString(CultureInfo.InvariantCulture);
        return QueryAsync($"PartitionKey gt '{y}-' and PartitionKey lt '{y}.' and RowKey ge '{EventId.RowPrefix}' and RowKey lt 'evt.'", cancellationToken);
    }

    private async Task<List<CalendarEvent>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var events = new List<CalendarEvent>();
        await foreach (var row in table.QueryAsync<CalendarEvent>(filter, cancellationToken: cancellationToken))
        {
            events.Add(row);
        }

        return events;
    }
}
