using Microsoft.Extensions.Configuration;
using Cem.Core.PressKits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.AddSingleton<PublishedProgramIndex>();
        services.AddSingleton<StateProgramFacts>();
        // Press kits (below) name the program's page, districts and events through this.
        services.Replace(ServiceDescriptor.Singleton<IProgramFacts>(provider => provider.GetRequiredService<StateProgramFacts>()));
        services.AddSingleton<ProgramFlyer>();
        services.AddSingleton<DistrictLeave>();
        services.AddSingleton<DistrictErasure>();
        services.AddSingleton<DistrictEmails>();
        services.AddSingleton<Email.IDataDeletionLinks, DistrictDeletionLinks>();
        return services;
    }
}
