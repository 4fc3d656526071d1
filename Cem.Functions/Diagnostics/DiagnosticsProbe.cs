namespace Cem.Functions.Diagnostics;

/// <summary>
/// A queue message that proves the queue pipeline end to end. It carries an id and a time, no personal data.
/// <see cref="Fail"/> makes the handler throw, to prove retries and the poison queue.
/// </summary>
public sealed record DiagnosticsProbe(string Id, DateTimeOffset SentAt, bool Fail = false);
