using Azure;
using Cem.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Cem.Functions.Diagnostics;

/// <summary>Is the app up and can it reach its storage? For load balancers, uptime checks and a first look after a deploy.</summary>
public sealed class Health(CemStorage storage, TimeProvider time, ILogger<Health> logger)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            await storage.QueueService.GetPropertiesAsync(cancellationToken);
            return new OkObjectResult(new { Status = "healthy", CheckedAt = time.GetUtcNow() });
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning(e, "Health check: storage is unreachable");
            return new ObjectResult(new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Storage is unreachable." })
            {
                StatusCode = StatusCodes.Status503ServiceUnavailable,
                ContentTypes = { "application/problem+json" },
            };
        }
    }
}
