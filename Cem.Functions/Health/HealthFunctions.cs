using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using Cem.Core.Storage;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Cem.Functions.Health;

/// <summary>Is the app up and can it reach its storage? For load balancers, uptime checks and a first look after a deploy.</summary>
/// <remarks>
/// Checks only what the app itself uses, with operations its roles allow (Cem.Tests/Infra/StoragePermissions.cs):
/// the properties of each of its queues (queues/read), one entity read from a table (entities/read) and the
/// properties of its press-kit container (containers/read). Service-level calls, such as the queue service's
/// properties, need roles the app does not have, so they would fail in Azure while passing on Azurite.
/// </remarks>
public sealed class HealthFunctions(CemStorage storage, TimeProvider time, ILogger<HealthFunctions> logger)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var checks = StorageNames.Queues
            .Select(q => Check(storage.Queue(q).Name, () => storage.Queue(q).GetPropertiesAsync(cancellationToken)))
            .Append(Check(storage.Table(StorageNames.SignupsTable).Name, () => ReadOneEntityAsync(cancellationToken)))
            .Append(Check(storage.Container(StorageNames.PressKitsContainer).Name, () => storage.Container(StorageNames.PressKitsContainer).GetPropertiesAsync(cancellationToken: cancellationToken)));
        var failed = (await Task.WhenAll(checks)).Where(ok => !ok).Count();

        return failed == 0
            ? Responses.JsonBody(StatusCodes.Status200OK, new { Status = "healthy", CheckedAt = time.GetUtcNow() })
            : Responses.Problem(StatusCodes.Status503ServiceUnavailable, "Storage is unreachable.");
    }

    private async Task ReadOneEntityAsync(CancellationToken cancellationToken)
    {
        var pages = storage.Table(StorageNames.SignupsTable)
            .QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken)
            .AsPages(pageSizeHint: 1);
        await using var page = pages.GetAsyncEnumerator(cancellationToken);
        await page.MoveNextAsync();
    }

    private async Task<bool> Check(string resource, Func<Task> probe)
    {
        try
        {
            await probe();
            return true;
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning(e, "Health check: {Resource} answered {Status} {ErrorCode}", resource, e.Status, e.ErrorCode);
            return false;
        }
        catch (AuthenticationFailedException e)
        {
            logger.LogWarning(e, "Health check: no token for {Resource}", resource);
            return false;
        }
    }
}
