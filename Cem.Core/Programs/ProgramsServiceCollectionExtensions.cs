using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Programs;

public static class ProgramsServiceCollectionExtensions
{
    /// <summary>States' own programs: the program, its feed, the districts that join it, their sign-in and their events.</summary>
    public static IServiceCollection AddCemPrograms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProgramOptions>().Bind(configuration.GetSection(ProgramOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProgramService>();
        services.AddSingleton<DistrictDecisions>();
        services.AddSingleton<DistrictConfirmation>();
        services.AddSingleton<DistrictJoins>();
        services.AddSingleton<DistrictContacts>();
        services.AddSingleton<Sessions.IDistrictContacts>(provider => provider.GetRequiredService<DistrictContacts>());
        services.AddSingleton<DistrictEvents>();
        return services;
    }
}
