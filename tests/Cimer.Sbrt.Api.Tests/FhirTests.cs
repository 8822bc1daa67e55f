using System.Globalization;
using System.Net;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Linac = Cimer.Sbrt.Api.Tests.Infrastructure.Linac;
using Plan = Cimer.Sbrt.Api.Tests.Infrastructure.Plan;
using Slot = Hl7.Fhir.Model.Slot;
using Task = System.Threading.Tasks.Task;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// The FHIR view read with the Firely SDK: every resource served is parsed strictly and validated,
/// then checked for what the SDK does not check (end after start, a slot inside its linac's hours).
/// </summary>
public class FhirTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private const string Week = "start=ge2026-12-07&start=lt2026-12-14";

    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task Metadata_ListsExactlyTheReadsAndSearchesServed()
    {
        var statement = await FhirReader.ReadAsync<CapabilityStatement>(api.Http, "/fhir/r4/metadata");

        var rest = Assert.Single(statement.Rest);
        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        Assert.Equal(["Appointment", "Device", "Schedule", "Slot"], rest.Resource.Select(r => r.Type).Order());
        Assert.Equal(["_count", "_offset", "schedule", "start", "status"], Params(rest, "Slot"));
        Assert.Equal(["_count", "_offset", "actor", "date", "patient", "status"], Params(rest, "Appointment"));
        Assert.Equal([CapabilityStatement.TypeRestfulInteraction.Read], rest.Resource.Single(r => r.Type == "Device").Interaction.Select(i => i.Code));
    }

    [ProviderFact]
    public async Task SlotSearch_PagesThroughAWeekOfSlots_EachValidAndInsideTheLinacsHours()
    {
        var (_, linac) = await LinacAsync();

        var slots = await FhirReader.SearchAllAsync<Slot>(api.Http, $"/fhir/r4/Slot?schedule=Schedule/{linac.Id}&{Week}&_count=30");

        Assert.Equal(5 * 20, slots.Count);
        Assert.Equal(slots.OrderBy(s => s.Start).ThenBy(s => s.Id).Select(s => s.Id), slots.Select(s => s.Id));
        Assert.All(slots, s => AssertInsideHours(s, linac));
        Assert.All(slots, s => Assert.Equal((Slot.SlotStatus.Free, $"Schedule/{linac.Id}"), (s.Status, s.Schedule.Reference)));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(-5)), slots[0].Start);
        Assert.Equal($"{linac.Id}-20261207T1300Z", slots[0].Id);
    }

    [ProviderFact]
    public async Task SlotSearch_ByStatus_BusyAreTheBookedFractions_UnavailableAreDowntimeAndClosures()
    {
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        await Client.CreatedAsync<Downtime>(await api.PostAsync($"/api/v1/linacs/{linac.Id}/downtimes", new { start = "2026-12-22T08:00", end = "2026-12-22T10:00", reason = "QA" }));
        const string Range = "start=ge2026-12-07&start=lt2027-01-01";

        var busy = await FhirReader.SearchAllAsync<Slot>(api.Http, $"/fhir/r4/Slot?schedule=Schedule/{linac.Id}&{Range}&status=busy");
        var unavailable = await FhirReader.SearchAllAsync<Slot>(api.Http, $"/fhir/r4/Slot?schedule={linac.Id}&{Range}&status=busy-unavailable");
        var all = await FhirReader.SearchAllAsync<Slot>(api.Http, $"/fhir/r4/Slot?schedule={linac.Id}&{Range}&_count=2000");

        Assert.Equal(plan.Fractions.Select(f => f.StartsAt).Order(), busy.Select(s => s.Start!.Value));
        Assert.Equal(4 + 20, unavailable.Count);
        Assert.Equal(["Center closed: Christmas Day", "Linac down: QA"], unavailable.Select(s => s.Comment).Distinct().Order());
        Assert.All(unavailable.Where(s => s.Comment!.StartsWith("Center", StringComparison.Ordinal)), s => Assert.Equal(25, s.Start!.Value.Day));
        Assert.Equal(all.Count - busy.Count - unavailable.Count, all.Count(s => s.Status == Slot.SlotStatus.Free));
        Assert.All(all, s => AssertInsideHours(s, linac));
    }

    [ProviderFact]
    public async Task SlotSearch_AcrossLinacs_OrdersByStartThenId_AndDateTimesBoundExactly()
    {
        // A database of its own: a search across every linac would count the linacs of the tests that ran before.
        using var own = app.Another();
        var ownApi = own.Api();
        var center = await ownApi.CenterAsync();
        var first = await ownApi.LinacAsync(center.Id);
        await ownApi.LinacAsync(center.Id, name: "TrueBeam 2");

        var morning = await FhirReader.SearchAllAsync<Slot>(ownApi.Http, "/fhir/r4/Slot?start=ge2026-12-07T08:00:00-05:00&start=lt2026-12-07T09:00:00-05:00&status=free");

        Assert.Equal(4, morning.Count);
        Assert.Equal(2, morning.Count(s => s.Schedule.Reference == $"Schedule/{first.Id}"));
        Assert.All(morning, s => Assert.InRange(s.Start!.Value, new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(-5)), new DateTimeOffset(2026, 12, 7, 8, 30, 0, TimeSpan.FromHours(-5))));
        Assert.Equal(morning.OrderBy(s => s.Start).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id), morning.Select(s => s.Id));
    }

    [ProviderFact]
    public async Task Slot_ReadById_IsWhatTheSearchFound_AndUnknownIdsAre404()
    {
        var (_, linac) = await LinacAsync();
        var found = (await FhirReader.SearchAllAsync<Slot>(api.Http, $"/fhir/r4/Slot?schedule={linac.Id}&{Week}&_count=3")).Last();

        var read = await FhirReader.ReadAsync<Slot>(api.Http, $"/fhir/r4/Slot/{found.Id}");

        Assert.True(found.IsExactly(read));
        await FhirReader.OutcomeAsync(api.Http, $"/fhir/r4/Slot/{linac.Id}-20261207T1310Z", HttpStatusCode.NotFound);
        await FhirReader.OutcomeAsync(api.Http, $"/fhir/r4/Slot/{linac.Id}-20261212T1300Z", HttpStatusCode.NotFound);
        await FhirReader.OutcomeAsync(api.Http, "/fhir/r4/Slot/nonsense", HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task Slot_ReadById_IsTheSearchEntry_ForFreeBusyAndUnavailableSlots()
    {
        var (_, linac, _, _) = await api.PlannedPatientAsync();
        await Client.CreatedAsync<Downtime>(await api.PostAsync($"/api/v1/linacs/{linac.Id}/downtimes", new { start = "2026-12-22T08:00", end = "2026-12-22T10:00", reason = "QA" }));
        var all = await FhirReader.SearchAllAsync<Slot>(api.Http, $"/fhir/r4/Slot?schedule={linac.Id}&start=ge2026-12-07&start=lt2027-01-01&_count=2000");
        // Every booked fraction, every slot in downtime or on the closure, and a few free ones.
        var found = all.Where(s => s.Status != Slot.SlotStatus.Free).Concat(all.Where(s => s.Status == Slot.SlotStatus.Free).Take(3)).ToList();
        Assert.Contains(found, s => s.Status == Slot.SlotStatus.Busy);
        Assert.Contains(found, s => s.Comment?.StartsWith("Linac down", StringComparison.Ordinal) == true);
        Assert.Contains(found, s => s.Comment?.StartsWith("Center closed", StringComparison.Ordinal) == true);

        foreach (var slot in found)
        {
            var read = await FhirReader.ReadAsync<Slot>(api.Http, $"/fhir/r4/Slot/{slot.Id}");

            Assert.Equal(JsonSerializer.Serialize(slot, FhirReader.Json), JsonSerializer.Serialize(read, FhirReader.Json));
        }
    }

    [ProviderFact]
    public async Task Appointments_OnePerVisit_FoundByDateActorPatientAndStatus()
    {
        var (_, linac, patient, plan) = await api.PlannedPatientAsync(lesions: 2);
        var dates = plan.Fractions.Select(f => f.StartsAt.Date).Distinct().Count();

        var byLinac = await FhirReader.SearchAllAsync<Appointment>(api.Http, $"/fhir/r4/Appointment?date=ge2026-12-07&date=lt2026-12-19&actor=Device/{linac.Id}&_count=2");
        var byPatient = await FhirReader.SearchAllAsync<Appointment>(api.Http, $"/fhir/r4/Appointment?patient={patient.StudyId}&status=booked");
        var none = await FhirReader.SearchAllAsync<Appointment>(api.Http, $"/fhir/r4/Appointment?patient={patient.StudyId}&status=fulfilled,noshow");

        Assert.Equal(dates, byLinac.Count);
        Assert.Equal(byLinac.Select(a => a.Id), byPatient.Select(a => a.Id));
        Assert.Empty(none);
        foreach (var visit in byLinac)
        {
            var fractions = plan.Fractions.Where(f => f.StartsAt.Date == visit.Start!.Value.Date).OrderBy(f => f.StartsAt).ToList();
            Assert.Equal($"{plan.Id}-{visit.Start!.Value:yyyyMMdd}", visit.Id);
            Assert.Equal((fractions[0].StartsAt, DateTimeOffset.Parse(fractions[^1].End, CultureInfo.InvariantCulture)), (visit.Start!.Value, visit.End!.Value));
            Assert.True(visit.End > visit.Start);
            Assert.Equal(fractions.Count, visit.Slot.Count);
            var participant = visit.Participant.Single(p => p.Actor!.Identifier is not null).Actor!;
            Assert.Equal(("urn:cimer:study-id", patient.StudyId), (participant.Identifier!.System, participant.Identifier.Value));
            Assert.Contains(visit.Participant, p => p.Actor!.Reference == $"Device/{linac.Id}");
            Assert.True(visit.IsExactly(await FhirReader.ReadAsync<Appointment>(api.Http, $"/fhir/r4/Appointment/{visit.Id}")));
        }
    }

    [ProviderFact]
    public async Task Appointments_FollowTheFractions_FulfilledNoshowCancelled()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Fractions.OrderBy(f => f.StartsAt).ToArray();
        api.AfterStartOf(ordered[0]);
        plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[0], new { outcome = "delivered" }));
        api.AfterStartOf(ordered[1]);
        plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[1], new { outcome = "missed" }));
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));

        string Status(Fraction f) => $"/fhir/r4/Appointment/{plan.Id}-{f.StartsAt:yyyyMMdd}";
        var fulfilled = await FhirReader.ReadAsync<Appointment>(api.Http, Status(ordered[0]));
        var cancelled = await FhirReader.SearchAllAsync<Appointment>(api.Http, $"/fhir/r4/Appointment?patient={patient.StudyId}&status=cancelled");

        Assert.Equal(Appointment.AppointmentStatus.Fulfilled, fulfilled.Status);
        Assert.Equal(Appointment.AppointmentStatus.Noshow, (await FhirReader.ReadAsync<Appointment>(api.Http, Status(ordered[1]))).Status);
        var plannedOnly = plan.Fractions.GroupBy(f => f.StartsAt.Date).Count(day => day.All(f => f.Status == "planned"));
        Assert.Equal(plannedOnly, cancelled.Count);
    }

    [ProviderFact]
    public async Task Schedules_OnePerLinac_WithTheLinacAsADevice()
    {
        var (_, linac) = await LinacAsync();

        var schedules = await FhirReader.SearchAllAsync<Schedule>(api.Http, $"/fhir/r4/Schedule?actor=Device/{linac.Id}");
        var device = await FhirReader.ReadAsync<Device>(api.Http, $"/fhir/r4/Device/{linac.Id}");

        var schedule = Assert.Single(schedules);
        Assert.Equal((linac.Id, $"Device/{linac.Id}"), (schedule.Id, Assert.Single(schedule.Actor).Reference));
        Assert.True(schedule.IsExactly(await FhirReader.ReadAsync<Schedule>(api.Http, $"/fhir/r4/Schedule/{linac.Id}")));
        Assert.Equal(linac.Name, Assert.Single(device.DeviceName).Name);
        await FhirReader.OutcomeAsync(api.Http, "/fhir/r4/Schedule/nope", HttpStatusCode.NotFound);
        await FhirReader.OutcomeAsync(api.Http, "/fhir/r4/Device/nope", HttpStatusCode.NotFound);
    }

    [ProviderTheory]
    // An unknown parameter, a modifier not supported, bad dates and prefixes, bad paging, a bad
    // token, a reference of the wrong type, a range too long, a parameter given twice, XML.
    [InlineData("Slot?when=2026-12-07")]
    [InlineData("Slot?status:not=free")]
    [InlineData("Slot?start=tomorrow")]
    [InlineData("Slot?start=sa2026-12-07")]
    [InlineData("Slot?start=ge2026-12-07T09:00")]
    [InlineData("Slot?_count=-1")]
    [InlineData("Slot?_count=5000")]
    [InlineData("Slot?status=open")]
    [InlineData("Slot?schedule=Patient/1")]
    [InlineData("Slot?start=ge2026-01-01&start=lt2026-12-31")]
    [InlineData("Slot?status=free&status=busy")]
    [InlineData("Appointment?_format=xml")]
    [InlineData("Appointment?date=ap2026-12-07")]
    [InlineData("Appointment?status=done")]
    [InlineData("Appointment?_offset=x")]
    [InlineData("Schedule?name=TrueBeam")]
    public async Task BadSearches_Are400OperationOutcomes(string search)
    {
        var outcome = await FhirReader.OutcomeAsync(api.Http, $"/fhir/r4/{search}", HttpStatusCode.BadRequest);

        Assert.Equal(OperationOutcome.IssueType.Invalid, outcome.Issue[0].Code);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Issue[0].Diagnostics));
    }

    [ProviderFact]
    public async Task UnknownResourcesAre404_AndWritesAre405()
    {
        await FhirReader.OutcomeAsync(api.Http, "/fhir/r4/Patient/1", HttpStatusCode.NotFound);
        var post = await api.Http.PostAsync("/fhir/r4/Slot", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("application/fhir+json", post.Content.Headers.ContentType?.MediaType);
    }

    // Why these: a FHIR client reads an OperationOutcome, not problem+json, for every refusal, including
    // the ones made before a FHIR endpoint runs: no token or a bad one (with the Bearer challenge kept),
    // a token whose roles do not allow reading, and a body over the limit.
    [ProviderTheory]
    [InlineData(null, HttpStatusCode.Unauthorized, "login")]
    [InlineData("not.a.jwt", HttpStatusCode.Unauthorized, "login")]
    [InlineData("no-role", HttpStatusCode.Forbidden, "forbidden")]
    [InlineData("nurse", HttpStatusCode.Forbidden, "forbidden")]
    public async Task ARefusedToken_IsAnOperationOutcome(string? token, HttpStatusCode status, string code)
    {
        var bearer = token switch
        {
            null or "not.a.jwt" => token,
            "no-role" => Tokens.Mint([]),
            _ => Tokens.For(token),
        };

        var response = await app.Api(bearer).Http.GetAsync("/fhir/r4/Slot");

        var outcome = await FhirReader.OutcomeAsync(response, status);
        Assert.Equal(code, EnumUtility.GetLiteral(outcome.Issue[0].Code));
        Assert.False(string.IsNullOrWhiteSpace(outcome.Issue[0].Diagnostics));
        if (status == HttpStatusCode.Unauthorized)
        {
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [ProviderFact]
    public async Task ABodyOverTheLimit_IsA413OperationOutcome()
    {
        var response = await api.Http.PostAsync("/fhir/r4/Slot", new ByteArrayContent(new byte[65 * 1024]));

        var outcome = await FhirReader.OutcomeAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(OperationOutcome.IssueType.TooLong, outcome.Issue[0].Code);
    }

    [ProviderFact]
    public async Task TooManyRequests_IsA429OperationOutcome_WithRetryAfter()
    {
        using var tiny = app.Another(new Dictionary<string, string> { ["Limits:Burst"] = "1", ["Limits:RequestsPerPeriod"] = "1", ["Limits:Period"] = "01:00:00" });
        var http = tiny.Api().Http;
        await FhirReader.ReadAsync<CapabilityStatement>(http, "/fhir/r4/metadata");

        var response = await http.GetAsync("/fhir/r4/metadata");

        var outcome = await FhirReader.OutcomeAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal(OperationOutcome.IssueType.Throttled, outcome.Issue[0].Code);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [ProviderFact]
    public void TheValidatorUsedHere_SeesIntoBundles()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = new Slot { Id = "x" } });

        Assert.ThrowsAny<Exception>(() => FhirReader.AssertValid(bundle));
    }

    private async Task<(Center Center, Linac Linac)> LinacAsync()
    {
        var center = await api.CenterAsync();
        return (center, await api.LinacAsync(center.Id));
    }

    private static List<string?> Params(CapabilityStatement.RestComponent rest, string type) =>
        [.. rest.Resource.Single(r => r.Type == type).SearchParam.Select(p => p.Name).Order()];

    /// <summary>End after start, and the whole slot inside the linac's opening hours on one local day.</summary>
    private static void AssertInsideHours(Slot slot, Linac linac)
    {
        var (start, end) = (slot.Start!.Value, slot.End!.Value);
        Assert.True(end > start, $"{slot.Id} ends before it starts");
        Assert.Equal(TimeSpan.FromMinutes(linac.SlotMinutes), end - start);
        Assert.Equal(start.Date, end.Date);
        Assert.InRange(start.TimeOfDay, TimeSpan.Parse(linac.OpensAt, CultureInfo.InvariantCulture), TimeSpan.Parse(linac.ClosesAt, CultureInfo.InvariantCulture));
        Assert.InRange(end.TimeOfDay, TimeSpan.Parse(linac.OpensAt, CultureInfo.InvariantCulture), TimeSpan.Parse(linac.ClosesAt, CultureInfo.InvariantCulture));
    }
}
