using System.Collections.Concurrent;
using System.IO.Compression;
using Cem.Core;
using Cem.Core.Email;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Email;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.PressKits;

/// <summary>
/// The real composition (<c>AddCem</c>) against the shared Azurite with its own prefix. Overrides, each for a reason:
/// time is a <see cref="FakeTimeProvider"/> (link expiry), emails are recorded instead of written to the outbox
/// (counted per test), and templates can be swapped to try a broken one.
/// </summary>
internal sealed class PressKitHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private PressKitHarness(ServiceProvider provider, FakeTimeProvider time, RecordingSender sender, CapturingLoggerProvider logs)
    {
        this.provider = provider;
        Time = time;
        Sender = sender;
        Logs = logs;
    }

    public FakeTimeProvider Time { get; }

    public RecordingSender Sender { get; }

    public CapturingLoggerProvider Logs { get; }

    public CemStorage Storage => provider.GetRequiredService<CemStorage>();

    public PressKitService PressKits => provider.GetRequiredService<PressKitService>();

    public PressKitRequests Requests => provider.GetRequiredService<PressKitRequests>();
    public PressKitRequestLink RequestLink => provider.GetRequiredService<PressKitRequestLink>();

    public PressKitStore Store => provider.GetRequiredService<PressKitStore>();

    public static async Task<PressKitHarness> StartAsync(AzuriteFixture azurite, PressKitTemplates? templates = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClients.ConnectionName] = azurite.ConnectionString,
            [StorageNames.PrefixSetting] = AzuriteFixture.NewPrefix(),
            ["Cem:PublicBaseUrl"] = "https://cem.example.org",
            ["Cem:StaffEmails"] = "staff@cem.example.org",
            ["Cem:Links:CurrentKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Cem:PressKits:CemStart"] = "2026-10-01",
            ["Cem:PressKits:CemEnd"] = "2026-10-31",
        }).Build();

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));
        var sender = new RecordingSender();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddCem(configuration);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        services.Replace(ServiceDescriptor.Singleton<IEmailSender>(sender));
        if (templates is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(templates));
        }

        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<CemStorage>().EnsureCreatedAsync(CancellationToken.None);
        return new PressKitHarness(provider, time, sender, logs);
    }

    /// <summary>Stores an approved sign-up directly (the approval workflow has its own tests).</summary>
    public async Task<Signup> AddApprovedAsync(string jurisdiction, string organization, params string[] activities)
    {
        var signup = new Signup
        {
            PartitionKey = jurisdiction,
            RowKey = Ulid.NewUlid(Time.GetUtcNow()).ToString(),
            Status = SignupStatus.Approved,
            OrganizationName = organization,
            OrganizationType = "sea",
            ContactName = "Ada Lovelace",
            ContactTitle = "Director of Digital Learning",
            Email = "ada@education.example.gov",
            Activities = string.Join(',', activities),
            SubmittedAt = Time.GetUtcNow().AddDays(-2),
            AddressConfirmedAt = Time.GetUtcNow().AddDays(-2),
            DecidedAt = Time.GetUtcNow(),
        };
        await Storage.Table(StorageNames.SignupsTable).AddEntityAsync(signup);
        return signup;
    }

    public static PressKitMessage Request(Signup signup, string requestId = "approval") =>
        new(StorageNames.PressKitRequestedQueue, signup.Id.ToString(), PressKitReasons.Approved, requestId);

    /// <summary>Every blob in the press-kits container.</summary>
    public async Task<List<string>> BlobNamesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Storage.Container(StorageNames.PressKitsContainer).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>The parts of a zip, as bytes.</summary>
    public static Dictionary<string, byte[]> Unzip(Stream zip)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    public ValueTask DisposeAsync() => provider.DisposeAsync();

    internal sealed class RecordingSender : IEmailSender
    {
        public ConcurrentQueue<EmailMessage> Sent { get; } = new();

        public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            Sent.Enqueue(message);
            return Task.CompletedTask;
        }
    }
}
