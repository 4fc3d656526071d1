using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Sessions;

public static class SessionsServiceCollectionExtensions
{
    /// <summary>Sign-in by emailed link and server-side sessions. <see cref="IStateContacts"/> comes from the sign-ups feature.</summary>
    public static IServiceCollection AddCemSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionErasure>();
        services.AddSingleton<SignInLink>();
        services.AddSingleton<SignIns>();
        return services;
    }
}
