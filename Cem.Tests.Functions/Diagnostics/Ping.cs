using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Tests.Functions.Diagnostics;

/// <summary>An anonymous GET that answers with an object for the host to serialise (as the worker does an <see cref="ObjectResult"/>).</summary>
public sealed class Ping(TimeProvider time)
{
    [Function(nameof(Ping))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/ping")] HttpRequest request) =>
        new OkObjectResult(new { Status = "healthy", CheckedAt = time.GetUtcNow() });
}
