using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Cem.Core.Calendar;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Reminders;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Reminders;

/// <summary>Event reminders on a <see cref="CoreHarness"/>: ask, confirm by the emailed link, and play the queues.</summary>
internal static partial class EventReminderTesting
{
    public static EventReminders EventReminders(this CoreHarness harness) => harness.Get<EventReminders>();

    public static Task<SubscribeResult> SubscribeAsync(this CoreHarness harness, CalendarEvent calendarEvent, string email, string client = "203.0.113.7") =>
        harness.EventReminders().SubscribeAsync(calendarEvent.Id.ToString(), email, client, CancellationToken.None);

    /// <summary>Asks, delivers the confirmation email and presses its button.</summary>
    public static async Task ConfirmedSubscriberAsync(this CoreHarness harness, CalendarEvent calendarEvent, string email)
    {
        Assert.Equal(SubscribeOutcome.Accepted, (await harness.SubscribeAsync(calendarEvent, email)).Outcome);
        await harness.DeliverAsync();
        var token = TokenIn(harness.To(email).Last(m => m.Subject.StartsWith("Confirm your reminders", StringComparison.Ordinal)), "/reminders/confirm");
        var confirmed = await harness.Get<ReminderConfirmation>().ActAsync(token, LinkInput.None, CancellationToken.None);
        Assert.Equal(LinkOutcome.Done, confirmed.Outcome);
    }

    public static List<EmailMessage> To(this CoreHarness harness, string email) => [.. harness.Sender.Sent.Where(m => m.To == email)];

    public static List<EmailMessage> Subjects(this CoreHarness harness, string email, string startsWith) =>
        [.. harness.To(email).Where(m => m.Subject.StartsWith(startsWith, StringComparison.Ordinal))];

    public static string TokenIn(EmailMessage email, string path)
    {
        var link = LinkPattern().Matches(email.Text).Select(m => m.Value).First(l => l.Contains(path + "?token=", StringComparison.Ordinal));
        return Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);
    }

    /// <summary>
    /// Plays the queue listener: hands every message of the reminders' two queues to its handler (each
    /// <paramref name="times"/> times, as a redelivery would) and deletes it, until both queues are empty.
    /// </summary>
    public static async Task DeliverAsync(this CoreHarness harness, int times = 1)
    {
        var reminders = harness.EventReminders();
        var storage = harness.Storage;
        while (true)
        {
            var handled = 0;
            foreach (var queue in new[] { StorageNames.EventChangedQueue, StorageNames.EventRemindersQueue })
            {
                var client = storage.Queue(queue);
                foreach (var message in (await client.ReceiveMessagesAsync(32)).Value)
                {
                    for (var i = 0; i < times; i++)
                    {
                        if (queue == StorageNames.EventChangedQueue)
                        {
                            await reminders.HandleChangeAsync(JsonSerializer.Deserialize<EventChangedMessage>(message.MessageText, JsonSerializerOptions.Web)!, CancellationToken.None);
                        }
                        else
                        {
                            await reminders.HandleAsync(JsonSerializer.Deserialize<EventReminderMessage>(message.MessageText, JsonSerializerOptions.Web)!, CancellationToken.None);
                        }
                    }

                    await client.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    handled++;
                }
            }

            if (handled == 0)
            {
                return;
            }
        }
    }

    public static async Task<List<TableEntity>> RowsAsync(this CoreHarness harness, string table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in harness.Storage.Table(table).QueryAsync<TableEntity>(r => r.PartitionKey == partition))
        {
            rows.Add(row);
        }

        return rows;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
