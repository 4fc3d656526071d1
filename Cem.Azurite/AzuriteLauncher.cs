using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cem.Azurite;

/// <summary>
/// Installs Azurite from <c>tools/azurite</c> (<c>npm ci</c>, on first use) and runs it: either as the
/// development storage on its usual ports with data in <c>.local/azurite</c>, or in memory on free ports for tests.
/// Disposing stops Azurite and its whole process tree.
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's account with its well-known development key (public, not a secret).</summary>
    private const string DevelopmentAccount =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output;

    private readonly string _repositoryRoot;
    private readonly string[] _storageArguments;

    private AzuriteLauncher(Process process, StringBuilder output, string repositoryRoot, string[] storageArguments, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        _repositoryRoot = repositoryRoot;
        _storageArguments = storageArguments;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        DevelopmentAccount +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>True for <c>UseDevelopmentStorage=true</c> or a connection string whose endpoints are on 127.0.0.1/localhost.</summary>
    public static bool IsDevelopmentStorage(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        if (connectionString.Replace(" ", "", StringComparison.Ordinal).Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var endpoints = Endpoints(connectionString);
        return endpoints.Count > 0 && endpoints.Values.All(uri => uri.IsLoopback);
    }

    /// <summary>
    /// For development storage whose ports nobody listens on, installs and starts Azurite with its data in
    /// <c>.local/azurite</c> under the repository root. Returns null when there is nothing to start
    /// (not development storage, or something already listens).
    /// </summary>
    public static async Task<AzuriteLauncher?> StartForDevelopmentStorageAsync(string? connectionString, string repositoryRoot, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        if (!IsDevelopmentStorage(connectionString))
        {
            return null;
        }

        var endpoints = Endpoints(connectionString!);
        var blob = endpoints.TryGetValue("blob", out var b) ? b.Port : 10000;
        var queue = endpoints.TryGetValue("queue", out var q) ? q.Port : 10001;
        var table = endpoints.TryGetValue("table", out var t) ? t.Port : 10002;
        var listening = new[] { blob, queue, table }.Where(IsListening).ToList();
        if (listening.Count == 3)
        {
            logger.LogInformation("Development storage is already running (ports {Blob}, {Queue}, {Table})", blob, queue, table);
            return null;
        }

        if (listening.Count > 0)
        {
            throw new InvalidOperationException($"Some development storage ports ({string.Join(", ", listening)}) are in use but not all of {blob}, {queue}, {table}: stop what holds them or start Azurite yourself.");
        }

        var location = Path.Combine(repositoryRoot, ".local", "azurite");
        Directory.CreateDirectory(location);
        logger.LogInformation("Starting Azurite on ports {Blob}, {Queue}, {Table} with data in {Location}", blob, queue, table, location);
        return await StartAsync(repositoryRoot, ["--location", location], blob, queue, table, logger, cancellationToken);
    }

    /// <summary>Starts an in-memory Azurite on free ports (for tests); <see cref="ConnectionString"/> reaches it.</summary>
    public static Task<AzuriteLauncher> StartInMemoryAsync(string? repositoryRoot = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var ports = FreePorts(3);
        return StartAsync(repositoryRoot ?? RepositoryRoot.Require(), ["--inMemoryPersistence"], ports[0], ports[1], ports[2], logger ?? NullLogger.Instance, cancellationToken);
    }

    /// <summary>
    /// Starts Azurite on free ports with its data in <paramref name="location"/>, so that what was written survives
    /// <see cref="StopAsync"/> and <see cref="RestartAsync"/> (for tests of a storage outage).
    /// </summary>
    public static Task<AzuriteLauncher> StartOnDiskAsync(string location, string? repositoryRoot = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(location);
        var ports = FreePorts(3);
        return StartAsync(repositoryRoot ?? RepositoryRoot.Require(), ["--location", location], ports[0], ports[1], ports[2], logger ?? NullLogger.Instance, cancellationToken);
    }

    /// <summary>
    /// Stops Azurite as a shutdown would and waits until it has gone: clients then find nothing listening. Where
    /// there are signals it is sent SIGTERM first, so its services close and save their data; it is then killed,
    /// because it would otherwise wait for clients to drop their keep-alive connections.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(cancellationToken);
            }

            string[] closed = ["Azurite Blob service successfully closed", "Azurite Queue service successfully closed", "Azurite Table service successfully closed"];
            var deadline = Stopwatch.StartNew();
            while (!_process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(15) && !closed.All(line => Output.Contains(line, StringComparison.Ordinal)))
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Starts Azurite again on the same ports and with the same storage; this launcher is then spent (dispose it).</summary>
    public async Task<AzuriteLauncher> RestartAsync(ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken);
        return await StartAsync(_repositoryRoot, _storageArguments, BlobPort, QueuePort, TablePort, logger ?? NullLogger.Instance, cancellationToken);
    }

    /// <summary>Runs <c>npm ci</c> in tools/azurite unless done before; safe when several processes race (an exclusive lock file, then a marker).</summary>
    public static async Task<string> EnsureInstalledAsync(string repositoryRoot, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var tools = Path.Combine(repositoryRoot, "tools", "azurite");
        var entry = Path.Combine(tools, "node_modules", "azurite", "dist", "src", "azurite.js");
        var marker = Path.Combine(tools, "node_modules", ".cem-npm-ci-done");
        if (File.Exists(marker) && File.Exists(entry))
        {
            return entry;
        }

        await using var installLock = await AcquireLockAsync(Path.Combine(tools, ".npm-ci.lock"), cancellationToken);
        if (File.Exists(marker) && File.Exists(entry))
        {
            return entry; // another process installed it while we waited
        }

        logger.LogInformation("Installing Azurite with npm ci in {Folder} (first use)", tools);
        var (exitCode, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], tools, TimeSpan.FromMinutes(8), cancellationToken);
        if (exitCode != 0 || !File.Exists(entry))
        {
            throw new InvalidOperationException($"npm ci in {tools} failed with exit code {exitCode}:{Environment.NewLine}{output}");
        }

        await File.WriteAllTextAsync(marker, "npm ci completed\n", cancellationToken);
        return entry;
    }

    private static async Task<AzuriteLauncher> StartAsync(string repositoryRoot, string[] storageArguments, int blob, int queue, int table, ILogger logger, CancellationToken cancellationToken)
    {
        var entry = await EnsureInstalledAsync(repositoryRoot, logger, cancellationToken);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repositoryRoot,
        };
        foreach (var argument in (string[])[
                     entry, .. storageArguments, "--silent", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", Port(blob),
                     "--queueHost", "127.0.0.1", "--queuePort", Port(queue),
                     "--tableHost", "127.0.0.1", "--tablePort", Port(table)])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var launcher = new AzuriteLauncher(process, output, repositoryRoot, storageArguments, blob, queue, table);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!new[] { blob, queue, table }.All(IsListening))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening:{Environment.NewLine}{launcher.Output}");
                }

                if (deadline.Elapsed > StartTimeout)
                {
                    throw new TimeoutException($"Azurite did not listen on {blob}, {queue}, {table} within {StartTimeout}:{Environment.NewLine}{launcher.Output}");
                }

                await Task.Delay(100, cancellationToken);
            }

            logger.LogInformation("Azurite is listening (blob {Blob}, queue {Queue}, table {Table})", blob, queue, table);
            return launcher;
        }
        catch
        {
            await launcher.DisposeAsync();
            throw;
        }
    }

    /// <summary>What Azurite printed (its last lines), for error reports.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not stoppable; nothing more to do.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length > 16_000)
            {
                output.Remove(0, 8_000);
            }

            output.AppendLine(line);
        }
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, Uri> Endpoints(string connectionString)
    {
        var endpoints = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(part[(equals + 1)..], UriKind.Absolute, out var uri))
            {
                endpoints[part[..(equals - "Endpoint".Length)]] = uri;
            }
        }

        return endpoints;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive (flock) lock on Linux and a sharing lock on Windows: one installer at a time.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
