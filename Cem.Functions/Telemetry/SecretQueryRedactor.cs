using System.Text.RegularExpressions;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace Cem.Functions.Telemetry;

/// <summary>
/// Rewrites <c>token=</c> and <c>code=</c> query values to <c>REDACTED</c> in everything the worker sends to
/// Application Insights: request and dependency URLs, log messages and their properties. An emailed link's token
/// acts (confirms, approves, signs in) for whoever holds it, and a <c>code</c> is a function key; neither may be
/// readable by whoever reads the telemetry.
/// </summary>
public sealed partial class SecretQueryRedactor : ITelemetryInitializer
{
    public const string Redacted = "REDACTED";

    public void Initialize(ITelemetry telemetry)
    {
        switch (telemetry)
        {
            case RequestTelemetry request when request.Url is { } url:
                request.Url = new Uri(Redact(url.OriginalString), UriKind.RelativeOrAbsolute);
                break;
            case DependencyTelemetry dependency:
                dependency.Data = Redact(dependency.Data);
                dependency.Name = Redact(dependency.Name);
                break;
            case TraceTelemetry trace:
                trace.Message = Redact(trace.Message);
                break;
            case ExceptionTelemetry exception:
                // What is sent: the message of the exception and of each inner one.
                foreach (var details in exception.ExceptionDetailsInfoList)
                {
                    details.Message = Redact(details.Message);
                }

                break;
        }

        if (telemetry is ISupportProperties { Properties: { Count: > 0 } properties })
        {
            foreach (var key in properties.Keys.ToList())
            {
                properties[key] = Redact(properties[key]);
            }
        }
    }

    /// <summary>The text with the value of every <c>token</c> and <c>code</c> query parameter replaced.</summary>
    public static string Redact(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? "" : SecretQueryValue().Replace(text, Redacted);

    // A query parameter named token or code (any case, also percent-encoded inside a logged URL's own query):
    // its value up to the next parameter, fragment, quote or white space.
    [GeneratedRegex(@"(?<=(?:[?&;]|%26|%3F)(?:token|code)(?:=|%3D))[^&#\s""'<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretQueryValue();
}
