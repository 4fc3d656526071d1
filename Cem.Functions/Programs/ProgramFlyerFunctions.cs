using Cem.Core.Programs;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Programs;

/// <summary>A published program's one-page flyer as a Word file, for districts to print or pass on.</summary>
public sealed class ProgramFlyerFunctions(ProgramFlyer flyers)
{
    [Function(nameof(StateProgramFlyer))]
    public async Task<IActionResult> StateProgramFlyer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "states/{code}/cem/flyer.docx")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        if (ProgramFunctions.Code(code) is not { } state || await flyers.ContentAsync(state, cancellationToken) is not { } content)
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "No program published", null, new Dictionary<string, string[]> { ["code"] = ["This state has not published a CEM program."] });
        }

        // The file is built only for a client that does not have this one already.
        if (Responses.NotModified(request, ProgramFlyer.ETagOf(content), "public, max-age=300"))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        return new FileContentResult(ProgramFlyer.Build(content), ProgramFlyer.ContentType) { FileDownloadName = ProgramFlyer.FileName(state) };
    }
}
