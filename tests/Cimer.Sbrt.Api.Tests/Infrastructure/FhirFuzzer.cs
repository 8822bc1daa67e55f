namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// Bad FHIR requests, which the OpenAPI document does not describe: searches with every date prefix
/// and dates and moments at and past the calendar's ends, unknown, repeated and odd parameters, reads
/// of real, malformed and extreme ids, writes, and now and then a token that is not valid or has no role.
/// </summary>
public sealed class FhirFuzzer(Random random, IReadOnlyDictionary<string, List<string>> ids)
{
    private static readonly string[] Prefixes = ["", "", "eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap", "xx", "GE"];

    private static readonly string[] Dates =
    [
        "2026-12-07", "2026", "2026-12", "2026-12-07T09:00:00-05:00", "2026-12-07T09:00-05:00", "2026-12-07T14:00:00Z",
        "2026-12-07T09:00:00.1234567+14:00", "9999", "9999-12", "9999-12-30", "9999-12-31", "9999-12-31T23:59:59-12:00",
        "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999+14:00", "0001", "0001-01", "0001-01-01", "0001-01-02",
        "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "1899-12-31", "1900-01-01", "1900-01-01T00:00:00+14:00",
        "2999-12-31", "2999-12-31T23:59:59-12:00", "3000-01-01", "-0001-01-01", "+275760-09-13", "2026-12-07T09:00",
        "2026-02-30", "2026-12-07T25:00:00Z", "2026-12-07T09:00:00+25:00", "", "today", "2026-12-07T09:00:00 05:00",
    ];

    private static readonly string[] SlotStamps =
    [
        "20261207T1300Z", "20261207T1310Z", "99991231T2330Z", "99991231T2359Z", "00010101T0000Z", "18991231T2330Z",
        "19000101T0000Z", "29991231T2330Z", "30000101T0000Z", "99999999T9999Z", "2026-12-07", "",
    ];

    private static readonly string[] VisitDates = ["20261207", "20261208", "99991231", "00010101", "18991231", "29991231", "30000101", "2026", "20261332", ""];

    private static readonly string[] Junk = ["", " ", "nope", "x0", "%20", "..", "' OR 1=1 --", Uri.EscapeDataString("患者😀"), new string('z', 3000)];

    public FuzzRequest Next()
    {
        var headers = new List<KeyValuePair<string, string>>();
        switch (random.Next(20))
        {
            case 0:
                headers.Add(new("Authorization", "Bearer not.a.jwt"));
                break;
            case 1:
                headers.Add(new("Authorization", "Bearer " + Tokens.Mint([])));
                break;
            case 2:
                headers.Add(new("Accept", Pick("application/fhir+json", "application/fhir+xml", "text/html", "*/*")));
                break;
        }

        if (random.Next(25) == 0)
        {
            var body = random.Next(3) == 0 ? new byte[70 * 1024] : "{\"resourceType\":\"Slot\"}"u8.ToArray();
            return new FuzzRequest(Pick(HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch), "/fhir/r4/" + Pick("Slot", "Appointment/x", "Patient"), "application/fhir+json", body, headers);
        }

        var url = random.Next(3) == 0 ? Read() : Search();
        return new FuzzRequest(HttpMethod.Get, "/fhir/r4/" + url, null, null, headers);
    }

    private string Read() => random.Next(6) switch
    {
        0 or 1 => $"Slot/{Id("linacId")}-{Pick(SlotStamps)}",
        2 => $"Appointment/{Id("planId")}-{Pick(VisitDates)}",
        3 => $"{Pick("Schedule", "Device")}/{Id("linacId")}",
        4 => Pick("metadata", "", "Patient/1", "Slot", "Slot/", "Appointment/", "Device", "Schedule/x/_history/1"),
        _ => $"{Pick("Slot", "Appointment", "Schedule", "Device")}/{Pick(Junk)}",
    };

    private string Search()
    {
        var (type, parameters) = random.Next(5) switch
        {
            0 or 1 => ("Slot", new[] { "start", "start", "schedule", "status" }),
            2 or 3 => ("Appointment", new[] { "date", "date", "actor", "patient", "status" }),
            _ => ("Schedule", new[] { "actor" }),
        };
        var parts = new List<string>();
        foreach (var name in parameters.Where(_ => random.Next(3) > 0))
        {
            parts.Add($"{name}={Uri.EscapeDataString(Value(name))}");
        }

        for (var i = random.Next(4); i > 0; i--)
        {
            parts.Add(Pick(
                $"_count={Pick("0", "1", "100", "2000", "2001", "-1", "x", "99999999999")}",
                $"_offset={Pick("0", "5", "-1", "2147483647", "2147483648", "x")}",
                $"_format={Pick("json", "xml", "application/fhir+json", "")}",
                $"{Pick("start", "date", "status")}:{Pick("missing", "not", "exact")}={Uri.EscapeDataString(Pick(Dates))}",
                $"unexpected={Uri.EscapeDataString(Pick(Junk))}"));
        }

        return type + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
    }

    private string Value(string name) => name switch
    {
        "start" or "date" => Pick(Prefixes) + Pick(Dates),
        "schedule" => Pick("Schedule/", "", "Device/", "Patient/", "http://example.org/fhir/Schedule/") + Id("linacId"),
        "actor" => Pick("Device/", "", "Schedule/", "Device/x/") + Id("linacId"),
        "patient" => Pick("urn:cimer:study-id|", "", "|") + Pick(Junk),
        _ => Pick("free", "busy", "busy-unavailable", "booked", "cancelled,noshow", "free,", ",", "open", ""),
    };

    private string Id(string kind) =>
        random.Next(5) > 0 && ids.TryGetValue(kind, out var known) && known.Count > 0 ? known[random.Next(known.Count)] : Pick(Junk);

    private T Pick<T>(params T[] choices) => choices[random.Next(choices.Length)];
}
