using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cem.Azurite;

namespace Cem.Tests.Awards;

/// <summary>
/// <c>tools/vcjwt/verify.mjs</c> run by Node: verifies a VC-JWT's ES256 signature with Node's crypto and the JWK Set the
/// site publishes, so the check shares no code with the app that signed it.
/// </summary>
public static class NodeVerifier
{
    public static async Task<JsonElement> VerifyAsync(JsonNode jwks, string jwt)
    {
        using var node = Process.Start(new ProcessStartInfo("node", "verify.mjs")
        {
            WorkingDirectory = Path.Combine(RepositoryRoot.Require(), "tools", "vcjwt"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await node.StandardInput.WriteAsync(new JsonObject { ["jwks"] = jwks.DeepClone(), ["jwt"] = jwt }.ToJsonString());
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, "Node could not check the JWT: " + await errors);
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
