using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Signups;

public sealed class Ping
{
    [Function("Ping")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ping")] HttpRequest req) => new OkObjectResult("pong");

    [Function("PingQueue")]
    public static void Q([QueueTrigger("%SignupQueue%", Connection = "AzureWebJobsStorage")] string msg) { }

    [Function("PingTimer")]
    public static void T([TimerTrigger("%MetricsRollupSchedule%")] TimerInfo t) { }
}
