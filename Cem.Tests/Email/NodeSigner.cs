using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Cem.Tests.Email;

/// <summary>
/// A P-256 key pair made and used by Node's own <c>crypto</c> (the reference the webhook's signature check is
/// held to, as SendGrid's own Node library verifies with it): <c>generateKeyPairSync('ec')</c> and
/// <c>crypto.sign('sha256', …)</c>, whose EC signatures are DER-encoded.
/// </summary>
public sealed class NodeSigner
{
    private const string GenerateScript =
        "const c=require('crypto');const k=c.generateKeyPairSync('ec',{namedCurve:'prime256v1'});" +
        "process.stdout.write(JSON.stringify({publicKey:k.publicKey.export({type:'spki',format:'der'}).toString('base64'),privateKey:k.privateKey.export({type:'pkcs8',format:'pem'})}))";

    private const string SignScript =
        "const c=require('crypto');const d=[];process.stdin.on('data',x=>d.push(x));" +
        "process.stdin.on('end',()=>process.stdout.write(c.sign('sha256',Buffer.concat(d),process.env.CEM_PRIVATE_KEY).toString('base64')))";

    private readonly string privateKey;

    private NodeSigner(string publicKey, string privateKey)
    {
        PublicKey = publicKey;
        this.privateKey = privateKey;
    }

    /// <summary>The public key as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo.</summary>
    public string PublicKey { get; }

    public static async Task<NodeSigner> GenerateAsync()
    {
        using var keys = JsonDocument.Parse(await RunAsync(GenerateScript, "", null));
        return new NodeSigner(keys.RootElement.GetProperty("publicKey").GetString()!, keys.RootElement.GetProperty("privateKey").GetString()!);
    }

    /// <summary>SendGrid's signature of a request: over the timestamp followed by the body.</summary>
    public Task<string> SignAsync(string timestamp, string body) => RunAsync(SignScript, timestamp + body, privateKey);

    private static async Task<string> RunAsync(string script, string input, string? key)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        if (key is not null)
        {
            start.Environment["CEM_PRIVATE_KEY"] = key;
        }

        using var node = Process.Start(start)!;
        await node.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(input));
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await node.WaitForExitAsync(timeout.Token);
        return node.ExitCode == 0 ? await output : throw new InvalidOperationException($"node exited with {node.ExitCode}: {await error}");
    }
}
