using Cem.DevHost;

// Runs Cem.Functions locally without Core Tools: `dotnet run --project Cem.DevHost` (see docs/architecture.md).
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

await using var host = await DevHostApp.StartAsync(new DevHostOptions { Args = args }, stopping.Token);
Console.WriteLine(host.Describe());
Console.WriteLine("Press Ctrl+C to stop.");
await host.WaitForShutdownAsync(stopping.Token);
