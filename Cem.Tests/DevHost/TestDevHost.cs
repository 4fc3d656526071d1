using Cem.DevHost;
using Cem.Tests.Functions;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Cem.Tests.DevHost;

/// <summary>Starts a DevHost in-process against the shared Azurite, with its own storage prefix.</summary>
public static class TestDevHost
{
    /// <summary>Where Cem.Tests.csproj copies the test function app's functions.metadata and host.json.</summary>
    private static readonly string TestFunctionsDirectory = Path.Combine(AppContext.BaseDirectory, "TestFunctionApp");

    /// <summary>The product, Cem.Functions.</summary>
    public static Task<(DevHostApp Host, RecordingLoggerProvider Logs)> StartAsync(AzuriteFixture azurite, Action<IDictionary<string, string?>>? configure = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        StartAppAsync(azurite, configure, options => options.ConfigureServices = services);

    /// <summary>The test function app, Cem.Tests.Functions: the fixtures of the DevHost's own tests.</summary>
    public static Task<(DevHostApp Host, RecordingLoggerProvider Logs)> StartTestFunctionsAsync(AzuriteFixture azurite, Action<IDictionary<string, string?>>? configure = null) =>
        StartAppAsync(azurite, configure, options =>
        {
            options.FunctionAppDirectory = TestFunctionsDirectory;
            options.ConfigureServices = services => services.AddTestFunctions();
            options.Configuration["DiagnosticsHeartbeatSchedule"] = "0 0 0 1 1 *"; // once a year: quiet unless a test says otherwise
        });

    private static async Task<(DevHostApp Host, RecordingLoggerProvider Logs)> StartAppAsync(AzuriteFixture azurite, Action<IDictionary<string, string?>>? configure, Action<DevHostOptions> app)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var logs = new RecordingLoggerProvider();
        var options = new DevHostOptions
        {
            Url = "http://127.0.0.1:0",           // a free port; the host reports the real one
            ReadLocalSettings = false,             // independent of a developer's local.settings.json
            StartAzurite = false,                  // the fixture's Azurite, not development storage
            ConfigureLogging = logging => logging.AddProvider(logs),
        };
        options.Configuration["AzureWebJobsStorage"] = azurite.ConnectionString;
        options.Configuration["CemStoragePrefix"] = AzuriteFixture.NewPrefix();
        options.Configuration["Cem:Links:CurrentKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        options.Configuration["DEVHOST_FUNCTION_KEY"] = "test-key-" + Guid.NewGuid().ToString("n");
        // Fast queues for tests: poll often, retry a failed message after a second.
        options.Configuration["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200";
        options.Configuration["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00";
        options.Configuration["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3";
        app(options);
        configure?.Invoke(options.Configuration);
        return (await DevHostApp.StartAsync(options), logs);
    }

    /// <summary>Polls until the condition holds; fails with the message after 30 seconds. Waits for outcomes, never asserts on timings.</summary>
    public static Task Eventually(Func<Task<bool>> condition, string failure) => Eventually(condition, () => failure);

    /// <summary>As <see cref="Eventually(Func{Task{bool}}, string)"/>, with a message written when it fails (it can say what was still missing).</summary>
    public static async Task Eventually(Func<Task<bool>> condition, Func<string> failure)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(failure);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure());
            await Task.Delay(100);
        }
    }
}
