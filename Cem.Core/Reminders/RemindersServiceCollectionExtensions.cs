using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Reminders;

public static class RemindersServiceCollectionExtensions
{
    /// <summary>Reminders and expiry: the staff digest, the signer's reminder and the clean-up, on the features whose waiting they watch.</summary>
    public static IServiceCollection AddCemReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReminderService>();
        services.AddSingleton<Retention>();
        services.AddSingleton<EventReminders>();
        services.AddSingleton<ReminderConfirmation>();
        services.AddSingleton<ReminderUnsubscribe>();
        return services;
    }
}
