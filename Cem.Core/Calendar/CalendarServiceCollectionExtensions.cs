using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Calendar;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>The calendar: events, their store, lists and feeds.</summary>
    public static IServiceCollection AddCemCalendar(this IServiceCollection services)
    {
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventService>();
        services.AddSingleton<EventChanges>();
        services.AddSingleton<EventQueries>();
        return services;
    }
}
