using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cem.DevHost;

/// <summary>What one invocation has to bind from: the HTTP request, the queue message or the timer tick.</summary>
public sealed class InvocationContext
{
    public required string Reason { get; init; }
    public CancellationToken CancellationToken { get; init; }
    public HttpContext? Http { get; init; }
    public QueueMessageData? QueueMessage { get; init; }
    public TimerInfo? Timer { get; init; }
}

/// <summary>A decoded queue message and the binding data the queue extension offers with it.</summary>
public sealed record QueueMessageData(byte[] Body, string Id, long DequeueCount, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn, DateTimeOffset? NextVisibleOn, string PopReceipt);

/// <summary>A parameter could not be bound from the request (e.g. a route value of the wrong type).</summary>
public sealed class BindingException(string message) : Exception(message);

/// <summary>
/// Invokes the very methods named in functions.metadata, by reflection, on instances created with
/// <see cref="ActivatorUtilities"/> from the one composition (what the worker does), and logs every
/// invocation as the Functions host does.
/// </summary>
public sealed class FunctionInvoker(ILoggerFactory loggerFactory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, Func<InvocationContext, object?>[]> _binders = new(StringComparer.Ordinal);

    /// <summary>Works out how to bind every parameter; throws, naming the function, when a parameter cannot be supplied.</summary>
    public void Prepare(FunctionDescriptor function)
    {
        ArgumentNullException.ThrowIfNull(function);
        _binders[function.Name] = function.Method!.GetParameters().Select(parameter => Binder(function, parameter)).ToArray();
    }

    /// <returns>The function's result, awaited when it is a task (null for void and Task).</returns>
    public async Task<object?> InvokeAsync(FunctionDescriptor function, IServiceProvider services, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(context);
        var logger = loggerFactory.CreateLogger("Function." + function.Name);
        var id = Guid.NewGuid();
        logger.LogInformation("Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})", function.Name, context.Reason, id);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var method = function.Method!;
            var binders = _binders.TryGetValue(function.Name, out var prepared) ? prepared : throw new InvalidOperationException($"Function '{function.Name}' was not prepared.");
            var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
            try
            {
                var arguments = binders.Select(bind => bind(context)).ToArray();
                object? returned;
                try
                {
                    returned = method.Invoke(instance, arguments);
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                    throw;
                }

                var result = await AwaitResult(returned, method.ReturnType);
                logger.LogInformation("Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={Duration}ms)", function.Name, id, stopwatch.ElapsedMilliseconds);
                return result;
            }
            finally
            {
                switch (instance)
                {
                    case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                    case IDisposable disposable: disposable.Dispose(); break;
                }
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={Duration}ms)", function.Name, id, stopwatch.ElapsedMilliseconds);
            throw;
        }
    }

    private static async Task<object?> AwaitResult(object? returned, Type declared)
    {
        if (declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            returned = declared.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null);
            declared = typeof(Task<>).MakeGenericType(declared.GetGenericArguments());
        }

        switch (returned)
        {
            case Task task:
                await task;
                return declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(Task<>)
                    ? declared.GetProperty(nameof(Task<int>.Result))!.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return returned;
        }
    }

    private static Func<InvocationContext, object?> Binder(FunctionDescriptor function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var name = parameter.Name ?? "";
        if (typeof(FunctionContext).IsAssignableFrom(type))
        {
            throw new InvalidOperationException(
                $"Function '{function.Name}' ({function.EntryPoint}) takes a FunctionContext parameter '{name}'. The DevHost does not provide FunctionContext: " +
                "functions must not depend on worker-only features; inject services and take a CancellationToken instead.");
        }

        if (type == typeof(CancellationToken))
        {
            return context => context.Http?.RequestAborted ?? context.CancellationToken;
        }

        return function.Kind switch
        {
            TriggerKind.Http => HttpBinder(function, parameter),
            TriggerKind.Queue => QueueBinder(function, parameter),
            TriggerKind.Timer when type == typeof(TimerInfo) => context => context.Timer,
            _ => throw Unsupported(function, parameter),
        };
    }

    private static Func<InvocationContext, object?> HttpBinder(FunctionDescriptor function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return context => context.Http!.Request;
        }

        var routeParameters = RoutePatternFactory.Parse(function.Route ?? function.Name).Parameters.Select(p => p.Name);
        if (!routeParameters.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase) || !IsSimple(type))
        {
            throw Unsupported(function, parameter);
        }

        var name = parameter.Name!;
        var converter = TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type);
        return context =>
        {
            var raw = context.Http!.Request.RouteValues.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
            if (string.IsNullOrEmpty(raw))
            {
                return parameter.HasDefaultValue ? parameter.DefaultValue : null;
            }

            try
            {
                return type == typeof(string) ? raw : converter.ConvertFromInvariantString(raw);
            }
            catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException)
            {
                throw new BindingException($"The route value '{name}' is not a valid {(Nullable.GetUnderlyingType(type) ?? type).Name}.");
            }
        };
    }

    private static Func<InvocationContext, object?> QueueBinder(FunctionDescriptor function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (string.Equals(parameter.Name, function.TriggerParameter, StringComparison.Ordinal))
        {
            if (type == typeof(string))
            {
                return context => System.Text.Encoding.UTF8.GetString(context.QueueMessage!.Body);
            }

            if (type == typeof(byte[]))
            {
                return context => context.QueueMessage!.Body;
            }

            if (type == typeof(BinaryData))
            {
                return context => BinaryData.FromBytes(context.QueueMessage!.Body);
            }

            if (IsSimple(type))
            {
                throw Unsupported(function, parameter);
            }

            // A POCO, deserialized like the worker does (System.Text.Json, web defaults). Invalid JSON fails the invocation, so the message is retried and finally poisoned.
            return context => JsonSerializer.Deserialize(context.QueueMessage!.Body, type, Json)
                ?? throw new JsonException($"The queue message for '{function.Name}' is JSON null.");
        }

        // Binding data of the queue extension, by parameter name.
        return (parameter.Name?.ToUpperInvariant(), type) switch
        {
            ("ID", var t) when t == typeof(string) => context => context.QueueMessage!.Id,
            ("POPRECEIPT", var t) when t == typeof(string) => context => context.QueueMessage!.PopReceipt,
            ("DEQUEUECOUNT", var t) when t == typeof(long) => context => context.QueueMessage!.DequeueCount,
            ("DEQUEUECOUNT", var t) when t == typeof(int) => context => (int)context.QueueMessage!.DequeueCount,
            ("INSERTIONTIME", var t) when t == typeof(DateTimeOffset?) || t == typeof(DateTimeOffset) => context => context.QueueMessage!.InsertedOn ?? default,
            ("EXPIRATIONTIME", var t) when t == typeof(DateTimeOffset?) || t == typeof(DateTimeOffset) => context => context.QueueMessage!.ExpiresOn ?? default,
            ("NEXTVISIBLETIME", var t) when t == typeof(DateTimeOffset?) || t == typeof(DateTimeOffset) => context => context.QueueMessage!.NextVisibleOn ?? default,
            _ => throw Unsupported(function, parameter),
        };
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(DateOnly) || type == typeof(TimeOnly);
    }

    private static InvalidOperationException Unsupported(FunctionDescriptor function, ParameterInfo parameter) => new(
        $"Function '{function.Name}' ({function.EntryPoint}): the DevHost cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name} " +
        $"for a {function.TriggerType}. It binds HttpRequest, route values by name, CancellationToken, the queue message (string, byte[], BinaryData or a POCO) " +
        "with id/dequeueCount/insertionTime/expirationTime/nextVisibleTime/popReceipt, and TimerInfo.");
}
