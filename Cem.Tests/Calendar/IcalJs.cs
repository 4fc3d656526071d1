using System.Diagnostics;
using System.Text.Json;
using Cem.Azurite;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Calendar;

/// <summary>
/// Mozilla's ical.js (Thunderbird's parser), pinned in <c>tools/icaljs</c> and installed there with <c>npm ci</c> on first
/// use, run by Node on a feed: what a real client that no one here wrote makes of our bytes.
/// </summary>
public static class IcalJs
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static async Task<JsonElement> ReadAsync(byte[] ics)
    {
        var tools = Path.Combine(RepositoryRoot.Require(), "tools", "icaljs");
        var marker = Path.Combine(tools, "node_modules", ".cem-npm-ci-done");
        await InstallGate.WaitAsync();
        try
        {
            if (!File.Exists(marker) || !File.Exists(Path.Combine(tools, "node_modules", "ical.js", "package.json")))
            {
                await BrowserFixture.RunAsync("npm", "ci --ignore-scripts --no-audit --no-fund", tools);
                await File.WriteAllTextAsync(marker, "npm ci completed\n");
            }
        }
        finally
        {
            InstallGate.Release();
        }

        using var node = Process.Start(new ProcessStartInfo("node", "read.mjs")
        {
            WorkingDirectory = tools,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await node.StandardInput.BaseStream.WriteAsync(ics);
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, "ical.js could not read the feed: " + await errors);
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
