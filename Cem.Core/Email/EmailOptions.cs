using System.ComponentModel.DataAnnotations;

namespace Cem.Core.Email;

public sealed class EmailOptions
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
}
