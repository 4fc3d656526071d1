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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(ApprovalWait), ApprovalWait), (nameof(ModerationWait), ModerationWait), (nameof(ConfirmationWait), ConfirmationWait) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Cem:Reminders:{name} must be a positive time span.", [name]);
            }
        }
    }
}
