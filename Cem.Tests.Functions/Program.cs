using Cem.Core;
using Cem.Tests.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCem(builder.Configuration).AddTestFunctions();
await builder.Build().RunAsync();
