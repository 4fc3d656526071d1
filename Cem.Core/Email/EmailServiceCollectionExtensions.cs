using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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

        // Chooses per send (see ConfiguredEmailSender), so options configured after this call count
        // and singletons may hold it.
        services.AddSingleton<ConfiguredEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<ConfiguredEmailSender>());
        services.AddSingleton<AddressHashes>();
        services.AddSingleton<EmailSuppressions>();
        services.AddSingleton<EmailFailureLog>();
        services.AddSingleton<EmailRetries>();
        services.AddSingleton<EmailEventWebhook>();
        services.AddSingleton<IMailer, Mailer>();
        services.AddSingleton<SentEmailRecords>();
        return services;
    }
}
