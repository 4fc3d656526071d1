using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Clients;
using Cem.Core.Links;
using Cem.Core.Storage;
using Microsoft.Extensions.Options;

namespace Cem.Core.Comments;

/// <summary>A question to answer before posting, and the signed token that goes with it.</summary>
public sealed record Challenge(string Token, string Question);

public enum ChallengeResult
{
    Passed,
    WrongAnswer,
    Invalid,
    Expired,
    Used,
}

/// <summary>
/// A small arithmetic question ("8 + 20 =") that stops the simplest bots. The token is a
/// <see cref="SignedLinks"/> token (purpose <c>comment-challenge</c>) whose subject is an HMAC of a
/// random salt (the actor) and the answer, so checking it needs no server state and the token does not
/// reveal the answer. A token answers once: its nonce is recorded in CommentGuards (insert-if-absent),
/// in a partition named after the hour it expires so whole hours can be deleted later.
/// </summary>
public sealed class CommentChallenges(SignedLinks links, ClientHashing hashing, CemStorage storage, IOptions<CommentOptions> options, TimeProvider time)
{
    public const string Purpose = "comment-challenge";
    public const string GuardPartitionPrefix = "challenge-";
    private readonly TableClient guards = storage.Table(StorageNames.CommentGuardsTable);

    public Challenge Issue()
    {
        var a = RandomNumberGenerator.GetInt32(1, 21);
        var b = RandomNumberGenerator.GetInt32(1, 21);
        var salt = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
        var token = links.Issue(Purpose, AnswerMac(salt, (a + b).ToString(CultureInfo.InvariantCulture)), salt, options.Value.ChallengeLifetime);
        return new Challenge(token, $"{a} + {b} =");
    }

    /// <summary>
    /// Checks the token and the answer without recording anything: a correct answer with other fields
    /// in error can be posted again once they are fixed.
    /// </summary>
    public (ChallengeResult Result, LinkClaims? Claims) Check(string? token, string? answer)
    {
        var link = links.Check(token, Purpose);
        if (link.Status == LinkStatus.Expired)
        {
            return (ChallengeResult.Expired, link.Claims);
        }

        if (!link.IsValid)
        {
            return (ChallengeResult.Invalid, null);
        }

        var given = answer?.Trim() ?? "";
        if (!int.TryParse(given, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return (ChallengeResult.WrongAnswer, link.Claims);
        }

        var expected = Encoding.ASCII.GetBytes(link.Claims!.Subject);
        var actual = Encoding.ASCII.GetBytes(AnswerMac(link.Claims.Actor, number.ToString(CultureInfo.InvariantCulture)));
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? (ChallengeResult.Passed, link.Claims)
            : (ChallengeResult.WrongAnswer, link.Claims);
    }

    /// <summary>Records the token as used; false when it had been used already.</summary>
    public async Task<bool> UseAsync(LinkClaims claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        try
        {
            await guards.AddEntityAsync(
                new TableEntity(PartitionFor(claims.ExpiresAt), claims.Nonce) { ["UsedAt"] = time.GetUtcNow(), ["ExpiresAt"] = claims.ExpiresAt },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Guard rows for challenges that expired before the current hour began can go.</summary>
    public static string PartitionFor(DateTimeOffset expiresAt) =>
        GuardPartitionPrefix + expiresAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    private string AnswerMac(string salt, string answer) => hashing.MacBase64Url(Purpose, salt + "\n" + answer);
}
