using System.Text.Json;
using Cem.Core.Programs;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Programs;

/// <summary>What the <c>district-changed</c> function does, for tests on a <see cref="CoreHarness"/> (which runs no queue triggers).</summary>
internal static class DistrictTesting
{
    /// <summary>Takes every message off the queue and hands each to <see cref="DistrictEmails"/>, as the function does; returns how many.</summary>
    public static async Task<int> HandleDistrictMessagesAsync(this CoreHarness harness)
    {
        var queue = harness.Storage.Queue(StorageNames.DistrictChangedQueue);
        var handled = 0;
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                var body = JsonSerializer.Deserialize<DistrictMessage>(message.Body.ToString(), JsonSerializerOptions.Web)!;
                await harness.Get<DistrictEmails>().SendAsync(body, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled++;
            }
        }

        return handled;
    }
}
