using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cem.Core.Awards;

public static class AwardsServiceCollectionExtensions
{
    /// <summary>Awards from the rolled-up recognition levels, signed as Open Badges 3.0 credentials.</summary>
    public static IServiceCollection AddCemAwards(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AwardOptions>().Bind(configuration.GetSection(AwardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AwardOptions>, AwardOptionsCheck>();
        services.AddSingleton<AwardStore>();
        services.AddSingleton<BadgeSigner>();
        services.AddSingleton<AwardEmails>();
        services.AddSingleton<AwardService>();
        services.AddSingleton<StateSubjects>();
        return services;
    }
}
