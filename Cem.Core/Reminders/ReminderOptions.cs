using System.ComponentModel.DataAnnotations;

namespace Cem.Core.Reminders;

/// <summary>When waiting becomes too long (section <c>Cem:Reminders</c>).</summary>
public sealed class ReminderOptions : IValidatableObject
{
    public const string Section = "Cem:Reminders";

    /// <summary>A confirmed sign-up waiting this long for staff goes into the staff digest.</summary>
    public TimeSpan ApprovalWait { get; set; } = TimeSpan.FromHours(48);

    /// <summary>A comment waiting this long for a moderator goes into the staff digest.</summary>
    public TimeSpan ModerationWait { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A signer who has not confirmed after this long is reminded, once.</summary>
    public TimeSpan ConfirmationWait { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Requests for event reminders one client (IP) may make per <see cref="SubscribeRateLimitWindow"/>; more get 429.</summary>
    public int SubscribeRateLimit { get; set; } = 10;

    /// <summary>Confirmation emails one address may be sent per <see cref="SubscribeRateLimitWindow"/>, whoever asks: more are not sent.</summary>
    public int SubscribeAddressRateLimit { get; set; } = 3;

    public TimeSpan SubscribeRateLimitWindow { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SubscribeRateLimit < 1 || SubscribeAddressRateLimit < 1)
        {
            yield return new ValidationResult("Cem:Reminders:SubscribeRateLimit and SubscribeAddressRateLimit must be at least 1.", [nameof(SubscribeRateLimit), nameof(SubscribeAddressRateLimit)]);
        }

        if (SubscribeRateLimitWindow <= TimeSpan.Zero || SubscribeRateLimitWindow > Retention.RateWindowsFor)
        {
            yield return new ValidationResult("Cem:Reminders:SubscribeRateLimitWindow must be positive and at most a day (the clean-up deletes older windows).", [nameof(SubscribeRateLimitWindow)]);
        }

        foreach (var (name, value) in new[] { (nameof(ApprovalWait), ApprovalWait), (nameof(ModerationWait), ModerationWait), (nameof(ConfirmationWait), ConfirmationWait) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Cem:Reminders:{name} must be a positive time span.", [name]);
            }
        }
    }
}
