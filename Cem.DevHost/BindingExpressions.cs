using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Cem.DevHost;

/// <summary>
/// Resolves <c>%Setting%</c> binding expressions anywhere in a string (e.g. <c>%CemStoragePrefix%-signup-received</c>)
/// from configuration, as the Functions host does with app settings.
/// </summary>
public static partial class BindingExpressions
{
    public static string Resolve(string value, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(configuration);
        return SettingPattern().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            // App settings are flat; "A__B" and "A:B" name the same nested setting.
            return configuration[name.Replace("__", ":", StringComparison.Ordinal)] is { } resolved
                ? resolved
                : throw new InvalidOperationException($"'%{name}%' does not resolve to a value.");
        });
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingPattern();
}
