using System.Collections.Concurrent;
using Cem.Core.Email;

namespace Cem.Tests.Infrastructure;

/// <summary>
/// Keeps each email instead of delivering it, so a test counts and reads what was sent. It can also fail the next
/// send as a provider outage would, or take a while on purpose so that concurrent sends overlap.
/// </summary>
public sealed class RecordingEmailSender : IEmailSender
{
    public ConcurrentQueue<EmailMessage> Sent { get; } = new();

    /// <summary>The next send throws a transient <see cref="EmailDeliveryException"/> (503) and records nothing.</summary>
    public bool FailNext { get; set; }

    /// <summary>The next send is refused for good (SendGrid's 400 for a rejected address) and records nothing.</summary>
    public bool RefuseNext { get; set; }

    /// <summary>How long each send takes; zero unless a test needs a slow provider.</summary>
    public TimeSpan Delay { get; set; }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        await Task.Delay(Delay, cancellationToken);
        if (FailNext)
        {
            FailNext = false;
            throw new EmailDeliveryException("Provider unavailable.", System.Net.HttpStatusCode.ServiceUnavailable, isPermanent: false);
        }

        if (RefuseNext)
        {
            RefuseNext = false;
            throw new EmailDeliveryException("Address rejected.", System.Net.HttpStatusCode.BadRequest, isPermanent: true);
        }

        Sent.Enqueue(message);
    }
}
