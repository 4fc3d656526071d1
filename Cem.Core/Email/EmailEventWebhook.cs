using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Email;

/// <summary>What a webhook request's signature check found.</summary>
public enum WebhookCheck
{
    Verified,

    /// <summary>No signature or timestamp header.</summary>
    Unsigned,

    /// <summary>The signature does not match the timestamp and body (tampered, or signed with another key).</summary>
    Forged,

    /// <summary>Signed more than <see cref="EmailEventWebhook.MaxAge"/> away from now: a replay.</summary>
    Stale,

    /// <summary><see cref="EmailOptions.WebhookPublicKey"/> is not set: nothing can be verified.</summary>
    NotConfigured,
}

/// <summary>
/// SendGrid's Event Webhook: verifies its ECDSA signature (P-256, SHA-256, DER-encoded, over the timestamp header
/// followed by the raw body, with <see cref="EmailOptions.WebhookPublicKey"/>), then records bounces, drops and spam
/// reports in <see cref="EmailFailureLog"/> and suppresses those addresses (<see cref="EmailSuppressions"/>) until
/// staff clear them. Other events (delivered, open, click…) are ignored. Addresses are never logged or stored.
/// </summary>
public sealed class EmailEventWebhook(EmailSuppressions suppressions, EmailFailureLog failures, IOptions<EmailOptions> options, TimeProvider time, ILogger<EmailEventWebhook> logger)
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <summary>How far a signed timestamp may be from now (either way) before the request counts as a replay.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private static readonly Dictionary<string, string> Recorded = new(StringComparer.Ordinal)
    {
        ["bounce"] = EmailFailureKinds.Bounce,
        ["dropped"] = EmailFailureKinds.Dropped,
        ["spamreport"] = EmailFailureKinds.SpamReport,
    };

    public WebhookCheck Check(string? signature, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(options.Value.WebhookPublicKey))
        {
            return WebhookCheck.NotConfigured;
        }

        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp))
        {
            return WebhookCheck.Unsigned;
        }

        var signatureBytes = new byte[signature.Length];
        if (!Convert.TryFromBase64String(signature.Trim(), signatureBytes, out var signatureLength))
        {
            return WebhookCheck.Forged;
        }

        // The signature covers the timestamp exactly as sent, then the body byte for byte.
        var timestampBytes = Encoding.UTF8.GetBytes(timestamp);
        var payload = new byte[timestampBytes.Length + body.Length];
        timestampBytes.CopyTo(payload, 0);
        body.CopyTo(payload.AsSpan(timestampBytes.Length));

        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(options.Value.WebhookPublicKey.Trim()), out _);
        if (!key.VerifyData(payload, signatureBytes.AsSpan(0, signatureLength), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            return WebhookCheck.Forged;
        }

        // Checked after the signature, so an attacker learns nothing from the answer without a valid signature.
        return long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
               && seconds < 100_000_000_000
               && (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= MaxAge
            ? WebhookCheck.Verified
            : WebhookCheck.Stale;
    }

    /// <summary>Records the bounces, drops and spam reports of a verified batch (a JSON array of events).</summary>
    /// <returns>How many events suppressed an address.</returns>
    /// <exception cref="JsonException">The body is not a JSON array of objects.</exception>
    public async Task<int> RecordAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var batch = JsonDocument.Parse(body);
        if (batch.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The body must be a JSON array of events.");
        }

        var suppressed = 0;
        foreach (var item in batch.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("event", out var kindValue) || kindValue.ValueKind != JsonValueKind.String
                || !Recorded.TryGetValue(kindValue.GetString()!, out var kind)
                || !item.TryGetProperty("email", out var emailValue) || emailValue.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(emailValue.GetString()))
            {
                continue;
            }

            var address = emailValue.GetString()!;
            await suppressions.SuppressAsync(address, kind, cancellationToken);
            // SendGrid's reason can quote the address back; only the event's kind and type are kept.
            var type = item.TryGetProperty("type", out var typeValue) && typeValue.ValueKind == JsonValueKind.String ? typeValue.GetString() : null;
            await failures.RecordAsync(new EmailFailure(kind, null, null, null, type is null ? $"SendGrid reported {kind}." : $"SendGrid reported {kind} ({type}).", suppressions.HashOf(address)), cancellationToken);
            suppressed++;
        }

        logger.LogInformation("Email event webhook: {Count} events, {Suppressed} addresses suppressed", batch.RootElement.GetArrayLength(), suppressed);
        return suppressed;
    }
}
