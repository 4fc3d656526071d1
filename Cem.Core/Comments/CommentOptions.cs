using System.ComponentModel.DataAnnotations;

namespace Cem.Core.Comments;

/// <summary>How comments are taken and moderated (section <c>Cem:Comments</c>).</summary>
public sealed class CommentOptions : IValidatableObject
{
    public const string Section = "Cem:Comments";

    /// <summary>Comment posts a client may make per <see cref="RateLimitWindow"/>.</summary>
    [Range(1, 10_000)] public int RateLimit { get; set; } = 5;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Votes a client (keyed hash of the IP) may cast per <see cref="VoteRateLimitWindow"/>: changing or withdrawing a vote counts too.</summary>
    [Range(1, 100_000)] public int VoteRateLimit { get; set; } = 60;

    public TimeSpan VoteRateLimitWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// "Confirm your comment" emails one address may be sent per <see cref="ConfirmationWindow"/>, whoever posts: beyond
    /// it a comment still reaches the moderators, but nothing is sent to the address.
    /// </summary>
    [Range(1, 1000)] public int ConfirmationsPerAddress { get; set; } = 3;

    public TimeSpan ConfirmationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A comment with more links than this always waits for a moderator.</summary>
    [Range(0, 1000)] public int MaxLinks { get; set; } = 2;

    /// <summary>Publish at once when the author's address already has an approved comment.</summary>
    public bool AutoApproveKnownAuthors { get; set; } = true;

    [Range(1, 100)] public int PageSize { get; set; } = 20;

    /// <summary>How long a "what is 8 + 20" challenge can be answered.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RateLimitWindow < TimeSpan.FromSeconds(1) || RateLimitWindow > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Cem:Comments:RateLimitWindow must be between 1 second and 1 day.", [nameof(RateLimitWindow)]);
        }

        if (VoteRateLimitWindow < TimeSpan.FromSeconds(1) || VoteRateLimitWindow > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Cem:Comments:VoteRateLimitWindow must be between 1 second and 1 day.", [nameof(VoteRateLimitWindow)]);
        }

        if (ConfirmationWindow < TimeSpan.FromSeconds(1) || ConfirmationWindow > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Cem:Comments:ConfirmationWindow must be between 1 second and 1 day.", [nameof(ConfirmationWindow)]);
        }

        if (ChallengeLifetime < TimeSpan.FromMinutes(1) || ChallengeLifetime > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Cem:Comments:ChallengeLifetime must be between 1 minute and 1 day.", [nameof(ChallengeLifetime)]);
        }
    }
}
