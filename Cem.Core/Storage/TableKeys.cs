using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cem.Core.Storage;

/// <summary>Turning arbitrary ids into PartitionKey and RowKey values Table Storage accepts.</summary>
public static class TableKeys
{
    /// <summary>
    /// A table-key-safe form of <paramref name="key"/>: letters, digits and <c>-_.:=+@,</c> stay;
    /// every other character (including <c>/ \ # ?</c>, control characters and <c>~</c> itself) becomes
    /// <c>~XX</c> per UTF-8 byte, so distinct keys stay distinct. Very long keys are replaced by their SHA-256.
    /// </summary>
    public static string Escape(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var builder = new StringBuilder(key.Length);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "-_.:=+@,".Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        // Keys may be up to 1 KiB; stay well inside it.
        return builder.Length <= 400 ? builder.ToString() : "sha256~" + Sha256Hex(key);
    }

    private static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
