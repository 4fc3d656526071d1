using System.Text.Json;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Calendar;

/// <summary>
/// Mozilla's ical.js (Thunderbird's parser), pinned in <c>tools/icaljs</c> and installed there with <c>npm ci</c> on first
/// use, run by Node on a feed: what a real client that no one here wrote makes of our bytes.
/// </summary>
public static class IcalJs
{
    public static Task<JsonElement> ReadAsync(byte[] ics) => NodeTool.RunAsync("icaljs", "ical.js", "read.mjs", ics);
}
