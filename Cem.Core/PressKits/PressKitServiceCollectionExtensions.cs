using Cem.Core.Signups;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cem.Core.PressKits;

public static class PressKitServiceCollectionExtensions
{
    /// <summary>Press kits: options (<c>Cem:PressKits</c>), templates, the builder, blob storage, requests and the service.</summary>
    public static IServiceCollection AddCemPressKits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PressKitOptions>().Bind(configuration.GetSection(PressKitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<PressKitTemplates>();
        services.AddSingleton<PressKitBuilder>();
        services.AddSingleton<PressKitStore>();
        services.AddSingleton<ISignupDataHolder>(provider => provider.GetRequiredService<PressKitStore>());
        services.TryAddSingleton<IProgramFacts, NoProgramFacts>();
        services.AddSingleton<PressKitRequests>();
        services.AddSingleton<PressKitRequestLink>();
        services.AddSingleton<PressKitService>();
        return services;
    }
}
