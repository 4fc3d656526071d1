using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cem.Azurite;

namespace Cem.Tests.Awards;

/// <summary>
/// <c>tools/vcjwt/verify.mjs</c> run by Node: verifies a VC-JWT's ES256 signature with Node's crypto and the JWK Set the
/// site publishes, so the check shares no code with the app that signed it; for the status list, also reads a bit of it
/// with Node's zlib.
/// </summary>
public static class NodeVerifier
{
    public static Task<JsonElement> VerifyAsync(JsonNode jwks, string jwt) => RunAsync(new JsonObject { ["jwks"] = jwks.DeepClone(), ["jwt"] = jwt });

    /// <summary>Verifies a status list VC-JWT and reads, with Node's zlib, the bit at <paramref name="index"/> (<c>bit</c>, <c>listBytes</c>).</summary>
    public static Task<JsonElement> VerifyStatusListAsync(JsonNode jwks, string jwt, int index) =>
        RunAsync(new JsonObject { ["jwks"] = jwks.DeepClone(), ["jwt"] = jwt, ["statusListIndex"] = index });

    private static async Task<JsonElement> RunAsync(JsonObject input)
    {
        using var node = Process.Start(new ProcessStartInfo("node", "verify.mjs")
        {
            WorkingDirectory = Path.Combine(RepositoryRoot.Require(), "tools", "vcjwt"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, "Node could not check the JWT: " + await errors);
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
