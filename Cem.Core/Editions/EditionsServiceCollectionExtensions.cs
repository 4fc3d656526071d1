using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Editions;

public static class EditionsServiceCollectionExtensions
{
    /// <summary>The editions (kernel): press kits, metrics and the calendar read the current one.</summary>
    public static IServiceCollection AddCemEditions(this IServiceCollection services) => services.AddSingleton<EditionStore>().AddSingleton<EditionEditor>();
}
