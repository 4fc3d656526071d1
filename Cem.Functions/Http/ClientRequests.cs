using Cem.Core.Clients;
using Microsoft.AspNetCore.Http;

namespace Cem.Functions.Http;

/// <summary>Facts about the client of a request that several features need: its address and whether it came over https.</summary>
public static class ClientRequests
{
    /// <summary>
    /// The client's address (hashed before any use or storage): the connection's, which the worker's forwarded-headers
    /// middleware set from Azure's front end. <c>X-Forwarded-For</c> is not read: what is left in it came from the client.
    /// </summary>
    public static string ClientAddress(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ClientHashing.ClientAddress(request.HttpContext.Connection.RemoteIpAddress);
    }

    /// <summary>True when the browser reached the app over https: the forwarded-headers middleware set the scheme from Azure's front end.</summary>
    public static bool IsHttps(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IsHttps;
    }
}
