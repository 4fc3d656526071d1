using Cem.Core.Participation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>The participation log, the rollup and the reports.</summary>
    public static IServiceCollection AddCemMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ParticipationLog>();
        services.AddSingleton<StateMetricsStore>();
        services.AddSingleton<MetricsRollup>();
        services.AddSingleton<MetricsReports>();
        return services;
    }
}
