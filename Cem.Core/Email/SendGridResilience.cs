using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Cem.Core.Email;

/// <summary>
/// The Polly policies around SendGrid calls, the only retry layer (the SendGrid client's own retries
/// are off). Outer: retry with exponential backoff and jitter on 5xx, 408, network errors and per-try
/// timeouts; on 429 wait as <c>X-RateLimit-Reset</c> (SendGrid, Unix seconds) or <c>Retry-After</c>
/// says, at most <see cref="EmailOptions.MaxRateLimitWait"/>. Inner: a timeout per try.
/// </summary>
public sealed class SendGridResilience
{
    private readonly EmailOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<SendGridResilience> logger;

    public SendGridResilience(IOptions<EmailOptions> options, TimeProvider time, ILogger<SendGridResilience> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.time = time;
        this.logger = logger;

        Retry = Policy<HttpResponseMessage>
            .Handle<HttpRequestException>()
            .Or<TimeoutRejectedException>()
            .OrResult(r => IsTransient(r.StatusCode))
            .WaitAndRetryAsync(
                this.options.MaxRetries,
                sleepDurationProvider: (attempt, outcome, _) => DelayFor(attempt, outcome.Result),
                onRetryAsync: (outcome, delay, attempt, _) =>
                {
                    this.logger.LogWarning(
                        "SendGrid attempt {Attempt} failed with {Outcome}; retrying in {Delay}",
                        attempt,
                        outcome.Result is { } response ? (int)response.StatusCode : outcome.Exception?.GetType().Name,
                        delay);

                    // The failed response is not handed to anyone else; release its connection.
                    outcome.Result?.Dispose();
                    return Task.CompletedTask;
                });

        AttemptTimeout = Policy.TimeoutAsync<HttpResponseMessage>(this.options.AttemptTimeout);
    }

    /// <summary>The outer policy: retries.</summary>
    public IAsyncPolicy<HttpResponseMessage> Retry { get; }

    /// <summary>The inner policy: a timeout for each try.</summary>
    public IAsyncPolicy<HttpResponseMessage> AttemptTimeout { get; }

    /// <summary>Statuses worth another try: 408, 429 and every 5xx.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>How long to wait before retry number <paramref name="attempt"/> (1-based) after <paramref name="response"/> (null after an exception).</summary>
    public TimeSpan DelayFor(int attempt, HttpResponseMessage? response) =>
        response?.StatusCode == HttpStatusCode.TooManyRequests
        && RateLimitDelay(response, time.GetUtcNow(), options.MaxRateLimitWait) is { } wait
            ? wait
            : Backoff(attempt, options.BaseDelay, Random.Shared.NextDouble());

    /// <summary>
    /// Exponential backoff with "equal jitter": half of <c>baseDelay × 2^(attempt−1)</c> plus a random
    /// share (<paramref name="jitter"/> in [0, 1)) of the other half, so clients that failed together
    /// do not retry together.
    /// </summary>
    public static TimeSpan Backoff(int attempt, TimeSpan baseDelay, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempt);
        var exponential = baseDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        return (exponential / 2) + (exponential / 2 * Math.Clamp(jitter, 0, 1));
    }

    /// <summary>
    /// The wait a 429 asks for: SendGrid's <c>X-RateLimit-Reset</c> (Unix epoch seconds when the limit
    /// resets), else <c>Retry-After</c> (seconds or an HTTP date); never negative, at most
    /// <paramref name="max"/>. Null when the response names no time.
    /// </summary>
    public static TimeSpan? RateLimitDelay(HttpResponseMessage response, DateTimeOffset now, TimeSpan max)
    {
        ArgumentNullException.ThrowIfNull(response);
        TimeSpan? wait = null;
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var resetSeconds))
        {
            wait = DateTimeOffset.FromUnixTimeSeconds(resetSeconds) - now;
        }
        else if (response.Headers.RetryAfter is { } retryAfter)
        {
            wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        }

        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w > max ? max : w) : null;
    }
}
