using System.Globalization;

namespace Cem.Core.Text;

/// <summary>Dates as people read them in emails, pages and press kits (UTC, US English).</summary>
public static class Dates
{
    public static string Long(DateTimeOffset at) => at.UtcDateTime.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    public static string LongWithTime(DateTimeOffset at) => at.UtcDateTime.ToString("MMMM d, yyyy 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
