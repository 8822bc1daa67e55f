using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// JSON and enum names as stored: the same camelCase text the wire uses, so a row reads the
/// way the API answers.
/// </summary>
internal static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static T Parse<T>(string text) where T : struct, Enum => Enum.Parse<T>(text, ignoreCase: true);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"Stored JSON '{json}' is not a {typeof(T).Name}.");
}
