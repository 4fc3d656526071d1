using Cem.Azurite;

namespace Cem.Tests.Infrastructure;

/// <summary>
/// Starts Azurite (pinned in <c>tools/azurite</c>, installed with <c>npm ci</c> on first use) once per
/// test collection: in memory, on free ports, through Cem.Azurite's <see cref="AzuriteLauncher"/>.
/// Tests isolate themselves with their own storage prefix.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteLauncher? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>A fresh storage prefix, so each test has its own tables and queues.</summary>
    public static string NewPrefix() => "t" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    public async Task InitializeAsync() => _azurite = await AzuriteLauncher.StartInMemoryAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
