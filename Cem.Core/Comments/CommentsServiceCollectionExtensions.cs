using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Core.Comments;

public static class CommentsServiceCollectionExtensions
{
    /// <summary>Comments: the challenge, rate limit, store, votes, moderation and their emails. Needs what <c>AddCem</c> registers first.</summary>
    public static IServiceCollection AddCemComments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommentOptions>().Bind(configuration.GetSection(CommentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CommentStore>();
        services.AddSingleton<CommentAuthors>();
        services.AddSingleton<CommentConfirmation>();
        services.AddSingleton<CommentReplies>();
        services.AddSingleton<CommentChallenges>();
        services.AddSingleton<CommentRateLimiter>();
        services.AddSingleton<CommentService>();
        services.AddSingleton<CommentModeration>();
        services.AddSingleton<CommentModeration.Approve>();
        services.AddSingleton<CommentModeration.Spam>();
        services.AddSingleton<CommentModeration.Delete>();
        services.AddSingleton<CommentEmails>();
        services.AddSingleton<CommentGuardCleanup>();
        services.AddSingleton<CommentErasure>();
        services.AddSingleton<Email.IDataDeletionLinks, CommentDeletionLinks>();
        return services;
    }
}
