using System.ComponentModel.DataAnnotations;

namespace Cem.Core;

public sealed class CemOptions
{
    public const string Section = "Cem";

    /// <summary>Where the app is reached from outside; links in emails start here.</summary>
    [Required] public Uri PublicBaseUrl { get; set; } = new("http://localhost:7071");

    /// <summary>CEM staff who receive approval and moderation requests (comma or semicolon separated).</summary>
    public string StaffEmails { get; set; } = "";

    public IReadOnlyList<string> StaffEmailList =>
        StaffEmails.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public Uri Link(string pathAndQuery) => new(PublicBaseUrl, pathAndQuery);
}
