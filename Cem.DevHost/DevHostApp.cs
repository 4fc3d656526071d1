using System.Globalization;
using System.Text;
using System.Text.Json;
using Cem.Azurite;
using Cem.Core;
using Cem.Core.Email;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cem.DevHost;

/// <summary>
/// Runs Cem.Functions (or another function app, see <see cref="DevHostOptions.FunctionAppDirectory"/>) locally
/// without Core Tools: reads functions.metadata and host.json, composes the app with <c>AddCem</c>, serves HTTP
/// triggers, polls queues, fires timers, and (for development storage) starts Azurite. Program.cs and the
/// end-to-end tests both start it through <see cref="StartAsync"/>.
/// </summary>
public sealed class DevHostApp : IAsyncDisposable
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>
    /// The lowest layer of settings, so that a clean clone runs without a local.settings.json: the same
    /// values the code falls back to (development storage, the "cem" prefix). Everything else overrides them.
    /// </summary>
    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        [Core.Storage.StorageNames.PrefixSetting] = Core.Storage.StorageNames.DefaultPrefix,
    };

    private const string OutboxPathSetting = EmailOptions.Section + ":" + nameof(EmailOptions.OutboxPath);

    private readonly WebApplication _app;
    private readonly AzuriteLauncher? _azurite;
    private bool _disposed;

    private DevHostApp(WebApplication app, AzuriteLauncher? azurite, Uri baseAddress, FunctionKey key, HostSettings hostSettings, IReadOnlyList<FunctionDescriptor> functions, string outboxFolder, string? localSettingsPath)
    {
        _app = app;
        _azurite = azurite;
        BaseAddress = baseAddress;
        FunctionKey = key.Value;
        HostSettings = hostSettings;
        Functions = functions;
        OutboxFolder = outboxFolder;
        LocalSettingsPath = localSettingsPath;
    }

    /// <summary>Where the DevHost listens, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The key for <c>Function</c>/<c>Admin</c> level functions (<c>x-functions-key</c> header or <c>code</c> query).</summary>
    public string FunctionKey { get; }

    /// <summary>The one composition (<c>AddCem</c>) the functions run in.</summary>
    public IServiceProvider Services => _app.Services;

    public IConfiguration Configuration => _app.Configuration;

    public HostSettings HostSettings { get; }

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    public string OutboxFolder { get; }

    /// <summary>The local.settings.json that was read, if any.</summary>
    public string? LocalSettingsPath { get; }

    /// <summary>The connection string of the Azurite this DevHost started, if it started one.</summary>
    public string? StartedAzurite => _azurite?.ConnectionString;

    public static async Task<DevHostApp> StartAsync(DevHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var repositoryRoot = RepositoryRoot.Find();
        var functionAppDirectory = options.FunctionAppDirectory ?? AppContext.BaseDirectory;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. options.Args],
            ContentRootPath = functionAppDirectory,
            ApplicationName = typeof(DevHostApp).Assembly.GetName().Name,
        });

        // Settings in the Functions host's order: local.settings.json "Values", then environment variables
        // (then the command line and the caller's overrides). No appsettings.json: the Functions host has none.
        var localSettingsPath = options.ReadLocalSettings ? FindLocalSettings(repositoryRoot, functionAppDirectory) : null;
        var localSettings = localSettingsPath is null ? null : LocalSettings.Read(localSettingsPath);
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddInMemoryCollection(Defaults)
            .AddInMemoryCollection(localSettings?.Values ?? new Dictionary<string, string?>())
            .AddEnvironmentVariables()
            .AddCommandLine([.. options.Args])
            .AddInMemoryCollection(options.Configuration);
        var configuration = builder.Configuration;

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        options.ConfigureLogging?.Invoke(builder.Logging);

        var url = options.Url
                  ?? configuration["urls"]
                  ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS")
                  ?? (localSettings?.LocalHttpPort is { } port ? "http://localhost:" + port.ToString(CultureInfo.InvariantCulture) : DefaultUrl);
        builder.WebHost.UseUrls(url);

        var hostSettings = HostSettings.Load(Path.Combine(functionAppDirectory, "host.json"), configuration);
        var functions = FunctionCatalog.Load(Path.Combine(functionAppDirectory, "functions.metadata"), configuration);
        var key = new FunctionKey(configuration[Cem.DevHost.FunctionKey.Setting] is { Length: > 0 } configured ? configured : Cem.DevHost.FunctionKey.Generate());
        var outboxPath = configuration[OutboxPathSetting] is { Length: > 0 } outbox ? outbox : Path.Combine(".local", "outbox");
        var outboxFolder = Path.GetFullPath(Path.Combine(repositoryRoot ?? functionAppDirectory, outboxPath));

        // Core takes the outbox path as it is; a relative setting means the repository root here, so the
        // composition gets the same full path that /dev/outbox shows.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [OutboxPathSetting] = outboxFolder });

        // The one composition, plus what the host itself needs.
        builder.Services.AddCem(configuration);
        options.ConfigureServices?.Invoke(builder.Services);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMvcCore(); // executes IActionResult (ObjectResult/JsonResult with System.Text.Json, camelCase) as the worker does
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(hostSettings);
        builder.Services.AddSingleton(key);
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddHostedService<MetricsLog>(); // the metrics the worker sends to Application Insights in Azure
        foreach (var function in functions.Where(f => f.CanRun))
        {
            switch (function.Kind)
            {
                case TriggerKind.Queue:
                    builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<QueueTriggerListener>(sp, function, hostSettings.Queues));
                    break;
                case TriggerKind.Timer:
                    _ = TimerTriggerListener.ParseSchedule(function.Schedule!); // a bad schedule stops the start, naming it
                    builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<TimerTriggerListener>(sp, function));
                    break;
            }
        }

        AzuriteLauncher? azurite = null;
        WebApplication? app = null;
        try
        {
            if (options.StartAzurite && repositoryRoot is not null)
            {
                using var bootLogging = LoggerFactory.Create(logging =>
                {
                    logging.AddSimpleConsole(console => console.SingleLine = true);
                    options.ConfigureLogging?.Invoke(logging);
                });
                azurite = await AzuriteLauncher.StartForDevelopmentStorageAsync(
                    configuration["AzureWebJobsStorage"], repositoryRoot, bootLogging.CreateLogger("Host.Azurite"), cancellationToken);
            }

            app = builder.Build();
            var invoker = app.Services.GetRequiredService<FunctionInvoker>();
            foreach (var function in functions.Where(f => f.CanRun))
            {
                invoker.Prepare(function); // throws, naming the function, for parameters the DevHost cannot bind (e.g. FunctionContext)
            }

            var hostLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Host.DevHost");
            foreach (var function in functions.Where(f => f.Error is not null))
            {
                hostLogger.LogError("Function {FunctionName} is in error and will not run: {Error}", function.Name, function.Error);
            }

            app.UseExceptionHandler();
            app.UsePlatformFrontEnd();
            HttpTriggers.Map(app, functions, hostSettings.RoutePrefix);
            OutboxPages.Map(app, outboxFolder);

            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseAddress = new Uri(address.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .TrimEnd('/') + "/");
            return new DevHostApp(app, azurite, baseAddress, key, hostSettings, functions, outboxFolder, localSettingsPath);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>What the DevHost prints at start: where things are, the function key, and the functions with their triggers.</summary>
    public string Describe()
    {
        var b = BaseAddress.ToString().TrimEnd('/');
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Cem.DevHost is running on {b}/");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Sign-up page   {b}/");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Public list    {b}/api/states");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Local outbox   {b}/dev/outbox   ({OutboxFolder})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Function key   {FunctionKey}   (x-functions-key header or ?code=; set {Cem.DevHost.FunctionKey.Setting} to keep one)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Settings       {LocalSettingsPath ?? "no local settings (defaults and environment variables)"}{(LocalSettingsPath?.EndsWith("sample.json", StringComparison.Ordinal) == true ? "  (copy it to Cem.Functions/local.settings.json to change settings)" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Storage        {(_azurite is not null ? $"Azurite started by the DevHost (queue port {_azurite.QueuePort})" : "as configured in AzureWebJobsStorage")}");
        text.AppendLine();
        var width = Math.Max(8, Functions.Count == 0 ? 0 : Functions.Max(f => f.Name.Length));
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"Function".PadRight(width)}  {"Trigger",-7}  Details");
        foreach (var function in Functions)
        {
            var trigger = function.TriggerType.Replace("Trigger", "", StringComparison.OrdinalIgnoreCase).ToLowerInvariant();
            text.AppendLine(CultureInfo.InvariantCulture, $"  {function.Name.PadRight(width)}  {trigger,-7}  {function.Describe(HostSettings.RoutePrefix)}");
        }

        return text.ToString();
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
            if (_azurite is not null)
            {
                await _azurite.DisposeAsync();
            }
        }
    }

    private static string? FindLocalSettings(string? repositoryRoot, string functionAppDirectory)
    {
        var candidates = new[]
        {
            repositoryRoot is null ? null : Path.Combine(repositoryRoot, "Cem.Functions", LocalSettings.FileName),
            Path.Combine(functionAppDirectory, LocalSettings.FileName),
            // A clean clone has no local.settings.json (it is git-ignored): run on the committed sample until one is made.
            repositoryRoot is null ? null : Path.Combine(repositoryRoot, "local.settings.sample.json"),
        };
        return candidates.FirstOrDefault(path => path is not null && File.Exists(path));
    }
}

/// <summary>local.settings.json as Core Tools reads it: flat "Values" (<c>__</c> meaning nested <c>:</c>) and <c>Host.LocalHttpPort</c>.</summary>
public sealed record LocalSettings(IReadOnlyDictionary<string, string?> Values, int? LocalHttpPort)
{
    public const string FileName = "local.settings.json";

    public static LocalSettings Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty(nameof(Values), out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var setting in section.EnumerateObject())
            {
                values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] = setting.Value.ValueKind switch
                {
                    JsonValueKind.String => setting.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => setting.Value.GetRawText(),
                };
            }
        }

        int? port = document.RootElement.TryGetProperty("Host", out var host) && host.TryGetProperty(nameof(LocalHttpPort), out var p) && p.TryGetInt32(out var value) ? value : null;
        return new LocalSettings(values, port);
    }
}
