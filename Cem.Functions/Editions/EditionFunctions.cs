using System.Globalization;
using Cem.Core.Editions;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Editions;

public sealed class EditionFunctions(EditionStore editions, Cem.Core.Metrics.EditionRecognition recognition, TimeProvider time)
{
    [Function(nameof(GetCurrentEdition))]
    public async Task<IActionResult> GetCurrentEdition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/editions/current")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var edition = await editions.CurrentAtAsync(now, cancellationToken);
        return Responses.JsonBody(StatusCodes.Status200OK, EditionJson.Of(edition, recognition.Of(edition), now));
    }
}

/// <summary>The public shape of an edition, with the recognition thresholds it uses (its own or the defaults).</summary>
public static class EditionJson
{
    public static object Of(Edition edition, RecognitionThresholds recognition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(edition);
        ArgumentNullException.ThrowIfNull(recognition);
        return new
        {
            year = edition.Year,
            starts = Date(edition.Starts),
            ends = Date(edition.Ends),
            phase = edition.PhaseAt(now),
            submissionsOpen = Date(edition.SubmissionsOpen),
            submissionsClose = Date(edition.SubmissionsClose),
            hashtag = edition.Hashtag,
            themes = edition.Themes,
            recognition = new { championEvents = recognition.ChampionEvents, championDistricts = recognition.ChampionDistricts },
        };
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
