using Cem.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Signups;

public static class SignupsServiceCollectionExtensions
{
    /// <summary>Sign-ups: the store, its queues, the service, the address confirmation link and its email; who is a state's contact, for sessions.</summary>
    public static IServiceCollection AddCemSignups(this IServiceCollection services)
    {
        services.AddSingleton<SignupStore>();
        services.AddSingleton<SignupQueues>();
        services.AddSingleton<SignupService>();
        services.AddSingleton<AddressConfirmation>();
        services.AddSingleton<SignupEmails>();
        services.AddSingleton<SignupResends>();
        services.AddSingleton<StateContacts>();
        services.AddSingleton<IStateContacts>(provider => provider.GetRequiredService<StateContacts>());
        return services;
    }
}
