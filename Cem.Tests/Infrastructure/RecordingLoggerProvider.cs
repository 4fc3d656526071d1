using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cem.Tests.Infrastructure;

/// <summary>
/// Keeps every log entry (category, level, rendered message and the template's values), so a test can wait for the
/// host's invocation logs ("Executed 'Functions.X' (Succeeded, …") or check what an entry says and what it leaves out.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> entries = new();

    /// <summary>The entries so far, oldest first: a copy, safe to read while the app goes on logging.</summary>
    public IReadOnlyList<LogRecord> Entries => [.. entries];

    public IEnumerable<string> Messages => entries.Select(entry => entry.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogRecord> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            entries.Enqueue(new LogRecord(category, logLevel, formatter(state, exception), values));
        }
    }
}

/// <summary>One recorded log entry; <see cref="Values"/> holds the message template's named values ("{Template}" → …).</summary>
public sealed record LogRecord(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);
