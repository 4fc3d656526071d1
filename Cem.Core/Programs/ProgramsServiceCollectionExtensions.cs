using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Programs;

public static class ProgramsServiceCollectionExtensions
{
    /// <summary>States' own programs: the program, its feed and the districts that join it.</summary>
    public static IServiceCollection AddCemPrograms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProgramOptions>().Bind(configuration.GetSection(ProgramOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProgramService>();
        services.AddSingleton<DistrictDecisions>();
        services.AddSingleton<DistrictConfirmation>();
        services.AddSingleton<DistrictJoins>();
        services.AddSingleton<DistrictLeave>();
        services.AddSingleton<DistrictErasure>();
        services.AddSingleton<DistrictEmails>();
        services.AddSingleton<Email.IDataDeletionLinks, DistrictDeletionLinks>();
        return services;
    }
}
