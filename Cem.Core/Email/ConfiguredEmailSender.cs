using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cem.Core.Email;

/// <summary>
/// The registered <see cref="IEmailSender"/>: on each send it takes SendGrid when
/// <see cref="EmailOptions.SendGridApiKey"/> is set, otherwise the local outbox.
/// </summary>
/// <remarks>
/// It resolves the real sender per send so that singletons (the Mailer, the sign-up and approval
/// services) can hold it: a typed <see cref="HttpClient"/> captured for the app's lifetime would
/// never get a fresh handler from <c>IHttpClientFactory</c> (and so never see DNS changes).
/// </remarks>
public sealed class ConfiguredEmailSender(IServiceProvider services, IOptions<EmailOptions> options) : IEmailSender
{
    /// <summary>The sender the configuration chooses now.</summary>
    public IEmailSender Resolve() =>
        string.IsNullOrWhiteSpace(options.Value.SendGridApiKey)
            ? services.GetRequiredService<OutboxEmailSender>()
            : services.GetRequiredService<SendGridEmailSender>();

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken) => Resolve().SendAsync(message, cancellationToken);
}
