using System.IO.Compression;
using System.Security.Cryptography;
using Cem.Core;
using Cem.Core.Awards;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.Signups;
using Cem.Tests.Infrastructure;
using Cem.Tests.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Awards;

/// <summary>Awards on a <see cref="CoreHarness"/>: a fresh signing key, a clock in October 2026, states brought to a level through the log.</summary>
internal static class AwardTesting
{
    public const int Year = 2026;

    public static string NewSigningKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The public half of a key from <see cref="NewSigningKeyPem"/>, as PEM: what a rotation keeps published.</summary>
    public static string PublicPem(string privatePem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(privatePem);
        return key.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    public static Task<CoreHarness> StartAsync(AzuriteFixture azurite, Action<IDictionary<string, string?>>? settings = null) =>
        CoreHarness.StartAsync(azurite, new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero)), s =>
        {
            s["Cem:Awards:SigningKey"] = NewSigningKeyPem();
            settings?.Invoke(s);
        });

    public static AwardService Awards(this CoreHarness harness) => harness.Get<AwardService>();

    /// <summary>Logs what brings <paramref name="code"/> to <paramref name="level"/> under the default settings.</summary>
    public static async Task ReachAsync(this CoreHarness harness, string code, string level)
    {
        var log = harness.ParticipationLog;
        await log.RecordOnceAsync(code, ParticipationKinds.Approved, $"{code}-signup-{level}", CancellationToken.None, [Activities.PressRelease]);
        if (level == RecognitionLevels.Participant)
        {
            return;
        }

        await log.RecordOnceAsync(code, ParticipationKinds.PressKitCompiled, code + "-kit-1", CancellationToken.None);
        var champion = level == RecognitionLevels.Champion;
        for (var i = 0; i < (champion ? 3 : 1); i++)
        {
            await log.RecordOnceAsync(code, ParticipationKinds.EventAdded, $"{Year}-{code}-event-{i}", CancellationToken.None);
        }

        if (champion)
        {
            await log.RecordOnceAsync(code, ParticipationKinds.ProgramPublished, $"{Year}-{code}", CancellationToken.None);
            for (var i = 0; i < 2; i++)
            {
                await log.RecordOnceAsync(code, ParticipationKinds.DistrictJoined, $"{code}-district-{i}", CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Stores an issued award for <paramref name="code"/> directly, signed with a key of its own (the site's pages then
    /// show it, as not verifying unless the site has that key): for page tests on a site without a signing key.
    /// </summary>
    public static async Task<Award> StoreIssuedAsync(IServiceProvider services, string code, string level, int year)
    {
        var site = services.GetRequiredService<IOptions<CemOptions>>();
        var recognition = services.GetRequiredService<IOptions<MetricsOptions>>().Value.Recognition.Defaults;
        var now = DateTimeOffset.UtcNow;
        var award = new Award
        {
            RowKey = $"{year}-{code}", Year = year, Code = code, SubjectName = Core.Jurisdictions.Jurisdiction.Find(code).Name, Level = level,
            Status = AwardStatus.Issued, ProposedAt = now, UpdatedAt = now, IssuedAt = now, StatusIndex = 0,
        };
        var credential = OpenBadgeCredentials.Build(award, "When the award was issued: sign-up approved by CEM staff.", site.Value, recognition);
        using var signer = new BadgeSigner(Options.Create(new AwardOptions { SigningKey = NewSigningKeyPem() }), site);
        award.Credential = credential.ToJsonString();
        award.Jwt = signer.Sign(OpenBadgeCredentials.JwtPayload(credential, now));
        Assert.True(await services.GetRequiredService<AwardStore>().TryAddAsync(award, CancellationToken.None));
        return award;
    }

    /// <summary>Moves the clock past the rollup's safety lag and rolls up.</summary>
    public static async Task RollUpAsync(this CoreHarness harness)
    {
        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        Assert.Equal(RollupOutcome.Done, (await harness.NewRollup().RunAsync(CancellationToken.None)).Outcome);
    }

    /// <summary>The revoked indexes of an <c>encodedList</c>: multibase base64url, GZIP, leftmost bit first.</summary>
    public static SortedSet<int> DecodeStatusList(string encodedList)
    {
        Assert.StartsWith("u", encodedList, StringComparison.Ordinal);
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(ToBase64(encodedList[1..]))), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        var bytes = bits.ToArray();
        Assert.True(bytes.Length >= 16 * 1024, "The bitstring is shorter than 16 KiB");
        var set = new SortedSet<int>();
        for (var i = 0; i < bytes.Length * 8; i++)
        {
            if ((bytes[i / 8] & (0x80 >> (i % 8))) != 0)
            {
                set.Add(i);
            }
        }

        return set;
    }

    private static string ToBase64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }
}
