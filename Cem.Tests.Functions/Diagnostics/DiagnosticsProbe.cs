namespace Cem.Tests.Functions.Diagnostics;

/// <summary>
/// A queue message that proves the queue pipeline end to end. It carries an id and a time, no personal data.
/// <see cref="Fail"/> (set by a test's hand-made message) makes the handler throw, to prove retries and the poison queue.
/// </summary>
public sealed record DiagnosticsProbe(string Id, DateTimeOffset SentAt, bool Fail = false);
