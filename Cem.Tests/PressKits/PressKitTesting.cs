using System.IO.Compression;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.PressKits;

/// <summary>Press kits on a <see cref="CoreHarness"/>: approved sign-ups to compile for, requests, and what was stored.</summary>
internal static class PressKitTesting
{
    /// <summary>
    /// A harness whose clock starts on 1 September 2026, noon (a month before CEM, so links expire as the test moves
    /// time), with fixed CEM dates, and, when given, <paramref name="templates"/> instead of the shipped ones (to try a
    /// broken one).
    /// </summary>
    public static Task<CoreHarness> StartAsync(AzuriteFixture azurite, PressKitTemplates? templates = null) =>
        CoreHarness.StartAsync(
            azurite,
            new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero)),
            settings =>
            {
                settings["Cem:PressKits:CemStart"] = "2026-10-01";
                settings["Cem:PressKits:CemEnd"] = "2026-10-31";
            },
            services =>
            {
                if (templates is not null)
                {
                    services.Replace(ServiceDescriptor.Singleton(templates));
                }
            });

    /// <summary>Stores an approved sign-up directly (the approval workflow has its own tests).</summary>
    public static async Task<Signup> AddApprovedAsync(this CoreHarness harness, string jurisdiction, string organization, params string[] activities)
    {
        var now = harness.Time.GetUtcNow();
        var signup = new Signup
        {
            PartitionKey = jurisdiction,
            RowKey = Ulid.NewUlid(now).ToString(),
            Status = SignupStatus.Approved,
            OrganizationName = organization,
            OrganizationType = "sea",
            ContactName = "Ada Lovelace",
            ContactTitle = "Director of Digital Learning",
            Email = "ada@education.example.gov",
            Activities = string.Join(',', activities),
            SubmittedAt = now.AddDays(-2),
            AddressConfirmedAt = now.AddDays(-2),
            DecidedAt = now,
        };
        await harness.Storage.Table(StorageNames.SignupsTable).AddEntityAsync(signup);
        await harness.Get<PublicList>().SyncAsync(signup, CancellationToken.None); // as the decision would have
        return signup;
    }

    public static PressKitMessage Request(Signup signup, string requestId = "approval") =>
        new(StorageNames.PressKitRequestedQueue, signup.Id.ToString(), PressKitReasons.Approved, requestId);

    /// <summary>Every blob in the press-kits container.</summary>
    public static async Task<List<string>> BlobNamesAsync(this CoreHarness harness)
    {
        var names = new List<string>();
        await foreach (var blob in harness.Storage.Container(StorageNames.PressKitsContainer).GetBlobsAsync())
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
}
