using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>The rollup of the participation log and the reports.</summary>
    public static IServiceCollection AddCemMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StateMetricsStore>();
        services.AddSingleton<MetricsRollup>();
        services.AddSingleton<MetricsReports>();
        services.AddSingleton<EditionRecognition>();
        return services;
    }
}
