namespace Cem.Core.Email;

/// <summary>Where the local outbox lives: <see cref="EmailOptions.OutboxPath"/>, relative paths from the repository root.</summary>
public static class OutboxLocation
{
    public const string SolutionFile = "CemFunctions.sln";

    /// <summary>
    /// An absolute path is used as it is; a relative one resolves against the repository root (the
    /// nearest folder above <see cref="AppContext.BaseDirectory"/> holding <c>CemFunctions.sln</c>),
    /// or the current directory when there is none (e.g. a published app).
    /// </summary>
    public static string Resolve(string outboxPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outboxPath);
        return Path.IsPathRooted(outboxPath)
            ? Path.GetFullPath(outboxPath)
            : Path.GetFullPath(Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), outboxPath));
    }

    /// <summary>The nearest folder above the app's base directory that holds <c>CemFunctions.sln</c>, or null.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
