using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Calendar;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>The calendar: events, their store, lists and feeds; suggestions from the public, their moderation and their suggester's delete-my-data link.</summary>
    public static IServiceCollection AddCemCalendar(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventOptions>().Bind(configuration.GetSection(EventOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventService>();
        services.AddSingleton<EventQueries>();
        services.AddSingleton<EventSuggestions>();
        services.AddSingleton<SuggestionModerators>();
        services.AddSingleton<SuggestionConfirmation>();
        services.AddSingleton<SuggestionDecision.Approve>();
        services.AddSingleton<SuggestionDecision.Reject>();
        services.AddSingleton<SuggestionDecision.Spam>();
        services.AddSingleton<SuggestionEmails>();
        services.AddSingleton<SuggestionErasure>();
        services.AddSingleton<Email.IDataDeletionLinks, SuggestionDeletionLinks>();
        return services;
    }
}
