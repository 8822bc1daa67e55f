using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>One generated request, printable when it breaks something.</summary>
public sealed record FuzzRequest(HttpMethod Method, string Url, string? ContentType, byte[]? Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, new Uri(Url, UriKind.Relative));
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300));
        return $"{Method} {(Url.Length > 300 ? Url[..300] + "..." : Url)} [{ContentType}] {string.Join(", ", Headers.Select(h => $"{h.Key}: {h.Value}"))} {body}";
    }
}

/// <summary>
/// Bad requests for every operation of the OpenAPI document, from one seed: wrong types, missing and
/// extra fields, huge and odd unicode strings, broken JSON, wrong content types, bad ids, dates and
/// numbers, stale or odd headers. Each request starts from the operation's own example and real ids
/// (<paramref name="ids"/>, by path parameter name) so that it gets past routing and into the checks.
/// </summary>
public sealed class OpenApiFuzzer(JsonDocument openApi, Random random, IReadOnlyDictionary<string, List<string>> ids)
{
    private static readonly string[] Strings =
    [
        "", " ", "a", "null", "0", "-1", "true", "2026-12-07", "2026-12-07T09:00", "2026-12-07T09:00:00-05:00",
        "😀🏥", "مرحبا بالعالم", "e\u0301\u0301\u0301", "\u0000", "\u202eevil", "\uFEFF", "' OR 1=1 --", "<script>alert(1)</script>",
        "../../etc/passwd", "%s%n%x", "America/New_York", "Mars/Olympus", "monday", "MONDAY", "us-federal", "delivered", "missed",
        "\t\r\n", "\\u0000", new string('x', 201), new string('x', 501), "患者", "𝕳𝖊𝖑𝖑𝖔", "\ud83d\ude00\ud83d\ude00",
    ];

    private static readonly string[] Dates =
    [
        "2026-12-07", "2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01", "-0001-01-01", "2026-12-07T09:00", "2026-12-07T09:00:00-05:00",
        "2026-12-07T09:00:00Z", "2026-12-07T25:00", "2026-W50-1", "20261207", "yesterday", "2026-12-07T09:00:00+25:00", "2026-12-08T08:00:00.123456789-05:00",
        "1970-01-01", "2026-11-30", "2027-01-29", "+275760-09-13", "2026-12-07T08:00:00-05:00",
        // The calendar's ends as moments and UTC instants: a local 9999-12-31 west of UTC is an instant in year 10000.
        "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "2999-12-31T23:59:59-12:00", "1900-01-01T00:00:00+14:00", "1899-12-31", "3000-01-01",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "2", "3", "5", "6", "2147483647", "2147483648", "-2147483649", "1e308", "-1e308", "1e400", "1.5", "0.0001",
        "5.0000001", "4.9", "1e-320", "-0", "9007199254740993", "0x10",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/json; charset=utf-16", "application/json-patch+json", "application/problem+json", "*/*", "application/json;;;",
    ];

    private readonly List<Operation> operations = [.. Operations(openApi)];

    public FuzzRequest Next()
    {
        var operation = operations[random.Next(operations.Count)];
        var url = new StringBuilder(Path(operation));
        var query = Query(operation);
        if (query.Length > 0)
        {
            url.Append('?').Append(query);
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (operation.Method != HttpMethod.Get && random.Next(4) > 0)
        {
            headers.Add(new("If-Match", Pick("\"1\"", "\"2\"", "\"3\"", "*", "\"x", "W/\"1\"", "1", "\"\"", $"\"{new string('9', 40)}\"")));
        }

        if (operation.Method == HttpMethod.Post && random.Next(6) == 0)
        {
            headers.Add(new("Idempotency-Key", Pick(Guid.NewGuid().ToString(), "fixed-key", new string('k', 256), "\"quoted\"", "", "\"")));
        }

        var (contentType, body) = Body(operation);
        return new FuzzRequest(operation.Method, url.ToString(), contentType, body, headers);
    }

    private string Path(Operation operation)
    {
        var path = operation.Template;
        foreach (var name in operation.PathParameters)
        {
            var value = random.Next(4) > 0 && ids.TryGetValue(name, out var known) && known.Count > 0
                ? known[random.Next(known.Count)]
                // No %00: the in-memory test server refuses it before the service sees it (Kestrel answers 400).
                : Pick("nope", "0", "-1", "null", "%2e%2e", "..", new string('z', 3000), Uri.EscapeDataString("患者😀"), Uri.EscapeDataString("' OR 1=1 --"), "%20", Guid.NewGuid().ToString("N"));
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return path;
    }

    private string Query(Operation operation)
    {
        var parts = new List<string>();
        foreach (var (name, type) in operation.QueryParameters)
        {
            if (random.Next(5) < 2)
            {
                continue;
            }

            var value = type switch
            {
                "integer" => Pick(Numbers),
                "boolean" => Pick("true", "false", "maybe", "1", "", "TRUE"),
                _ when name is "from" or "to" or "date" => Pick(Dates),
                _ when name == "entity" => Pick("plan", "center", "planz", "", "PLAN"),
                _ when name == "status" => Pick("free", "booked", "all", ""),
                _ => Pick(Strings),
            };
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
            if (random.Next(10) == 0)
            {
                parts.Add($"{name}={Uri.EscapeDataString(Pick(Strings))}"); // the same parameter twice
            }
        }

        if (random.Next(10) == 0)
        {
            parts.Add($"unexpected={Uri.EscapeDataString(Pick(Strings))}");
        }

        return string.Join('&', parts);
    }

    private (string? ContentType, byte[]? Body) Body(Operation operation)
    {
        if (operation.Example is null)
        {
            return random.Next(20) == 0 ? ("application/json", Encoding.UTF8.GetBytes("{\"unexpected\": true}")) : (null, null);
        }

        var contentType = random.Next(7) == 0 ? Pick(ContentTypes) : "application/json";
        var dice = random.Next(10);
        if (dice == 0)
        {
            return (random.Next(2) == 0 ? contentType : null, null);
        }

        var json = Mutate(operation, (JsonObject)Example(operation).DeepClone()).ToJsonString();
        var text = dice == 1 ? RawDamage(json) : json;
        return (contentType, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The example with real ids for its placeholders ("&lt;centerId from ...&gt;").</summary>
    private JsonObject Example(Operation operation)
    {
        var example = (JsonObject)operation.Example!.DeepClone();
        foreach (var (name, value) in example.ToList())
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith('<') && ids.TryGetValue(name, out var known) && known.Count > 0)
            {
                example[name] = known[random.Next(known.Count)];
            }
        }

        return example;
    }

    private JsonObject Mutate(Operation operation, JsonObject body)
    {
        var names = body.Select(p => p.Key).Union(operation.BodyProperties).ToList();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var name = names.Count == 0 ? "x" : names[random.Next(names.Count)];
            switch (random.Next(7))
            {
                case 0:
                    body.Remove(name);
                    break;
                case 1:
                    body[$"extra{random.Next(3)}"] = AnyValue();
                    break;
                case 2:
                    body[name] = JsonValue.Create(string.Concat(Enumerable.Repeat(Pick("x", "é", "😀", "\u0301"), random.Next(2) == 0 ? 70_000 : 5_000)));
                    break;
                case 3 when body[name] is JsonArray array:
                    MutateArray(array);
                    break;
                default:
                    body[name] = AnyValue();
                    break;
            }
        }

        return body;
    }

    private void MutateArray(JsonArray array)
    {
        switch (random.Next(4))
        {
            case 0:
                array.Clear();
                break;
            case 1:
                for (var i = 0; i < 20 && array.Count > 0; i++)
                {
                    array.Add(array[0]!.DeepClone());
                }

                break;
            case 2 when array.Count > 0 && array[0] is JsonObject item:
                var keys = item.Select(p => p.Key).ToList();
                item[keys.Count == 0 ? "x" : keys[random.Next(keys.Count)]] = AnyValue();
                break;
            default:
                array.Add(AnyValue());
                break;
        }
    }

    private JsonNode? AnyValue() => random.Next(8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonNode.Parse(Pick(Numbers) is var n && double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d) ? n : "1"),
        3 => new JsonArray(JsonValue.Create(Pick(Strings)), JsonValue.Create(1)),
        4 => new JsonObject { ["nested"] = JsonValue.Create(Pick(Strings)) },
        5 => JsonValue.Create(Pick(Dates)),
        _ => JsonValue.Create(Pick(Strings)),
    };

    /// <summary>JSON broken as text: truncated, a lone surrogate, duplicate keys, a trailing comma, comments, too deep, or not JSON.</summary>
    private string RawDamage(string json) => random.Next(9) switch
    {
        0 => json[..random.Next(json.Length)],
        1 => json.Replace("\":\"", "\":\"\\ud800", StringComparison.Ordinal),
        2 => json.Length > 2 ? "{\"dup\":1,\"dup\":\"2\"," + json[1..] : json,
        3 => json.Insert(json.Length - 1, ","),
        4 => "/* c */" + json,
        5 => new string('[', 300) + new string(']', 300),
        6 => "\uFEFF" + json,
        7 => Pick("null", "[]", "\"text\"", "42", "true", "{", "}", "<xml/>"),
        _ => Encoding.Latin1.GetString([0xC3, 0x28, 0xFF, 0xFE]),
    };

    private T Pick<T>(params T[] choices) => choices[random.Next(choices.Length)];

    private static IEnumerable<Operation> Operations(JsonDocument document)
    {
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                JsonObject? example = null;
                List<string> properties = [];
                if (operation.Value.TryGetProperty("requestBody", out var body)
                    && body.GetProperty("content").TryGetProperty("application/json", out var json))
                {
                    example = json.TryGetProperty("example", out var e) ? JsonNode.Parse(e.GetRawText()) as JsonObject : new JsonObject();
                    if (json.GetProperty("schema").TryGetProperty("$ref", out var reference)
                        && schemas.GetProperty(reference.GetString()!.Split('/')[^1]).TryGetProperty("properties", out var props))
                    {
                        properties = [.. props.EnumerateObject().Select(x => x.Name)];
                    }
                }

                yield return new Operation(
                    new HttpMethod(operation.Name.ToUpperInvariant()),
                    path.Name,
                    [.. parameters.Where(x => x.GetProperty("in").GetString() == "path").Select(x => x.GetProperty("name").GetString()!)],
                    [.. parameters.Where(x => x.GetProperty("in").GetString() == "query")
                        .Select(x => (x.GetProperty("name").GetString()!, x.TryGetProperty("schema", out var s) && s.TryGetProperty("type", out var t) ? t.GetString() : null))],
                    example,
                    properties);
            }
        }
    }

    private sealed record Operation(
        HttpMethod Method, string Template, IReadOnlyList<string> PathParameters, IReadOnlyList<(string Name, string? Type)> QueryParameters,
        JsonObject? Example, IReadOnlyList<string> BodyProperties);
}
