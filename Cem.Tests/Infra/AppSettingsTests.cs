using System.Reflection;
using Cem.Core;
using Cem.Core.Storage;

namespace Cem.Tests.Infra;

/// <summary>
/// Every setting the code reads, found by reflection over its options classes (each has a <c>Section</c> constant), is
/// set by infra/ or has a default in code that is right in Azure; and every Cem__ setting infra/ sets is read.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class AppSettingsTests(InfraFixture infra)
{
    /// <summary>Defaults that are right only on a developer's machine; infra must set them.</summary>
    private static readonly string[] LocalOnlyDefaults =
    [
        "Cem__PublicBaseUrl",            // http://localhost:7071
        "Cem__Email__FromAddress",       // cem@example.org
        "Cem__Email__SendGridApiKey",    // empty: email goes to a local folder, silently lost in Azure
    ];

    [Fact]
    public void Options_classes_are_found()
    {
        var sections = OptionsTypes().Select(t => t.Section).ToList();

        Assert.Contains(CemOptions.Section, sections);
        Assert.Contains(Cem.Core.Links.LinkOptions.Section, sections);
        Assert.Contains(Cem.Core.Email.EmailOptions.Section, sections);
    }

    [Fact]
    public void Every_option_without_a_default_is_set_by_infra()
    {
        var settings = infra.AppSettings;
        var unset = Settings()
            .Where(s => !s.HasDefault || LocalOnlyDefaults.Contains(s.Name))
            .Where(s => !settings.ContainsKey(s.Name))
            .Select(s => s.Name)
            .ToList();

        Assert.True(unset.Count == 0, "The app reads these with no usable default, and infra/main.bicep does not set them:\n" + string.Join("\n", unset));
    }

    [Fact]
    public void Every_cem_setting_infra_sets_is_one_the_app_reads()
    {
        var read = Settings().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var stale = infra.AppSettings
            .Select(s => s.Key)
            .Where(k => k.StartsWith("Cem__", StringComparison.Ordinal) && !read.Contains(k))
            .ToList();

        Assert.True(stale.Count == 0, "infra/main.bicep sets settings no options class reads (misspelt or stale):\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Storage_is_configured_the_way_the_app_and_the_host_read_it()
    {
        // StorageClients and the host: no AzureWebJobsStorage connection string (it would carry a key), so the
        // identity-based settings: a user-assigned identity's client id and the three service URIs.
        var settings = infra.AppSettings;
        Assert.False(settings.ContainsKey(StorageClients.ConnectionName));
        foreach (var name in new[] { "credential", "clientId", "blobServiceUri", "queueServiceUri", "tableServiceUri" })
        {
            Assert.True(settings.ContainsKey($"{StorageClients.ConnectionName}__{name}"), $"{StorageClients.ConnectionName}__{name} is not set");
        }
    }

    private static IEnumerable<(string Section, Type Type)> OptionsTypes() =>
        typeof(CemOptions).Assembly.GetTypes()
            .Select(t => (Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static), Type: t))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type));

    /// <summary>App setting name (":" as "__") of every settable option, and whether its default is a value.</summary>
    private static IEnumerable<(string Name, bool HasDefault)> Settings() =>
        OptionsTypes().SelectMany(o => Leaves(o.Type, Activator.CreateInstance(o.Type)!, o.Section.Replace(":", "__", StringComparison.Ordinal)));

    private static IEnumerable<(string Name, bool HasDefault)> Leaves(Type type, object instance, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var value = property.GetValue(instance);
            var name = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string) && propertyType != typeof(Uri) && value is not null)
            {
                foreach (var leaf in Leaves(propertyType, value, name))
                {
                    yield return leaf;
                }

                continue;
            }

            yield return (name, value is not null && value is not "");
        }
    }
}
