using System.Globalization;
using Cem.Core.Links;
using Cem.Core;
using Cem.Core.Comments;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Comments;

/// <summary>The real composition (AddCem) against the shared Azurite, with its own prefix and, when given, a fake clock.</summary>
internal sealed class CommentsHarness : IAsyncDisposable
{
    public const string Staff = "moderator@cem.example.org";

    private readonly ServiceProvider provider;

    private CommentsHarness(ServiceProvider provider) => this.provider = provider;

    public CommentService Comments => provider.GetRequiredService<CommentService>();
    public CommentModeration Moderation => provider.GetRequiredService<CommentModeration>();
    public CommentGuardCleanup Cleanup => provider.GetRequiredService<CommentGuardCleanup>();
    public CemStorage Storage => provider.GetRequiredService<CemStorage>();
    public IServiceProvider Services => provider;

    public static async Task<CommentsHarness> CreateAsync(AzuriteFixture azurite, TimeProvider? time = null, Action<IDictionary<string, string?>>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [StorageClients.ConnectionName] = azurite.ConnectionString,
            [StorageNames.PrefixSetting] = AzuriteFixture.NewPrefix(),
            ["Cem:Links:CurrentKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Cem:StaffEmails"] = Staff,
        };
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddCem(configuration);
        if (time is not null)
        {
            services.AddSingleton(time); // replaces the system clock registered by AddCem
        }

        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<CemStorage>().EnsureCreatedAsync(CancellationToken.None);
        return new CommentsHarness(provider);
    }

    /// <summary>A valid form for <paramref name="thread"/> with a freshly answered challenge.</summary>
    public CommentForm Form(string thread = Threads.CemForStates, string body = "Great month for our districts.", string email = "reader@example.org", string name = "Reader")
    {
        var challenge = Comments.NewChallenge();
        return new CommentForm { Thread = thread, Name = name, Email = email, Body = body, Challenge = challenge.Token, Answer = Solve(challenge.Question) };
    }

    public static string Solve(string question)
    {
        var parts = question.TrimEnd('=', ' ').Split('+', StringSplitOptions.TrimEntries);
        return (int.Parse(parts[0], CultureInfo.InvariantCulture) + int.Parse(parts[1], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
    }

    public async Task<CommentId> PostAsync(CommentForm form, string client = "203.0.113.1")
    {
        var result = await Comments.SubmitAsync(form, client, CancellationToken.None);
        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        return result.Id!.Value;
    }

    public async Task<LinkActionResult<Comment>> ModerateAsync(CommentId id, ModerationAction action)
    {
        var link = Moderation.LinkFor(id, action, Staff);
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        return await Moderation.For(action).ActAsync(token, LinkInput.None, CancellationToken.None);
    }

    public async Task<CommentId> PostApprovedAsync(string body = "Approved comment", string email = "reader@example.org", string client = "203.0.113.1")
    {
        var id = await PostAsync(Form(body: body, email: email), client);
        var result = await ModerateAsync(id, ModerationAction.Approve);
        Assert.Contains(result.Outcome, new[] { Core.Links.LinkOutcome.Done, Core.Links.LinkOutcome.AlreadyDone });
        return id;
    }

    public async Task<List<PublicComment>> AllApprovedAsync(string thread = Threads.CemForStates)
    {
        var all = new List<PublicComment>();
        string? continuation = null;
        do
        {
            var page = await Comments.ListAsync(thread, continuation, CancellationToken.None);
            Assert.NotNull(page);
            all.AddRange(page.Comments);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return all;
    }

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
