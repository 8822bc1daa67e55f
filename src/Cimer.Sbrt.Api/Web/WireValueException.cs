using System.Text.Json;

namespace Cimer.Sbrt.Api.Web;

/// <summary>
/// A JSON value the service read and refused with a message meant for the client (an unknown enum
/// value, with the ones allowed); <see cref="ProblemExceptionHandler"/> shows it on the field.
/// </summary>
internal sealed class WireValueException : JsonException
{
    public WireValueException()
    {
    }

    public WireValueException(string message)
        : base(message)
    {
    }

    public WireValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
