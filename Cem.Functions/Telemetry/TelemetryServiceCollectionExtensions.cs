using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.ApplicationInsights;

namespace Cem.Functions.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Application Insights for the worker, when <see cref="ConnectionStringSetting"/> is set (in Azure; the
    /// identity comes from <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>): the worker's own logs, dependencies
    /// and exceptions, with <see cref="SecretQueryRedactor"/> on every item, and the app's named metrics. Without
    /// the setting nothing is added. The host records requests itself (outside this pipeline).
    /// </summary>
    /// <returns>Whether telemetry was added.</returns>
    public static bool AddCemApplicationInsights(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            return false;
        }

        services.AddApplicationInsightsTelemetryWorkerService(options => options.ConnectionString = configuration[ConnectionStringSetting]);
        services.ConfigureFunctionsApplicationInsights();
        services.AddSingleton<ITelemetryInitializer, SecretQueryRedactor>();
        services.AddHostedService<ApplicationInsightsMetrics>();

        // The SDK sends only warnings by default; the app's Information logs are its record of what happened
        // ("Email … sent", "SendGrid accepted", which infra/smoke.sh looks for), so that rule goes. Framework and
        // SDK categories stay at Warning: their Information lines are volume, not signal.
        services.Configure<LoggerFilterOptions>(options =>
        {
            var sdkDefault = options.Rules.FirstOrDefault(rule => rule.ProviderName == typeof(ApplicationInsightsLoggerProvider).FullName && rule.CategoryName is null);
            if (sdkDefault is not null)
            {
                options.Rules.Remove(sdkDefault);
            }
        });
        services.AddLogging(logging =>
        {
            logging.AddFilter<ApplicationInsightsLoggerProvider>("Microsoft", LogLevel.Warning);
            logging.AddFilter<ApplicationInsightsLoggerProvider>("System", LogLevel.Warning);
            logging.AddFilter<ApplicationInsightsLoggerProvider>("Azure", LogLevel.Warning);
            logging.AddFilter<ApplicationInsightsLoggerProvider>("Polly", LogLevel.Warning);
        });
        return true;
    }
}
