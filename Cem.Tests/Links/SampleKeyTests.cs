using System.Text.Json;
using Cem.Azurite;
using Cem.Core;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cem.Tests.Links;

/// <summary>The keys committed in local.settings.sample.json work on a developer's machine and nowhere else.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SampleKeyTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Cem:Links:CurrentKey")]
    [InlineData("Cem:Links:PreviousKey")]
    [InlineData("Cem:Secrets:ClientHashKey")]
    [InlineData("Cem:Email:AddressHashKey")]
    public async Task The_app_refuses_to_start_with_a_sample_key_when_it_is_not_on_localhost(string setting)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestDevHost.StartAsync(azurite, s =>
        {
            s["Cem:PublicBaseUrl"] = "https://cem.example.org";
            s[setting] = SampleKeys.Values[0];
        }));

        Assert.Contains(setting + " is the sample key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_keys_work_on_localhost()
    {
        var (host, _) = await TestDevHost.StartAsync(azurite, s =>
        {
            s["Cem:PublicBaseUrl"] = "http://localhost:7071";
            s["Cem:Links:CurrentKey"] = SampleKeys.Values[0];
        });
        await host.DisposeAsync();
    }

    [Fact]
    public void Every_key_in_the_sample_settings_is_known_as_a_sample()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Require(), "local.settings.sample.json")));
        var keys = sample.RootElement.GetProperty("Values").EnumerateObject()
            .Where(p => p.Name.EndsWith("Key", StringComparison.Ordinal) && p.Name.StartsWith("Cem__", StringComparison.Ordinal) && p.Value.GetString() is { Length: > 0 })
            .ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.True(SampleKeys.IsSample(k.Value.GetString()), $"{k.Name} in local.settings.sample.json is not in SampleKeys.Values"));
    }
}
