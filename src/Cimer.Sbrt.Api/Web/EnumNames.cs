using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cimer.Sbrt.Api.Web;

/// <summary>
/// Enums as camelCase strings (<see cref="JsonStringEnumConverter"/>), where a value that is not
/// one of them is refused with the ones that are: "'given' is not one of: delivered, missed".
/// </summary>
internal sealed class EnumNames : JsonConverterFactory
{
    private static readonly JsonStringEnumConverter Strings = new(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(Named<>).MakeGenericType(typeToConvert), Strings.CreateConverter(typeToConvert, options));

    /// <summary>The names a client may send for <paramref name="type"/>.</summary>
    public static IEnumerable<string> Of(Type type) => Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName);

    public static string NotOneOf(string sent, IEnumerable<string> allowed) => $"'{sent}' is not one of: {string.Join(", ", allowed)}.";

    private sealed class Named<T>(JsonConverter inner) : JsonConverter<T>
        where T : struct, Enum
    {
        private readonly JsonConverter<T> strings = (JsonConverter<T>)inner;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var sent = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                _ => null,
            };
            try
            {
                return strings.Read(ref reader, typeToConvert, options);
            }
            catch (JsonException) when (sent is not null)
            {
                throw new WireValueException(NotOneOf(sent, Of(typeof(T))));
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => strings.Write(writer, value, options);
    }
}
