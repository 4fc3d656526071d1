using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Cem.DevHost;

public enum TriggerKind
{
    Http,
    Queue,
    Timer,
}

/// <summary>One function of functions.metadata, its settings resolved and its method found.</summary>
public sealed class FunctionDescriptor
{
    public required string Name { get; init; }
    public required string EntryPoint { get; init; }
    public required string TriggerType { get; init; }
    public TriggerKind? Kind { get; init; }
    public MethodInfo? Method { get; init; }

    /// <summary>The trigger's parameter name (the binding's <c>name</c>).</summary>
    public string TriggerParameter { get; init; } = "";

    /// <summary>Why the function cannot run (an unresolved setting, an unsupported trigger), as the Functions host reports functions in error.</summary>
    public string? Error { get; init; }

    /// <summary>Disabled by the setting <c>AzureWebJobs.{Name}.Disabled</c>, as in the Functions host.</summary>
    public bool Disabled { get; init; }

    public string? Route { get; init; }
    public IReadOnlyList<string>? HttpMethods { get; init; }
    public string AuthLevel { get; init; } = "Function";
    public string? QueueName { get; init; }
    public string? Connection { get; init; }
    public string? Schedule { get; init; }
    public bool RunOnStartup { get; init; }

    public bool CanRun => Error is null && !Disabled && Kind is not null && Method is not null;

    public bool RequiresKey => !string.Equals(AuthLevel, "Anonymous", StringComparison.OrdinalIgnoreCase);

    public string Describe(string routePrefix) => Error is not null ? "error: " + Error
        : Disabled ? "disabled"
        : Kind switch
        {
            TriggerKind.Http => $"{(HttpMethods is { Count: > 0 } methods ? string.Join(",", methods) : "ANY")} /{HttpRoute(routePrefix)} ({AuthLevel.ToLowerInvariant()})",
            TriggerKind.Queue => $"queue {QueueName}",
            TriggerKind.Timer => $"schedule {Schedule}{(RunOnStartup ? ", runOnStartup" : "")}",
            _ => TriggerType,
        };

    /// <summary>The route template under host.json's routePrefix; the function name when the trigger has no route.</summary>
    public string HttpRoute(string routePrefix)
    {
        var route = (Route ?? Name).Trim('/');
        return routePrefix.Length == 0 ? route : routePrefix + "/" + route;
    }
}

/// <summary>Reads functions.metadata, the contract the Worker SDK generates for the Functions host.</summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Load(string metadataPath, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!File.Exists(metadataPath))
        {
            throw new FileNotFoundException($"functions.metadata was not found at '{metadataPath}'. Build the function app: the Worker SDK writes it into its output (Cem.DevHost's build copies Cem.Functions').", metadataPath);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(metadataPath));
        return document.RootElement.EnumerateArray().Select(function => Describe(function, configuration)).ToList();
    }

    private static FunctionDescriptor Describe(JsonElement function, IConfiguration configuration)
    {
        var name = function.GetProperty("name").GetString()!;
        var entryPoint = function.GetProperty("entryPoint").GetString()!;
        var scriptFile = function.GetProperty("scriptFile").GetString()!;
        var trigger = function.GetProperty("bindings").EnumerateArray()
            .FirstOrDefault(binding => Text(binding, "type")?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);
        var method = FindMethod(name, entryPoint, scriptFile);
        var disabled = string.Equals(configuration[$"AzureWebJobs.{name}.Disabled"], "true", StringComparison.OrdinalIgnoreCase);

        if (trigger.ValueKind != JsonValueKind.Object)
        {
            return new FunctionDescriptor { Name = name, EntryPoint = entryPoint, TriggerType = "none", Method = method, Error = "it has no trigger binding." };
        }

        var triggerType = Text(trigger, "type")!;
        var triggerName = Text(trigger, "name") ?? "";
        try
        {
            return triggerType.ToUpperInvariant() switch
            {
                "HTTPTRIGGER" => new FunctionDescriptor
                {
                    Name = name, EntryPoint = entryPoint, TriggerType = triggerType, Kind = TriggerKind.Http, Method = method, TriggerParameter = triggerName, Disabled = disabled,
                    Route = Text(trigger, "route") is { } route ? BindingExpressions.Resolve(route, configuration) : null,
                    HttpMethods = trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
                        ? methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList()
                        : null,
                    AuthLevel = Text(trigger, "authLevel") ?? "Function",
                },
                "QUEUETRIGGER" => new FunctionDescriptor
                {
                    Name = name, EntryPoint = entryPoint, TriggerType = triggerType, Kind = TriggerKind.Queue, Method = method, TriggerParameter = triggerName, Disabled = disabled,
                    QueueName = BindingExpressions.Resolve(Text(trigger, "queueName") ?? throw new InvalidOperationException("the queue trigger has no queueName."), configuration).ToLowerInvariant(),
                    Connection = Text(trigger, "connection") is { Length: > 0 } connection ? BindingExpressions.Resolve(connection, configuration) : "AzureWebJobsStorage",
                },
                "TIMERTRIGGER" => new FunctionDescriptor
                {
                    Name = name, EntryPoint = entryPoint, TriggerType = triggerType, Kind = TriggerKind.Timer, Method = method, TriggerParameter = triggerName, Disabled = disabled,
                    Schedule = BindingExpressions.Resolve(Text(trigger, "schedule") ?? throw new InvalidOperationException("the timer trigger has no schedule."), configuration),
                    RunOnStartup = trigger.TryGetProperty("runOnStartup", out var runOnStartup) && runOnStartup.ValueKind == JsonValueKind.True,
                },
                _ => new FunctionDescriptor
                {
                    Name = name, EntryPoint = entryPoint, TriggerType = triggerType, Method = method, TriggerParameter = triggerName,
                    Error = $"the DevHost runs http, queue and timer triggers, not {triggerType}.",
                },
            };
        }
        catch (InvalidOperationException e)
        {
            return new FunctionDescriptor { Name = name, EntryPoint = entryPoint, TriggerType = triggerType, Method = method, TriggerParameter = triggerName, Error = e.Message };
        }
    }

    private static MethodInfo FindMethod(string name, string entryPoint, string scriptFile)
    {
        var lastDot = entryPoint.LastIndexOf('.');
        if (lastDot <= 0)
        {
            throw new InvalidOperationException($"Function '{name}': entryPoint '{entryPoint}' is not Type.Method.");
        }

        var assembly = Assembly.Load(new AssemblyName(Path.GetFileNameWithoutExtension(scriptFile)));
        var type = assembly.GetType(entryPoint[..lastDot], throwOnError: false)
            ?? throw new InvalidOperationException($"Function '{name}': type '{entryPoint[..lastDot]}' is not in {assembly.GetName().Name}.");
        var methodName = entryPoint[(lastDot + 1)..];
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == methodName)
            .ToList();
        return candidates.Count == 1
            ? candidates[0]
            : candidates.SingleOrDefault(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == name)
              ?? throw new InvalidOperationException($"Function '{name}': method '{entryPoint}' was not found (or is ambiguous).");
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
