namespace Cem.Azurite;

/// <summary>
/// The folder holding <c>CemFunctions.sln</c>, found by walking up from a start folder. Development tools only
/// (the DevHost, the tests, the benchmarks); the product never looks for it.
/// </summary>
public static class RepositoryRoot
{
    public const string SolutionFileName = "CemFunctions.sln";

    /// <returns>The repository root, or null when the start folder is not inside a clone (e.g. a published copy).</returns>
    public static string? Find(string? startDirectory = null)
    {
        for (var directory = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    public static string Require(string? startDirectory = null) =>
        Find(startDirectory) ?? throw new InvalidOperationException(
            $"No {SolutionFileName} above '{startDirectory ?? AppContext.BaseDirectory}': development tools run from a clone of the repository.");
}
