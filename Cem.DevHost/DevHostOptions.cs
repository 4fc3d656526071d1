using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cem.DevHost;

/// <summary>How to start a <see cref="DevHostApp"/>.</summary>
public sealed class DevHostOptions
{
    /// <summary>
    /// The address to listen on, e.g. <c>http://127.0.0.1:0</c> (port 0 picks a free port; the real
    /// address is <see cref="DevHostApp.BaseAddress"/>). When null: <c>--urls</c>, then <c>ASPNETCORE_URLS</c>,
    /// then local settings' <c>Host:LocalHttpPort</c>, then <c>http://localhost:7071</c>.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>Command-line arguments (<c>--urls</c>, <c>--Key=value</c>); they override local settings and environment variables.</summary>
    public IReadOnlyList<string> Args { get; set; } = [];

    /// <summary>
    /// Settings that override everything else. Host.json values can be overridden as the Functions host allows,
    /// e.g. <c>AzureFunctionsJobHost:extensions:queues:visibilityTimeout</c>.
    /// </summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Read <c>Cem.Functions/local.settings.json</c> (default true). Tests turn it off to stay independent of a developer's file.</summary>
    public bool ReadLocalSettings { get; set; } = true;

    /// <summary>Start Azurite when the storage connection is development storage and nothing listens on its ports.</summary>
    public bool StartAzurite { get; set; } = true;

    /// <summary>
    /// The function app to run: the folder holding its functions.metadata and host.json. Defaults to the DevHost's
    /// base directory, where the build copies Cem.Functions'. The assembly each function's <c>scriptFile</c> names
    /// is loaded by name, so the process must reference it (the tests reference Cem.Tests.Functions).
    /// </summary>
    public string? FunctionAppDirectory { get; set; }

    /// <summary>
    /// Services the function app's Program.cs adds beside <c>AddCem</c>, which the DevHost does not run; e.g. the
    /// start-up of the test function app. The product needs none.
    /// </summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Extra logging set-up, e.g. a provider that records log lines in tests.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
