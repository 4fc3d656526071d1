using System.Diagnostics;
using System.Reflection;

namespace Cem.Tests.Infra;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, which Cem.Tests.csproj
/// downloads with a PackageDownload item; the packages folder is recorded at build time as assembly metadata.
/// </summary>
public sealed class BicepCli
{
    /// <summary>Keep in step with the PackageDownload item in Cem.Tests.csproj.</summary>
    public const string Version = "0.49.2";

    public const string PackageId = "azure.bicep.commandline.linux-x64";

    /// <summary>Subscription, tenant, resource group and location the committed snapshot is generated for.</summary>
    public static readonly IReadOnlyList<string> SnapshotScope =
    [
        "--subscription-id", "00000000-0000-0000-0000-000000000000",
        "--tenant-id", "00000000-0000-0000-0000-000000000000",
        "--resource-group", "rg-cem",
        "--location", "eastus2",
    ];

    public BicepCli()
    {
        Path = Locate();
        EnsureExecutable(Path);
    }

    public string Path { get; }

    public BicepResult Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Keep an operator's CEM_* and AZURE_* variables out of every run, so results depend on the files alone.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("CEM_", StringComparison.Ordinal) || name.StartsWith("AZURE_", StringComparison.Ordinal))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 3 minutes");
        }

        return new BicepResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string Locate()
    {
        var root = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
        if (string.IsNullOrEmpty(root))
        {
            throw new InvalidOperationException("NuGetPackageRoot was not recorded at build time; see Cem.Tests.csproj.");
        }

        var path = System.IO.Path.Combine(root, PackageId, Version, "tools", "bicep");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Bicep CLI not found at {path}; run 'dotnet restore Cem.Tests'.", path);
    }

    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }
    }
}

public sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    /// <summary>Diagnostic lines, e.g. "main.bicep(3,5) : Warning no-unused-params: ...".</summary>
    public IReadOnlyList<string> Diagnostics => Output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal)
            || line.Contains(" : Error ", StringComparison.Ordinal)
            || line.Contains(" : Info ", StringComparison.Ordinal))
        .ToList();
}
