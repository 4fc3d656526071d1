using Cem.Core.Clients;
using Microsoft.AspNetCore.Http;

namespace Cem.Functions.Http;

/// <summary>Facts about the client of a request that several features need: its address and whether it came over https.</summary>
public static class ClientRequests
{
    /// <summary>The client's address (hashed before any use or storage).</summary>
    public static string ClientAddress(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ClientHashing.ClientAddress(request.Headers["X-Forwarded-For"].ToString(), request.HttpContext.Connection.RemoteIpAddress);
    }

    /// <summary>True when the browser reached the app over https (directly, or through Azure's front end).</summary>
    public static bool IsHttps(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IsHttps || string.Equals(request.Headers["X-Forwarded-Proto"].ToString(), "https", StringComparison.OrdinalIgnoreCase);
    }
}
