using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cem.Functions.Pages;

/// <summary>
/// Renders a page component to an HTML string with <see cref="HtmlRenderer"/>, which encodes every value for
/// its context (text or attribute).
/// </summary>
public static class PageRenderer
{
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    /// <remarks>
    /// Synchronous because the pages are: their components take everything as parameters and never await, so
    /// <c>RenderComponentAsync</c> has finished when <c>InvokeAsync</c> returns and waiting on it blocks nothing.
    /// Neither host (the Functions worker nor the DevHost) has a synchronization context, so even a component
    /// that awaited could not deadlock here. A renderer per page: a renderer keeps every root component it
    /// rendered until it is disposed, and creating one is cheap.
    /// </remarks>
    public static string Render<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        using var renderer = new HtmlRenderer(NoServices, NullLoggerFactory.Instance);
        return renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        }).GetAwaiter().GetResult();
    }
}
