using Cem.Core.Approvals;
using Cem.Core.Comments;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Metrics;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Cem.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core;

public static class CemServiceCollectionExtensions
{
    /// <summary>
    /// The one composition of the product: the Functions worker, the local host and the tests all
    /// call this, so what runs locally is what runs in Azure.
    /// </summary>
    public static IServiceCollection AddCem(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CemOptions>().Bind(configuration.GetSection(CemOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StorageClients.Create(configuration));
        services.AddHostedService<StorageInitializer>();
        services.AddCemEmail(configuration);
        services.AddOptions<LinkOptions>().Bind(configuration.GetSection(LinkOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignedLinks>();

        // Signups and approvals
        services.AddSingleton<SignupStore>();
        services.AddSingleton<SignupQueues>();
        services.AddSingleton<SignupService>();
        services.AddSingleton<AddressConfirmation>();
        services.AddSingleton<SignupEmails>();
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<ApprovalService>();
        services.AddSingleton<ApprovalEmails>();
        services.AddCemMetrics(configuration);
        services.AddCemPressKits(configuration);

        services.AddCemComments(configuration);
        return services;
    }
}
