using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cem.Core.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Email: templates, the sender chosen by configuration (SendGrid when
    /// <c>Cem:Email:SendGridApiKey</c> is set, otherwise the local outbox), the outbox reader and
    /// <see cref="IMailer"/>. <see cref="IMailer"/> needs <c>CemStorage</c>, registered by <c>AddCem</c>.
    /// </summary>
    public static IServiceCollection AddCemEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EmailTemplates>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<OutboxEmailSender>();
        services.AddSingleton<SendGridResilience>();

        // Handlers run outermost first: retries around a timeout for each try. The HttpClient's own
        // timeout is off; the per-try timeout and the retry count bound a call.
        services.AddHttpClient<SendGridEmailSender>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddPolicyHandler((sp, _) => sp.GetRequiredService<SendGridResilience>().Retry)
            .AddPolicyHandler((sp, _) => sp.GetRequiredService<SendGridResilience>().AttemptTimeout);

        // Chosen when resolved, so options configured after this call (tests, the local host) count.
        services.AddTransient<IEmailSender>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<EmailOptions>>().Value.SendGridApiKey)
                ? sp.GetRequiredService<OutboxEmailSender>()
                : sp.GetRequiredService<SendGridEmailSender>());

        services.AddTransient<IMailer, Mailer>();
        return services;
    }
}
