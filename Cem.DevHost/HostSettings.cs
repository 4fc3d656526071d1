using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Cem.DevHost;

/// <summary>The settings of host.json the DevHost honours, with the defaults of the Functions host.</summary>
public sealed record HostSettings(string RoutePrefix, QueueSettings Queues)
{
    /// <summary>App settings under this name override host.json values, as in the Functions host (<c>AzureFunctionsJobHost__extensions__http__routePrefix</c>).</summary>
    public const string OverrideSection = "AzureFunctionsJobHost";

    public static HostSettings Load(string hostJsonPath, IConfiguration appConfiguration)
    {
        ArgumentNullException.ThrowIfNull(appConfiguration);
        if (!File.Exists(hostJsonPath))
        {
            throw new FileNotFoundException($"host.json was not found at '{hostJsonPath}'. Build Cem.Functions first (it copies host.json to its output).", hostJsonPath);
        }

        var overrides = appConfiguration.GetSection(OverrideSection).AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        var host = new ConfigurationBuilder()
            .AddJsonFile(hostJsonPath, optional: false, reloadOnChange: false)
            .AddInMemoryCollection(overrides)
            .Build();

        var queues = host.GetSection("extensions:queues");
        var batchSize = Int(queues, "batchSize", 16, min: 1, max: 32);
        var queueSettings = new QueueSettings(
            BatchSize: batchSize,
            NewBatchThreshold: Int(queues, "newBatchThreshold", batchSize / 2, min: 0, max: int.MaxValue),
            MaxPollingInterval: Time(queues, "maxPollingInterval", TimeSpan.FromMinutes(1), min: TimeSpan.FromMilliseconds(100)),
            VisibilityTimeout: Time(queues, "visibilityTimeout", TimeSpan.Zero, min: TimeSpan.Zero),
            MaxDequeueCount: Int(queues, "maxDequeueCount", 5, min: 1, max: int.MaxValue),
            Base64: (queues["messageEncoding"] ?? "base64").ToUpperInvariant() switch
            {
                "BASE64" => true,
                "NONE" => false,
                var other => throw new InvalidOperationException($"host.json extensions.queues.messageEncoding '{other}' is not 'base64' or 'none'."),
            });

        // A present but empty routePrefix means "no prefix"; an absent one means the host's default, "api".
        var routePrefix = host.GetSection("extensions:http:routePrefix") is { Value: { } prefix } ? prefix : "api";
        return new HostSettings(routePrefix.Trim('/'), queueSettings);
    }

    private static int Int(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        if (section[key] is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"host.json extensions.queues.{key} '{text}' must be an integer from {min} to {max}.");
    }

    private static TimeSpan Time(IConfigurationSection section, string key, TimeSpan fallback, TimeSpan min)
    {
        if (section[key] is not { } text)
        {
            return fallback;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new InvalidOperationException($"host.json extensions.queues.{key} '{text}' must be a time span (hh:mm:ss) of at least {min}.");
    }
}

/// <summary>host.json <c>extensions.queues</c>.</summary>
public sealed record QueueSettings(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan MaxPollingInterval,
    TimeSpan VisibilityTimeout,
    int MaxDequeueCount,
    bool Base64);
