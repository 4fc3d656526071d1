using Cem.Core;
using Cem.Core.Awards;
using Cem.Core.Editions;
using Cem.Core.Text;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Awards;

/// <summary>
/// Awards for automation (function key): propose a year's awards from the rolled-up figures, issue those past their
/// review window and not held, revoke one. Each last segment is a word, so no route hides another.
/// </summary>
public sealed class AwardAdminFunctions(AwardService awards, IOptions<AwardOptions> options, IOptions<CemOptions> site)
{
    public const int MaxReasonLength = 500;

    /// <summary>Proposes the last edition's awards while it is closed, on the reminders' hourly schedule (idempotent).</summary>
    [Function(nameof(ProposeClosedEditionAwards))]
    public Task ProposeClosedEditionAwards([TimerTrigger("%RemindersSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        awards.ProposeClosedEditionAsync(cancellationToken);

    [Function(nameof(ProposeAwards))]
    public async Task<IActionResult> ProposeAwards(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/awards/{year}/propose")] HttpRequest request,
        string year,
        CancellationToken cancellationToken)
    {
        if (await YearAsync(year, cancellationToken) is not { } number)
        {
            return NoSuchYear();
        }

        var run = await awards.ProposeAsync(number, cancellationToken);
        return Responses.JsonBody(StatusCodes.Status200OK, new
        {
            year = number,
            added = run.Added,
            updated = run.Updated,
            withdrawn = run.Withdrawn,
            proposals = run.Proposals.Select(a => AwardJson.Staff(a, options.Value.ReviewWindow)),
        });
    }

    [Function(nameof(IssueAwards))]
    public async Task<IActionResult> IssueAwards(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/awards/{year}/issue")] HttpRequest request,
        string year,
        CancellationToken cancellationToken)
    {
        if (await YearAsync(year, cancellationToken) is not { } number)
        {
            return NoSuchYear();
        }

        var run = await awards.IssueAsync(number, cancellationToken);
        return run.NoKey
            ? Responses.Problem(StatusCodes.Status409Conflict, "No signing key", "Set Cem:Awards:SigningKey to issue awards.")
            : Responses.JsonBody(StatusCodes.Status200OK, new { year = number, issued = run.Issued.Select(a => AwardJson.Public(a, site.Value)), held = run.Held, inReview = run.InReview });
    }

    [Function(nameof(RevokeAward))]
    public async Task<IActionResult> RevokeAward(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/awards/{id}/revoke")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (reason, error) = await ReadReasonAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!AwardId.TryParse(id, out _))
        {
            return NotFound();
        }

        var change = await awards.RevokeAsync(id, reason!, cancellationToken);
        return change.Outcome switch
        {
            AwardOutcome.NotFound => NotFound(),
            AwardOutcome.Refused => Responses.Problem(StatusCodes.Status409Conflict, "Not issued", change.Message, new Dictionary<string, string[]> { ["id"] = [change.Message] }),
            _ => Responses.JsonBody(StatusCodes.Status200OK, AwardJson.Public(change.Award!, site.Value)),
        };
    }

    /// <summary>A required reason (JSON or form field <c>reason</c>, one line, at most 500 characters), or the answer naming it.</summary>
    public static async Task<(string? Reason, IActionResult? Error)> ReadReasonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new ReasonBody { Reason = form.Field("reason") }, cancellationToken);
        if (body.Error is not null)
        {
            return (null, body.Error);
        }

        var errors = new ValidationErrors();
        var reason = Fields.Required(errors, "reason", "Reason", body.Value!.Reason?.ReplaceLineEndings(" "), MaxReasonLength);
        return errors.IsEmpty
            ? (reason, null)
            : (null, Responses.Problem(StatusCodes.Status400BadRequest, "The reason has errors", "Give a reason.", errors.ToDictionary()));
    }

    private async Task<int?> YearAsync(string year, CancellationToken cancellationToken) =>
        EditionRules.TryParseYear(year, out var number) && await awards.IsProposableYearAsync(number, cancellationToken)
            ? number
            : null;

    private static ContentResult NoSuchYear() =>
        Responses.Problem(StatusCodes.Status404NotFound, "No awards for this year", null,
            new Dictionary<string, string[]> { ["year"] = ["Awards are proposed and issued for the current edition's year and the one before."] });

    private static ContentResult NotFound() =>
        Responses.Problem(StatusCodes.Status404NotFound, "Award not found", null, new Dictionary<string, string[]> { ["id"] = ["No award has this id."] });
}

/// <summary>The body of a hold or a revocation.</summary>
public sealed class ReasonBody
{
    public string? Reason { get; set; }
}
