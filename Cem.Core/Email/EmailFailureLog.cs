using System.Globalization;
using Azure.Data.Tables;
using Cem.Core.Storage;
using Cem.Core.Telemetry;

namespace Cem.Core.Email;

/// <summary>Why an email was not delivered, as recorded in <see cref="EmailFailureLog"/>.</summary>
public static class EmailFailureKinds
{
    /// <summary>SendGrid refused the request for good (400, 403, a rejected address): not retried.</summary>
    public const string Rejected = "rejected";

    /// <summary>Not sent: the address is suppressed after a bounce, drop or spam report.</summary>
    public const string Suppressed = "suppressed";

    /// <summary>Transient failures went on past <see cref="EmailOptions.RetryHorizon"/>; the message is in the poison queue.</summary>
    public const string GaveUp = "gave-up";

    /// <summary>SendGrid's Event Webhook reported a bounce, a drop or a spam report.</summary>
    public const string Bounce = "bounce";
    public const string Dropped = "dropped";
    public const string SpamReport = "spamreport";
}

/// <summary>One recorded failure: never an address, only its keyed hash.</summary>
public sealed record EmailFailure(string Kind, string? Template, string? DedupeKey, int? StatusCode, string Detail, string? AddressHash = null);

/// <summary>
/// Every email that did not reach its recipient and why, for staff to see: rows of the SentEmails table (the email
/// records) in partitions <c>!failures-yyyy-MM</c>, so a month reads with one partition query; RowKey = ULID of the
/// moment it was recorded. A sent-email partition is an escaped dedupe key, where <c>!</c> cannot occur.
/// Each failure is counted too: <see cref="CemMetrics.EmailsSuppressed"/> for a suppressed address,
/// <see cref="CemMetrics.EmailsFailed"/> (by kind) for the rest.
/// </summary>
public sealed class EmailFailureLog(CemStorage storage, CemMetrics metrics, TimeProvider time)
{
    private readonly TableClient table = storage.Table(StorageNames.SentEmailsTable);

    public async Task RecordAsync(EmailFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var now = time.GetUtcNow();
        await table.AddEntityAsync(
            new TableEntity(MonthOf(now), Ulid.NewUlid(now).ToString())
            {
                ["Kind"] = failure.Kind,
                ["Template"] = failure.Template,
                ["DedupeKey"] = failure.DedupeKey,
                ["StatusCode"] = failure.StatusCode,
                ["Detail"] = failure.Detail,
                ["AddressHash"] = failure.AddressHash,
                ["RecordedAt"] = now,
            },
            cancellationToken);
        if (failure.Kind == EmailFailureKinds.Suppressed)
        {
            metrics.EmailSuppressed(failure.Template ?? "unknown");
        }
        else
        {
            metrics.EmailFailed(failure.Template, failure.Kind);
        }
    }

    /// <summary>The failures recorded in the month of <paramref name="month"/>, oldest first.</summary>
    public async Task<IReadOnlyList<EmailFailure>> InMonthAsync(DateTimeOffset month, CancellationToken cancellationToken)
    {
        var failures = new List<EmailFailure>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == MonthOf(month), cancellationToken: cancellationToken))
        {
            failures.Add(new EmailFailure(
                row.GetString("Kind") ?? "",
                row.GetString("Template"),
                row.GetString("DedupeKey"),
                row.GetInt32("StatusCode"),
                row.GetString("Detail") ?? "",
                row.GetString("AddressHash")));
        }

        return failures;
    }

    private static string MonthOf(DateTimeOffset moment) => "!failures-" + moment.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
