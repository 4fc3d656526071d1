using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Cem.Azurite;

namespace Cem.Tests.Infrastructure;

/// <summary>
/// A test-only Node tool pinned in <c>tools/{name}</c> (package.json + package-lock.json), installed there with
/// <c>npm ci</c> on first use and run by Node on bytes given on stdin: a real reader of a format that no one here wrote.
/// </summary>
public static class NodeTool
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InstallGates = new(StringComparer.Ordinal);

    /// <summary>Runs <c>tools/{tool}/{script}</c> on <paramref name="input"/> and parses what it prints as JSON.</summary>
    /// <param name="package">A package the tool installs, whose presence shows the install is complete.</param>
    public static async Task<JsonElement> RunAsync(string tool, string package, string script, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var directory = Path.Combine(RepositoryRoot.Require(), "tools", tool);
        var marker = Path.Combine(directory, "node_modules", ".cem-npm-ci-done");
        var gate = InstallGates.GetOrAdd(tool, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            if (!File.Exists(marker) || !File.Exists(Path.Combine(directory, "node_modules", package, "package.json")))
            {
                await BrowserFixture.RunAsync("npm", "ci --ignore-scripts --no-audit --no-fund", directory);
                await File.WriteAllTextAsync(marker, "npm ci completed\n");
            }
        }
        finally
        {
            gate.Release();
        }

        using var node = Process.Start(new ProcessStartInfo("node", script)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await node.StandardInput.BaseStream.WriteAsync(input);
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"{tool}/{script} could not read its input: " + await errors);
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
