using System.Text.Json;
using Cem.Core.Email;
using Cem.Core.Text;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Email;

/// <summary>
/// SendGrid's Event Webhook (anonymous, but only signed requests count), and the staff route (function key) that
/// lets email go to a suppressed address again.
/// </summary>
public sealed class EmailEventFunctions(EmailEventWebhook webhook, EmailSuppressions suppressions)
{
    /// <summary>SendGrid batches events; a batch stays well under this.</summary>
    private const int WebhookLimit = 1024 * 1024;

    [Function(nameof(ReceiveEmailEvents))]
    public async Task<IActionResult> ReceiveEmailEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/email/events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadRawAsync(request, WebhookLimit, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var check = webhook.Check(
            request.Headers[EmailEventWebhook.SignatureHeader].FirstOrDefault(),
            request.Headers[EmailEventWebhook.TimestampHeader].FirstOrDefault(),
            body);
        switch (check)
        {
            case WebhookCheck.Unsigned:
                return Refused(StatusCodes.Status401Unauthorized, "Unsigned request", $"Send the {EmailEventWebhook.SignatureHeader} and {EmailEventWebhook.TimestampHeader} headers.", EmailEventWebhook.SignatureHeader);
            case WebhookCheck.Forged:
                return Refused(StatusCodes.Status403Forbidden, "Signature does not match", "The signature does not verify against the timestamp and body.", EmailEventWebhook.SignatureHeader);
            case WebhookCheck.Stale:
                return Refused(StatusCodes.Status403Forbidden, "Stale request", $"The timestamp is more than {EmailEventWebhook.MaxAge.TotalMinutes:0} minutes from now.", EmailEventWebhook.TimestampHeader);
            case WebhookCheck.NotConfigured:
                return Responses.Problem(StatusCodes.Status403Forbidden, "Webhook not configured", "No verification key is configured (Cem:Email:WebhookPublicKey).");
        }

        try
        {
            await webhook.RecordAsync(body, cancellationToken);
        }
        catch (JsonException)
        {
            return Refused(StatusCodes.Status400BadRequest, "Malformed request", "The body must be a JSON array of events.", "body");
        }

        return new NoContentResult();
    }

    [Function(nameof(ClearEmailSuppression))]
    public async Task<IActionResult> ClearEmailSuppression(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/email/suppressions/clear")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new SuppressionRequest { Email = form.Field("email") }, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var errors = new ValidationErrors();
        var email = Fields.Email(errors, "email", body.Value!.Email);
        if (email is null)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Invalid request", null, errors.ToDictionary());
        }

        return Responses.JsonBody(StatusCodes.Status200OK, new { cleared = await suppressions.ClearAsync(email, cancellationToken) });
    }

    private static ContentResult Refused(int status, string title, string detail, string field) =>
        Responses.Problem(status, title, detail, new Dictionary<string, string[]> { [field] = [detail] });

    private sealed class SuppressionRequest
    {
        public string? Email { get; init; }
    }
}
