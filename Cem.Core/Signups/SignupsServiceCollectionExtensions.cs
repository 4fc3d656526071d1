using Cem.Core.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Signups;

public static class SignupsServiceCollectionExtensions
{
    /// <summary>Sign-ups: their options, the store, the public list (built at start-up when missing), its queues, the service, the address confirmation link and its email; who is a state's contact, for sessions.</summary>
    public static IServiceCollection AddCemSignups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignupOptions>().Bind(configuration.GetSection(SignupOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignupStore>();
        services.AddSingleton<UnconfirmedSignups>();
        services.AddSingleton<SignupLocks>();
        services.AddHostedService(provider => provider.GetRequiredService<SignupLocks>()); // after the storage initializer: keyed locks for every sign-up
        services.AddSingleton<PublicList>();
        services.AddHostedService<PublicListInitializer>();
        services.AddSingleton<SignupQueues>();
        services.AddSingleton<SignupService>();
        services.AddSingleton<AddressConfirmation>();
        services.AddSingleton<SignupEmails>();
        services.AddSingleton<SignupResends>();
        services.AddSingleton<SignupErasure>();
        services.AddSingleton<Email.IDataDeletionLinks, SignupDeletionLinks>();
        services.AddSingleton<StateContacts>();
        services.AddSingleton<IStateContacts>(provider => provider.GetRequiredService<StateContacts>());
        return services;
    }
}
