using System.Net;
using System.Net.Http.Headers;
using Cem.Core.Email;

namespace Cem.Tests.Email;

public sealed class SendGridResilienceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 18, 15, 0, TimeSpan.Zero);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    private static HttpResponseMessage TooManyRequests() => new(HttpStatusCode.TooManyRequests);

    [Fact]
    public void X_ratelimit_reset_is_read_as_unix_seconds()
    {
        using var response = TooManyRequests();
        response.Headers.Add("X-RateLimit-Reset", Now.AddSeconds(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromSeconds(30), SendGridResilience.RateLimitDelay(response, Now, Max));
    }

    [Fact]
    public void Retry_after_in_seconds_is_honoured()
    {
        using var response = TooManyRequests();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), SendGridResilience.RateLimitDelay(response, Now, Max));
    }

    [Fact]
    public void Retry_after_as_an_http_date_is_honoured()
    {
        using var response = TooManyRequests();
        response.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(12).ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromSeconds(12), SendGridResilience.RateLimitDelay(response, Now, Max));
    }

    [Fact]
    public void A_rate_limit_wait_longer_than_the_maximum_is_capped()
    {
        using var response = TooManyRequests();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(2));

        Assert.Equal(Max, SendGridResilience.RateLimitDelay(response, Now, Max));
    }

    [Fact]
    public void A_reset_time_in_the_past_means_no_wait()
    {
        using var response = TooManyRequests();
        response.Headers.Add("X-RateLimit-Reset", Now.AddSeconds(-5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.Zero, SendGridResilience.RateLimitDelay(response, Now, Max));
    }

    [Fact]
    public void A_rate_limit_without_a_time_gives_no_delay_of_its_own()
    {
        using var response = TooManyRequests();

        Assert.Null(SendGridResilience.RateLimitDelay(response, Now, Max));
    }

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(3, 0.5, 3000)]
    public void Backoff_grows_exponentially_with_jitter_in_the_upper_half(int attempt, double jitter, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), SendGridResilience.Backoff(attempt, TimeSpan.FromSeconds(1), jitter));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    public void Only_timeouts_rate_limits_and_server_errors_are_transient(HttpStatusCode status, bool transient)
    {
        Assert.Equal(transient, SendGridResilience.IsTransient(status));
    }
}
