using Cem.Core.Approvals;
using Cem.Core.Awards;
using Cem.Core.Calendar;
using Cem.Core.Clients;
using Cem.Core.Comments;
using Cem.Core.Editions;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.PressKits;
using Cem.Core.Programs;
using Cem.Core.Reminders;
using Cem.Core.Sessions;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Cem.Core.Storage;
using Cem.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cem.Core;

public static class CemServiceCollectionExtensions
{
    /// <summary>
    /// The one composition of the product: the Functions worker, the local host and the tests all
    /// call this, so what runs locally is what runs in Azure.
    /// </summary>
    public static IServiceCollection AddCem(this IServiceCollection services, IConfiguration configuration)
    {
        // The kernel: options, time, metrics, storage, email, signed links, staff, the participation log, clients, sessions, editions.
        services.AddOptions<CemOptions>().Bind(configuration.GetSection(CemOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<CemOptions>, SampleKeyCheck>(); // the sample keys only on localhost
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<CemMetrics>();
        services.AddSingleton(_ => StorageClients.Create(configuration));
        services.AddHostedService<StorageInitializer>();
        services.AddOptions<MessageOutboxOptions>().Bind(configuration.GetSection(MessageOutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MessageOutbox>();
        services.AddCemEmail(configuration);
        services.AddOptions<LinkOptions>().Bind(configuration.GetSection(LinkOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignedLinks>();
        services.AddSingleton<LinkKit>();
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<StaffActor>();
        services.AddSingleton<QueueReplays>();
        services.AddSingleton<ParticipationLog>();
        services.AddOptions<SecretOptions>().Bind(configuration.GetSection(SecretOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClientHashing>();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<NewLinkRequests>();
        services.AddCemSessions(configuration);
        services.AddCemEditions();

        // The features, each on the kernel and the features before it.
        services.AddCemSignups(configuration);
        services.AddCemMetrics(configuration);
        services.AddCemPressKits(configuration);
        services.AddCemApprovals();
        services.AddCemCalendar(configuration);
        services.AddCemPrograms(configuration);
        services.AddCemComments(configuration);
        services.AddCemReminders(configuration);
        services.AddCemAwards(configuration);
        return services;
    }
}
