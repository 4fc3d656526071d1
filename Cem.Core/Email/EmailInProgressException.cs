namespace Cem.Core.Email;

/// <summary>
/// Another delivery of the same message is sending this email right now. Thrown so the queue
/// retries later, when that delivery has finished (or failed and released its claim).
/// </summary>
public sealed class EmailInProgressException(string template)
    : Exception($"Email {template} is being sent by another delivery; try again later.");
