using System.Text;
using System.Text.RegularExpressions;

namespace Cem.Tests.Calendar;

/// <summary>
/// A strict byte-level check of an iCalendar file, for what lenient parsers (ical.js among them) accept silently: CRLF
/// line ends, lines of at most 75 octets folded without splitting a UTF-8 character, TEXT values with <c>\ ; ,</c>
/// escaped, DTSTAMP and LAST-MODIFIED in UTC, a VTIMEZONE for every TZID, and the properties each component must have.
/// </summary>
public static partial class IcsChecker
{
    private static readonly string[] TextProperties = ["SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME"];

    public static IReadOnlyList<string> Problems(byte[] bytes)
    {
        var problems = new List<string>();
        var physical = SplitCrlf(bytes, problems);
        var strict = new UTF8Encoding(false, true);
        var lines = new List<string>();
        for (var i = 0; i < physical.Count; i++)
        {
            var line = physical[i];
            if (line.Length > 75)
            {
                problems.Add($"line {i + 1} has {line.Length} octets (at most 75)");
            }

            string text;
            try
            {
                text = strict.GetString(line);
            }
            catch (DecoderFallbackException)
            {
                problems.Add($"line {i + 1} is not valid UTF-8 on its own (a character split by folding?)");
                continue;
            }

            if (text.Contains('\uFFFD', StringComparison.Ordinal))
            {
                problems.Add($"line {i + 1} holds U+FFFD: text damaged on the way (a surrogate pair split by folding?)");
            }

            if (text.StartsWith(' ') || text.StartsWith('\t'))
            {
                if (lines.Count == 0)
                {
                    problems.Add("the file starts with a continuation line");
                    continue;
                }

                lines[^1] += text[1..];
            }
            else
            {
                lines.Add(text);
            }
        }

        if (lines.Count == 0 || lines[0] != "BEGIN:VCALENDAR" || lines[^1] != "END:VCALENDAR")
        {
            problems.Add("the file is not one VCALENDAR");
        }

        var properties = lines.Select(Parse).ToList();
        foreach (var (name, parameters, value) in properties)
        {
            if (name is "DTSTAMP" or "LAST-MODIFIED" && !UtcStamp().IsMatch(value))
            {
                problems.Add($"{name}:{value} is not a UTC date-time");
            }

            if (TextProperties.Contains(name) && BadText(value) is { } textProblem)
            {
                problems.Add($"{name}: {textProblem}");
            }

            if (name == "CATEGORIES" && EscapedCommaSplit(value).Select(BadText).FirstOrDefault(p => p is not null) is { } categoryProblem)
            {
                problems.Add($"CATEGORIES: {categoryProblem}");
            }

            if (parameters.TryGetValue("TZID", out var tzid) && !lines.Contains("TZID:" + tzid))
            {
                problems.Add($"{name} names TZID {tzid} but the file has no VTIMEZONE for it");
            }
        }

        foreach (var required in new[] { "PRODID", "VERSION", "NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL" })
        {
            if (!properties.Any(p => p.Name == required))
            {
                problems.Add($"the calendar has no {required}");
            }
        }

        if (!lines.Contains("REFRESH-INTERVAL;VALUE=DURATION:PT6H"))
        {
            problems.Add("REFRESH-INTERVAL is not a six-hour DURATION");
        }

        foreach (var vevent in Components(lines, "VEVENT"))
        {
            var names = vevent.Select(l => Parse(l).Name).ToList();
            foreach (var required in new[] { "UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "STATUS", "DTSTART", "DTEND", "URL" })
            {
                if (names.Count(n => n == required) != 1)
                {
                    problems.Add($"a VEVENT has {names.Count(n => n == required)} {required} (exactly 1 wanted)");
                }
            }
        }

        return problems;
    }

    /// <summary>The unfolded lines of every component named <paramref name="name"/>.</summary>
    public static IEnumerable<List<string>> Components(IReadOnlyList<string> lines, string name)
    {
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line == "BEGIN:" + name)
            {
                current = [];
            }
            else if (line == "END:" + name && current is not null)
            {
                yield return current;
                current = null;
            }
            else
            {
                current?.Add(line);
            }
        }
    }

    /// <summary>The file's lines, unfolded (for reading values in tests).</summary>
    public static List<string> Unfold(byte[] bytes) =>
        [.. Regex.Split(Encoding.UTF8.GetString(bytes).Replace("\r\n ", "", StringComparison.Ordinal), "\r\n").Where(l => l.Length > 0)];

    private static List<byte[]> SplitCrlf(byte[] bytes, List<string> problems)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && i + 1 < bytes.Length && bytes[i + 1] == '\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 2;
                i++;
            }
            else if (bytes[i] is (byte)'\r' or (byte)'\n')
            {
                problems.Add($"a bare {(bytes[i] == '\r' ? "CR" : "LF")} at octet {i} (lines end in CRLF)");
            }
        }

        if (start != bytes.Length)
        {
            problems.Add("the last line does not end in CRLF");
        }

        return lines;
    }

    private static (string Name, Dictionary<string, string> Parameters, string Value) Parse(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var head = colon < 0 ? line : line[..colon];
        var parts = head.Split(';');
        var parameters = parts.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return (parts[0], parameters, colon < 0 ? "" : line[(colon + 1)..]);
    }

    private static string? BadText(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                if (i + 1 >= value.Length || value[i + 1] is not ('\\' or ';' or ',' or 'n' or 'N'))
                {
                    return $"a lone backslash in '{value}'";
                }

                i++;
            }
            else if (value[i] is ';' or ',')
            {
                return $"an unescaped '{value[i]}' in '{value}'";
            }
        }

        return null;
    }

    private static IEnumerable<string> EscapedCommaSplit(string value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == ',')
            {
                yield return value[start..i];
                start = i + 1;
            }
        }

        yield return value[start..];
    }

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z$")]
    private static partial Regex UtcStamp();
}
