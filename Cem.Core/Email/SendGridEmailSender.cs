using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using SendGrid;
using SendGrid.Helpers.Mail;
using SendGrid.Helpers.Reliability;

namespace Cem.Core.Email;

/// <summary>
/// Sends through SendGrid's v3 mail/send API. The <see cref="HttpClient"/> comes from
/// <c>IHttpClientFactory</c> with the <see cref="SendGridResilience"/> policies, so Polly is the one
/// retry layer. Any failure ends in <see cref="EmailDeliveryException"/>, which the queue function lets
/// propagate so the host retries the message.
/// </summary>
public sealed class SendGridEmailSender : IEmailSender
{
    private readonly SendGridClient client;
    private readonly EmailOptions options;
    private readonly ILogger<SendGridEmailSender> logger;

    public SendGridEmailSender(HttpClient httpClient, IOptions<EmailOptions> options, ILogger<SendGridEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        if (string.IsNullOrWhiteSpace(this.options.SendGridApiKey))
        {
            throw new InvalidOperationException($"{EmailOptions.Section}:{nameof(EmailOptions.SendGridApiKey)} is not set; email goes to the outbox instead.");
        }

        client = new SendGridClient(httpClient, new SendGridClientOptions
        {
            ApiKey = this.options.SendGridApiKey,
            Host = this.options.SendGridBaseUrl.ToString().TrimEnd('/'),
            // No retries in the SendGrid client: the Polly policies on the HttpClient retry.
            ReliabilitySettings = new ReliabilitySettings(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero),
        });
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = new SendGridMessage
        {
            From = new EmailAddress(options.FromAddress, options.FromName),
            Subject = message.Subject,
            PlainTextContent = message.Text,
            HtmlContent = message.Html,
        };
        mail.AddTo(new EmailAddress(message.To));

        // Links carry capability tokens: SendGrid must neither rewrite them through its click tracker (which would
        // see every token) nor add an open-tracking pixel.
        mail.SetClickTracking(enable: false, enableText: false);
        mail.SetOpenTracking(enable: false);

        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            throw new EmailDeliveryException($"SendGrid could not be reached after {options.MaxRetries + 1} tries ({ex.GetType().Name}).", statusCode: null, isPermanent: false, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            logger.LogInformation("SendGrid accepted an email ({StatusCode})", (int)response.StatusCode);
            return;
        }

        // The body may echo request fields, so neither it nor the recipient goes into logs or exceptions.
        var permanent = !SendGridResilience.IsTransient(response.StatusCode);
        logger.LogError("SendGrid refused an email with {StatusCode} (permanent: {Permanent})", (int)response.StatusCode, permanent);
        throw new EmailDeliveryException(
            permanent
                ? $"SendGrid refused the email with {(int)response.StatusCode} {response.StatusCode}; retrying will not help until the request or account is fixed."
                : $"SendGrid answered {(int)response.StatusCode} {response.StatusCode} after {options.MaxRetries + 1} tries.",
            response.StatusCode,
            permanent);
    }
}
