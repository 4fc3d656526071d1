using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace Cem.Core.Email;

public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Cem:Email";

    /// <summary>When set, email goes through SendGrid; when empty, to the local outbox.</summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>SendGrid's API root; tests point it at a local recording server.</summary>
    [Required] public Uri SendGridBaseUrl { get; set; } = new("https://api.sendgrid.com");

    [Required, EmailAddress] public string FromAddress { get; set; } = "cem@example.org";

    [Required] public string FromName { get; set; } = "Connected Educator Month";

    /// <summary>Folder for .eml files when no SendGrid key is set; a relative path resolves against the current directory (the DevHost passes a full path).</summary>
    [Required] public string OutboxPath { get; set; } = ".local/outbox";

    /// <summary>Per-try timeout for a SendGrid call.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first try (429, 5xx, timeouts) before the failure goes back to the queue.</summary>
    [Range(0, 10)] public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; later ones grow exponentially with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest single wait after a 429, whatever X-RateLimit-Reset / Retry-After asks for; a longer
    /// announced wait is cut to this, and when the retries run out the message goes back to the queue.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an email that fails for a transient reason (SendGrid down, rate-limited, unreachable) keeps being
    /// retried, counted from its first failure. Each retry re-enqueues the message with a growing delay, so no
    /// worker waits meanwhile; past the horizon the message goes to the poison queue and the failure is recorded.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "6.00:00:00")]
    public TimeSpan RetryHorizon { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The delay before the first re-enqueued retry; later ones double (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>SendGrid's Event Webhook verification key: base64 DER (SubjectPublicKeyInfo) of a P-256 public key. Empty: the webhook refuses every request.</summary>
    public string? WebhookPublicKey { get; set; }

    /// <summary>Base64 key (≥ 32 bytes) for the keyed hashes of suppressed addresses; empty derives one from <c>Cem:Links:CurrentKey</c>.</summary>
    public string? AddressHashKey { get; set; }

    /// <summary>
    /// The longest one send can take with all its in-process retries: every try timing out, and every wait between
    /// tries as long as the longest allowed (a rate-limit wait or the last backoff).
    /// </summary>
    public TimeSpan LongestSend =>
        (AttemptTimeout * (MaxRetries + 1))
        + (MaxRetries == 0 ? TimeSpan.Zero : Max(MaxRateLimitWait, BaseDelay * Math.Pow(2, MaxRetries - 1)) * MaxRetries);

    /// <summary>
    /// How long a claim in SentEmails protects a send in progress: the longest send, and five seconds for clocks that
    /// differ between workers (the claim carries the claiming worker's time). A claim older than this was left by a
    /// crashed worker and may be taken over without sending twice.
    /// </summary>
    public TimeSpan ClaimLease => LongestSend + TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new($"{Section}:{nameof(MaxRetryDelay)} ({MaxRetryDelay}) is shorter than {nameof(FirstRetryDelay)} ({FirstRetryDelay}).", [nameof(MaxRetryDelay)]);
        }

        // A claim left by a crashed worker must expire while retries still come, or that email is never sent.
        if (ClaimLease >= RetryHorizon)
        {
            yield return new(
                $"{Section}:{nameof(RetryHorizon)} ({RetryHorizon}) must be longer than the claim lease ({ClaimLease}: the longest send, {LongestSend}, from " +
                $"{nameof(AttemptTimeout)}, {nameof(MaxRetries)}, {nameof(BaseDelay)} and {nameof(MaxRateLimitWait)}, plus five seconds).",
                [nameof(RetryHorizon)]);
        }

        if (!string.IsNullOrWhiteSpace(WebhookPublicKey) && WebhookKeyProblem(WebhookPublicKey) is { } problem)
        {
            yield return new($"{Section}:{nameof(WebhookPublicKey)} {problem}", [nameof(WebhookPublicKey)]);
        }

        if (!string.IsNullOrEmpty(AddressHashKey) && !(TryBase64(AddressHashKey) is { Length: >= 32 }))
        {
            yield return new($"{Section}:{nameof(AddressHashKey)} must be base64 of at least 32 bytes.", [nameof(AddressHashKey)]);
        }
    }

    private static string? WebhookKeyProblem(string key)
    {
        if (TryBase64(key) is not { } der)
        {
            return "is not base64.";
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(der, out _);
            return ecdsa.KeySize == 256 ? null : $"is a {ecdsa.KeySize}-bit key; SendGrid signs with P-256.";
        }
        catch (CryptographicException)
        {
            return "is not a DER-encoded EC public key (SendGrid's \"Verification Key\").";
        }
    }

    private static byte[]? TryBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) ? buffer[..written] : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
