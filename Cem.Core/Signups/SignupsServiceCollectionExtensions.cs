using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Signups;

public static class SignupsServiceCollectionExtensions
{
    /// <summary>Sign-ups: the store, its queues, the service, the address confirmation link and its email.</summary>
    public static IServiceCollection AddCemSignups(this IServiceCollection services)
    {
        services.AddSingleton<SignupStore>();
        services.AddSingleton<SignupQueues>();
        services.AddSingleton<SignupService>();
        services.AddSingleton<AddressConfirmation>();
        services.AddSingleton<SignupEmails>();
        return services;
    }
}
