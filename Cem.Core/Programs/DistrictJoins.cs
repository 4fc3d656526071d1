using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Clients;
using Cem.Core.Email;
using Cem.Core.Jurisdictions;
using Cem.Core.Links;
using Cem.Core.Sessions;
using Cem.Core.Storage;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Programs;

/// <summary>A district's request to join, as sent from the join page or by an API client.</summary>
public sealed class DistrictJoinForm
{
    public string? Token { get; set; }
    public string? Name { get; set; }
    public string? LeaId { get; set; }
    public string? ContactName { get; set; }
    public string? ContactTitle { get; set; }
    public string? Email { get; set; }
}

/// <summary>What a join request gave: the district (waiting for its contact to confirm), or why not (errors, or a wait when rate-limited).</summary>
public sealed record DistrictJoinResult(District? District, ValidationErrors? Errors = null, TimeSpan? RetryAfter = null);

/// <summary>
/// Districts joining a state's published program. A state contact asks for an invite: a signed link bound to the
/// edition, the state and the program's current invite version, so a new invite revokes every older one. A district
/// posts its name, LEA ID and contact with it; the LEA ID must be one of that state's (its first two digits are the
/// state's FIPS code) and may join once. Then the contact confirms the address and the state's contacts decide
/// (<see cref="DistrictConfirmation"/>, <see cref="DistrictDecision"/>). Requests are limited per client, and an
/// unconfirmed one is deleted when its confirmation link expires (<see cref="DeleteUnconfirmedAsync"/>), so an LEA ID
/// cannot be held by a request nobody confirms. A district that left (<see cref="DistrictLeave"/>) may ask again: its
/// row is replaced by the new request, in a new round (<see cref="District.JoinId"/>).
/// </summary>
public sealed class DistrictJoins(
    CemStorage storage, ProgramService programs, SignedLinks links, MessageOutbox outbox,
    RateLimiter limiter, ClientHashing hashing, IOptions<ProgramOptions> options,
    IOptions<CemOptions> site, TimeProvider time, ILogger<DistrictJoins> logger)
{
    public const string InvitePurpose = "district-invite";

    /// <summary>How long an invite works unless a newer one revokes it: past the end of any edition it is made for.</summary>
    public static readonly TimeSpan InviteLifetime = TimeSpan.FromDays(180);

    private readonly TableClient table = storage.Table(StorageNames.EventsTable);

    public static bool TryLocate(string subjectId, out string partitionKey, out string rowKey)
    {
        var ok = DistrictId.TryParse(subjectId, out var year, out var code, out var leaId);
        partitionKey = ok ? StateProgram.Partition(year, code!) : "";
        rowKey = ok ? District.RowPrefix + leaId : "";
        return ok;
    }

    /// <summary>A new invite for the state's published program (revoking the older ones); null with the reason otherwise.</summary>
    public async Task<(Uri? Url, ProgramOutcome Outcome)> InviteAsync(SignedInUser user, string code, CancellationToken cancellationToken)
    {
        var result = await programs.NewInviteAsync(user, code, cancellationToken);
        if (result.Outcome != ProgramOutcome.Done)
        {
            return (null, result.Outcome);
        }

        var program = result.Program!;
        var subject = $"{program.Year.ToString(CultureInfo.InvariantCulture)}-{code}-v{program.InviteVersion.ToString(CultureInfo.InvariantCulture)}";
        var token = links.Issue(InvitePurpose, subject, "", InviteLifetime);
        logger.LogInformation("District invite {Version} issued for {Code}", program.InviteVersion, code);
        return (site.Value.Link("/districts/join?token=" + Uri.EscapeDataString(token)), ProgramOutcome.Done);
    }

    /// <summary>The published program an invite is for, while it is the current invite; null for a forged, expired or revoked one.</summary>
    public async Task<StateProgram?> ProgramOfInviteAsync(string? token, CancellationToken cancellationToken)
    {
        var check = links.Check(token, InvitePurpose);
        var parts = check.IsValid ? check.Claims!.Subject.Split('-') : [];
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !Jurisdiction.TryFind(parts[1], out _) || !parts[2].StartsWith('v')
            || !int.TryParse(parts[2][1..], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }

        var program = await programs.FindAsync(year, parts[1], cancellationToken);
        return program is { Published: true } && program.InviteVersion == version ? program : null;
    }

    /// <summary>Stores the request (once per LEA ID) with the message that emails its contact a confirmation link.</summary>
    /// <param name="clientAddress">The client's address, hashed for its rate-limit row.</param>
    public async Task<DistrictJoinResult> JoinAsync(DistrictJoinForm form, string clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var settings = options.Value;
        var rate = await limiter.TryAcquireAsync(table, "join-" + hashing.Hash("district-join-client", clientAddress), settings.JoinRateLimit, settings.JoinRateLimitWindow, cancellationToken);
        if (!rate.Allowed)
        {
            logger.LogInformation("District join refused: rate limit");
            return new(null, RetryAfter: rate.RetryAfter);
        }

        var errors = new ValidationErrors();
        var program = await ProgramOfInviteAsync(form.Token, cancellationToken);
        if (program is null)
        {
            errors.Add("token", "This invite is not valid: it was altered, has expired or was replaced by a newer one. Ask the state for its current invite.");
        }

        var name = Fields.Required(errors, "name", "The district's name", form.Name, 150);
        var leaId = form.LeaId?.Trim();
        if (string.IsNullOrEmpty(leaId) || leaId.Length != 7 || !leaId.All(char.IsAsciiDigit))
        {
            errors.Add("leaId", "Give the district's 7-digit NCES LEA ID, like 3904321.");
            leaId = null;
        }
        else if (program is not null && !leaId.StartsWith(Fips.Of(program.Code), StringComparison.Ordinal))
        {
            var state = Jurisdiction.Find(program.Code).Name;
            var other = Fips.JurisdictionOf(leaId[..2]);
            errors.Add("leaId", $"This LEA ID is not one of {state}'s districts: {state}'s start with {Fips.Of(program.Code)}"
                + (other is null ? "." : $", and {leaId[..2]} is {Jurisdiction.Find(other).Name}'s. A district joins its own state's program."));
            leaId = null;
        }

        var contactName = Fields.Required(errors, "contactName", "Your name", form.ContactName, 100);
        var contactTitle = Fields.Optional(errors, "contactTitle", "Your title", form.ContactTitle, 100) ?? "";
        var email = Fields.Email(errors, "email", form.Email);
        if (!errors.IsEmpty)
        {
            return new(null, errors);
        }

        var now = time.GetUtcNow();
        var district = new District
        {
            PartitionKey = program!.PartitionKey,
            RowKey = District.RowPrefix + leaId,
            Code = program.Code,
            Year = program.Year,
            LeaId = leaId!,
            Name = name!,
            ContactName = contactName!,
            ContactTitle = contactTitle,
            Email = email!,
            RequestedAt = now,
            JoinId = Ulid.NewUlid(now).ToString(),
        };
        if (!await StoreAsync(district, cancellationToken))
        {
            var taken = new ValidationErrors();
            taken.Add("leaId", $"A district with this LEA ID has already asked to join {Jurisdiction.Find(program.Code).Name}'s program.");
            return new(null, taken);
        }

        logger.LogInformation("District {DistrictId} asked to join", district.Id);
        return new(district);
    }

    /// <summary>
    /// Adds the request with its "confirm your address" message, or replaces the row of a district that left (or whose
    /// request was being erased); false when the LEA ID is held by another request or a district in the program.
    /// </summary>
    private async Task<bool> StoreAsync(District district, CancellationToken cancellationToken)
    {
        var message = DistrictQueues.Message(DistrictQueues.Requested, district);
        try
        {
            await outbox.SubmitAsync(table, [new TableTransactionAction(TableTransactionActionType.Add, district)], message, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Held: by a request or a district in the program, unless it left.
        }

        var held = await table.GetEntityIfExistsAsync<District>(district.PartitionKey, district.RowKey, cancellationToken: cancellationToken);
        if (!held.HasValue || held.Value!.Status is not (DistrictStatuses.Left or DistrictStatuses.Erased))
        {
            return false;
        }

        try
        {
            await outbox.SubmitAsync(table, [new TableTransactionAction(TableTransactionActionType.UpdateReplace, district, held.Value.ETag)], message, cancellationToken);
            logger.LogInformation("District {DistrictId} asks to join again", district.Id);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false; // asked again by someone else meanwhile
        }
    }

    /// <summary>
    /// Deletes the unconfirmed requests whose confirmation link was issued before <paramref name="linksIssuedBefore"/>
    /// (it has expired), freeing their LEA IDs, with the once-only record of their email so a new request is emailed
    /// again. ETag-guarded: a request confirmed meanwhile stays. Safe to repeat, and alongside another run.
    /// </summary>
    public async Task<int> DeleteUnconfirmedAsync(DateTimeOffset linksIssuedBefore, SentEmailRecords sentEmails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentEmails);
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {"program-"} and PartitionKey lt {"program."} and RowKey ge {District.RowPrefix} and RowKey lt {"district."} and Status eq {DistrictStatuses.Unconfirmed} and RequestedAt lt {linksIssuedBefore}");
        await foreach (var district in table.QueryAsync<District>(filter, cancellationToken: cancellationToken))
        {
            try
            {
                if ((await table.DeleteEntityAsync(district.PartitionKey, district.RowKey, district.ETag, cancellationToken)).IsError)
                {
                    continue;
                }
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                continue; // gone, or changed (confirmed) since it was read
            }

            await sentEmails.ForgetAllUnderAsync($"district/{district.JoinKey}/", cancellationToken);
            await sentEmails.ForgetAsync($"district/{district.Id}", cancellationToken); // the key a request stored before rounds was emailed under
            logger.LogInformation("Unconfirmed district request {DistrictId} deleted by the clean-up", district.Id);
            deleted++;
        }

        return deleted;
    }

    /// <summary>The districts of a state's program in the current edition (every status: the editor sorts them), by name.</summary>
    public async Task<IReadOnlyList<District>> OfAsync(StateProgram program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        var found = new List<District>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {program.PartitionKey} and RowKey ge {District.RowPrefix} and RowKey lt {"district."}");
        await foreach (var district in table.QueryAsync<District>(filter, cancellationToken: cancellationToken))
        {
            found.Add(district);
        }

        return [.. found.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.LeaId, StringComparer.Ordinal)];
    }

    /// <summary>The approved districts of the program.</summary>
    public async Task<IReadOnlyList<District>> ApprovedAsync(StateProgram program, CancellationToken cancellationToken) =>
        [.. (await OfAsync(program, cancellationToken)).Where(d => d.Status == DistrictStatuses.Approved)];
}
