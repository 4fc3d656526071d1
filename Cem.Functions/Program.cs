using Cem.Core;
using Cem.Functions.Http;
using Cem.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<SecurityHeadersMiddleware>(); // CSP, nosniff, no-referrer, no-store by default, HSTS; the DevHost does the same itself
builder.UseMiddleware<StorageOutageMiddleware>(); // 503 + Retry-After when storage is unreachable; the DevHost does the same itself
builder.Services.AddCem(builder.Configuration);
builder.Services.AddCemApplicationInsights(builder.Configuration); // only when APPLICATIONINSIGHTS_CONNECTION_STRING is set
await builder.Build().RunAsync();
