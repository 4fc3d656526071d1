using System.Net;

namespace Cem.Core.Email;

/// <summary>
/// An email could not be delivered. Thrown out of queue functions so the host retries the message
/// (and finally moves it to the poison queue) instead of losing it. The message never contains the
/// recipient's address.
/// </summary>
public sealed class EmailDeliveryException : Exception
{
    public EmailDeliveryException() { }

    public EmailDeliveryException(string message) : base(message) { }

    public EmailDeliveryException(string message, Exception innerException) : base(message, innerException) { }

    public EmailDeliveryException(string message, HttpStatusCode? statusCode, bool isPermanent, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        IsPermanent = isPermanent;
    }

    /// <summary>The provider's last HTTP status, or null when no answer came (timeouts, network errors).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>True when the provider refused the request (a 4xx other than 408/429): retrying will not help.</summary>
    public bool IsPermanent { get; }
}
