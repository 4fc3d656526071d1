using Azure;
using Cem.Core.Storage;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Cem.Functions.Health;

/// <summary>Is the app up and can it reach its storage? For load balancers, uptime checks and a first look after a deploy.</summary>
public sealed class HealthFunctions(CemStorage storage, TimeProvider time, ILogger<HealthFunctions> logger)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            await storage.QueueService.GetPropertiesAsync(cancellationToken);
            return Responses.JsonBody(StatusCodes.Status200OK, new { Status = "healthy", CheckedAt = time.GetUtcNow() });
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning(e, "Health check: storage is unreachable");
            return Responses.Problem(StatusCodes.Status503ServiceUnavailable, "Storage is unreachable.");
        }
    }
}
