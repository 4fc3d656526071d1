using System.Text.Json.Nodes;

namespace Cem.Tests.Infra;

/// <summary>
/// Compiles infra/main.bicep to ARM JSON and regenerates the deployment snapshot from infra/snapshot/main.bicepparam
/// (example values, never deployed) in a scratch copy of infra/, once per test run, so every assertion reads what the current Bicep produces.
/// </summary>
public sealed class InfraFixture : IDisposable
{
    private readonly string scratch;

    public InfraFixture()
    {
        Bicep = new BicepCli();
        RepoRoot = FindRepoRoot();
        InfraDirectory = Path.Combine(RepoRoot, "infra");

        scratch = Path.Combine(Path.GetTempPath(), "cem-infra-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(InfraDirectory, scratch);
        File.Delete(Path.Combine(scratch, SnapshotFolder, "main.snapshot.json"));

        var armPath = Path.Combine(scratch, "main.json");
        BuildResult = Bicep.Run(scratch, ["build", "main.bicep", "--outfile", armPath]);
        if (BuildResult.ExitCode != 0)
        {
            throw new InvalidOperationException("bicep build failed:\n" + BuildResult.Output);
        }

        ArmText = File.ReadAllText(armPath);
        Arm = JsonNode.Parse(ArmText)!.AsObject();

        var snapshot = Bicep.Run(Path.Combine(scratch, SnapshotFolder), ["snapshot", "main.bicepparam", "--mode", "overwrite", .. BicepCli.SnapshotScope]);
        if (snapshot.ExitCode != 0)
        {
            throw new InvalidOperationException("bicep snapshot failed:\n" + snapshot.Output);
        }

        SnapshotText = File.ReadAllText(Path.Combine(scratch, SnapshotFolder, "main.snapshot.json"));
        Snapshot = JsonNode.Parse(SnapshotText)!.AsObject();
    }

    /// <summary>Under infra/: the parameters and snapshot of the offline checks, kept apart from what azd reads.</summary>
    public const string SnapshotFolder = "snapshot";

    public BicepCli Bicep { get; }

    public string RepoRoot { get; }

    public string InfraDirectory { get; }

    public BicepResult BuildResult { get; }

    public string ArmText { get; }

    public JsonObject Arm { get; }

    public string SnapshotText { get; }

    public JsonObject Snapshot { get; }

    public IReadOnlyList<JsonObject> Resources =>
        Snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();

    public IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string type)
    {
        var matches = ResourcesOfType(type);
        Assert.True(matches.Count == 1, $"Expected one {type}, found {matches.Count}");
        return matches[0];
    }

    public JsonObject FunctionApp => Single("Microsoft.Web/sites");

    public JsonObject Identity => Single("Microsoft.ManagedIdentity/userAssignedIdentities");

    public JsonObject AppSettings
    {
        get
        {
            var config = ResourcesOfType("Microsoft.Web/sites/config")
                .Single(r => ((string)r["name"]!).EndsWith("/appsettings", StringComparison.Ordinal));
            return config["properties"]!.AsObject();
        }
    }

    public string ReadRepoFile(string relativePath) => File.ReadAllText(Path.Combine(RepoRoot, relativePath));

    public void Dispose()
    {
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CemFunctions.sln")) && Directory.Exists(Path.Combine(dir.FullName, "infra")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No folder above the test output holds CemFunctions.sln and infra/.");
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<InfraFixture>
{
    public const string Name = "Infra";
}
