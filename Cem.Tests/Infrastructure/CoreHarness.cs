using System.Security.Cryptography;
using Cem.Core;
using Cem.Core.Comments;
using Cem.Core.Email;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.PressKits;
using Cem.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Infrastructure;

/// <summary>
/// The product's one composition, <c>AddCem</c>, in a host of its own against the shared Azurite: the services the
/// worker runs, called directly rather than through triggers (<see cref="CemSite"/> runs them over HTTP). One per
/// test. Start-up is the worker's: the storage initializer creates the tables, queues and containers, and options
/// are validated. Feature folders add their own moves as extension methods (<c>CommentTesting</c>,
/// <c>MetricsTesting</c>, <c>PressKitTesting</c>).
/// </summary>
public sealed class CoreHarness : IAsyncDisposable
{
    /// <summary>The one CEM staff member; moderation and approval links are issued to this address.</summary>
    public const string Staff = "staff@cem.example.org";

    /// <summary>Where emailed links point.</summary>
    public const string PublicBaseUrl = "https://cem.example.org";

    private readonly IHost host;
    private readonly FakeTimeProvider? time;

    private CoreHarness(IHost host, FakeTimeProvider? time, RecordingEmailSender sender, RecordingLoggerProvider logs)
    {
        this.host = host;
        this.time = time;
        Sender = sender;
        Logs = logs;
    }

    public IServiceProvider Services => host.Services;

    /// <summary>The clock the test passed to <see cref="StartAsync"/>; without one the app runs on the system clock.</summary>
    public FakeTimeProvider Time => time ?? throw new InvalidOperationException("This harness runs on the system clock: pass a FakeTimeProvider to StartAsync to move time.");

    /// <summary>Every email the app sent.</summary>
    public RecordingEmailSender Sender { get; }

    /// <summary>Every log entry the app wrote.</summary>
    public RecordingLoggerProvider Logs { get; }

    public CemStorage Storage => Get<CemStorage>();

    public CommentService Comments => Get<CommentService>();

    public CommentModeration Moderation => Get<CommentModeration>();

    public CommentGuardCleanup CommentCleanup => Get<CommentGuardCleanup>();

    public ParticipationLog ParticipationLog => Get<ParticipationLog>();

    public StateMetricsStore MetricsStore => Get<StateMetricsStore>();

    public PressKitService PressKits => Get<PressKitService>();

    public PressKitRequests PressKitRequests => Get<PressKitRequests>();

    public PressKitRequestLink PressKitRequestLink => Get<PressKitRequestLink>();

    /// <summary>
    /// Builds and starts the composition. Its settings are the worker's with a fresh storage prefix (so each test has
    /// its own tables, queues and containers), a random link-signing key, <see cref="Staff"/> and
    /// <see cref="PublicBaseUrl"/>; <paramref name="settings"/> then changes or adds any (same keys as the app
    /// settings, with ':' for '__'). <paramref name="time"/> is the one way to control the clock: pass a
    /// <see cref="FakeTimeProvider"/> and move it with <see cref="Time"/>. <paramref name="services"/> replaces a
    /// service after everything else, for the rare test that needs it (a broken template set).
    /// </summary>
    public static async Task<CoreHarness> StartAsync(
        AzuriteFixture azurite,
        FakeTimeProvider? time = null,
        Action<IDictionary<string, string?>>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var values = new Dictionary<string, string?>
        {
            [StorageClients.ConnectionName] = azurite.ConnectionString,
            [StorageNames.PrefixSetting] = AzuriteFixture.NewPrefix(),
            ["Cem:Links:CurrentKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cem:StaffEmails"] = Staff,
            ["Cem:PublicBaseUrl"] = PublicBaseUrl,
        };
        settings?.Invoke(values);

        var sender = new RecordingEmailSender();
        var logs = new RecordingLoggerProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        builder.Logging.AddProvider(logs);
        builder.Services.AddCem(builder.Configuration);

        // Emails are recorded rather than written to the outbox: a test reads and counts them, and no files are left.
        builder.Services.Replace(ServiceDescriptor.Singleton<IEmailSender>(sender));
        if (time is not null)
        {
            // The test's clock replaces the system clock everywhere (link expiry, rate-limit windows, the rollup's lag).
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        }

        services?.Invoke(builder.Services);

        var app = builder.Build();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            app.Dispose();
            throw;
        }

        return new CoreHarness(app, time, sender, logs);
    }

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
