namespace Cem.Core.Email;

/// <summary>Where the local outbox lives: <see cref="EmailOptions.OutboxPath"/> as a full path.</summary>
public static class OutboxLocation
{
    /// <summary>
    /// An absolute path is used as it is; a relative one resolves against the current directory. The DevHost
    /// resolves its relative setting against the repository root and passes the full path.
    /// </summary>
    public static string Resolve(string outboxPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outboxPath);
        return Path.GetFullPath(outboxPath);
    }
}
