using System.Runtime.Serialization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Cem.Core.Programs;

/// <summary>A person a state names on its program: name and role, and an address only when they chose to publish one.</summary>
public sealed record ProgramContact(string Name, string Role, string? Email);

/// <summary>A calendar event the state recommends, in the state's order, with its note.</summary>
public sealed record ProgramItem(string EventId, string Note);

/// <summary>A link the state points teachers to.</summary>
public sealed record ProgramResource(string Title, string Url);

/// <summary>
/// A state's own CEM program for one edition, as stored in the Events table beside the calendar it curates:
/// PartitionKey <c>program-{year}-{code}</c>, RowKey <c>program</c>. Its audit rows and its districts share the
/// partition. Lists are JSON. <see cref="Version"/> rises with every change and is the program's ETag.
/// </summary>
public sealed class StateProgram : ITableEntity
{
    public const string Row = "program";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Code { get; set; } = "";
    public int Year { get; set; }
    public string Title { get; set; } = "";

    /// <summary>Limited Markdown, as typed; turned into sanitized HTML only when a page shows it.</summary>
    public string Intro { get; set; } = "";

    public string Priorities { get; set; } = "[]";
    public string Contacts { get; set; } = "[]";
    public string Items { get; set; } = "[]";
    public string Resources { get; set; } = "[]";
    public bool Published { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }

    /// <summary>The version of the current district invite: issuing a new one raises it, which revokes the older ones.</summary>
    public int InviteVersion { get; set; }

    public static string Partition(int year, string code) => $"program-{year.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{code}";

    [IgnoreDataMember]
    public IReadOnlyList<string> PriorityList { get => Read<string>(Priorities); set => Priorities = JsonSerializer.Serialize(value, Json); }

    [IgnoreDataMember]
    public IReadOnlyList<ProgramContact> ContactList { get => Read<ProgramContact>(Contacts); set => Contacts = JsonSerializer.Serialize(value, Json); }

    [IgnoreDataMember]
    public IReadOnlyList<ProgramItem> ItemList { get => Read<ProgramItem>(Items); set => Items = JsonSerializer.Serialize(value, Json); }

    [IgnoreDataMember]
    public IReadOnlyList<ProgramResource> ResourceList { get => Read<ProgramResource>(Resources); set => Resources = JsonSerializer.Serialize(value, Json); }

    /// <summary>The program's ETag in HTTP: its version, quoted.</summary>
    [IgnoreDataMember]
    public string EntityTag => "\"" + Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";

    /// <summary>Everything a person edits, to tell an edit that changes nothing.</summary>
    [IgnoreDataMember]
    public string Fields => string.Join('\u001f', Title, Intro, Priorities, Contacts, Items, Resources);

    private static List<T> Read<T>(string json) => JsonSerializer.Deserialize<List<T>>(json, Json) ?? [];
}
