using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>PATCH /patients/{id}: day 1 and the lesions are corrected until the first delivery, carrying the live plan along.</summary>
public class PatientCorrectionsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private Task<HttpResponseMessage> CorrectAsync(string patientId, long? ifMatch, object body) =>
        api.ChangeAsync(HttpMethod.Patch, $"/api/v1/patients/{patientId}", ifMatch, body);

    private async Task<Patient> GetPatientAsync(string id) => await Client.OkAsync<Patient>(await api.Http.GetAsync($"/api/v1/patients/{id}"));

    [ProviderFact]
    public async Task ReadingAPatientAnswersItsVersionAsAStrongETag()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();

        var response = await api.Http.GetAsync($"/api/v1/patients/{patient.Id}");

        var read = await Client.OkAsync<Patient>(response);
        Assert.Equal(new EntityTagHeaderValue("\"1\""), response.Headers.ETag);
        Assert.Equal((1L, "planned", (Withdrawal?)null), (read.Version, read.Status, read.Withdrawal));
    }

    [ProviderFact]
    public async Task PatchingDayOneReplansTheLivePlan()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();

        var response = await CorrectAsync(patient.Id, 1, new { dayOne = "2026-12-09", reason = "day 1 mistyped at enrolment" });

        var answer = await Client.OkAsync<PatientChange>(response);
        Assert.Equal(new EntityTagHeaderValue("\"2\""), response.Headers.ETag);
        Assert.Equal(("2026-12-09", 2L, "planned"), (answer.Patient.DayOne, answer.Patient.Version, answer.Patient.Status));
        var replanned = answer.Plan!;
        Assert.Equal((plan.Id, 2L, "draft", "2026-12-09"), (replanned.Id, replanned.Version, replanned.Status, replanned.DayOne));
        Assert.Equal(("2026-12-09", "2026-12-20"), (replanned.Window.Start, replanned.Window.End));
        Assert.Equal(5, replanned.Booked.Length);
        Assert.All(replanned.Booked, f => Assert.InRange(f.Start[..10], "2026-12-09", "2026-12-20"));
        Assert.Contains(replanned.Milestones, m => m is { Kind: "palbociclibStart", Date: "2026-12-29" });
        Client.SameJson(answer.Patient, await GetPatientAsync(patient.Id));
        Client.SameJson(replanned with { Changes = null }, await api.GetPlanAsync(plan.Id));
        // The slots of the old plan that the new one does not use are free again.
        var booked = await api.SlotsAsync(patient.CenterId, "2026-12-07", "2026-12-20", "booked");
        Assert.Equal(replanned.Booked.Select(f => f.Start).Order(), booked.Select(s => s.Start).Order());

        var audit = Records.Audit(app, patient.Id);
        Assert.Equal(["patient.created", "patient.corrected"], audit.Select(a => a.Action));
        Assert.Equal("day 1 mistyped at enrolment", audit[1].Reason);
        Assert.Equal("2026-12-07", JsonDocument.Parse(audit[1].OldJson!).RootElement.GetProperty("dayOne").GetString());
        Assert.Equal("2026-12-09", JsonDocument.Parse(audit[1].NewJson!).RootElement.GetProperty("dayOne").GetString());
        Assert.Equal(("plan.replanned", "day 1 mistyped at enrolment"), (Records.Audit(app, plan.Id)[^1].Action, Records.Audit(app, plan.Id)[^1].Reason));
        var events = Records.Events(app, plan.Id);
        Assert.Equal(["plan.created", "plan.changed"], events.Select(e => e.Type));
        Assert.Equal(2, JsonDocument.Parse(events[^1].Payload).RootElement.GetProperty("data").GetProperty("version").GetInt64());
    }

    [ProviderFact]
    public async Task PatchingTheLesionListKeepsChangesAddsAndRemovesLesionsAndReplans()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync(lesions: 2);
        var (kept, removed) = (patient.Lesions[0], patient.Lesions[1]);

        var answer = await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new
        {
            lesions = new object[]
            {
                new { id = kept.Id, label = "T8 vertebra", site = "bone", greatestDiameterCm = 3.1 },
                new { label = "Left iliac crest", site = (string?)null, greatestDiameterCm = 1.8 },
            },
            reason = "planning CT: second lesion was the iliac crest",
        }));

        Assert.Equal(2, answer.Patient.Lesions.Length);
        Assert.Equal(new Lesion(kept.Id, "T8 vertebra", "bone", 3.1), answer.Patient.Lesions[0]);
        var added = answer.Patient.Lesions[1];
        Assert.Equal(("Left iliac crest", (string?)null, 1.8), (added.Label, added.Site, added.GreatestDiameterCm));
        Assert.DoesNotContain(removed.Id, answer.Patient.Lesions.Select(l => l.Id));
        var replanned = answer.Plan!;
        Assert.Equal(2, replanned.Version);
        Assert.Equal(5, replanned.Booked.Count(f => f.LesionId == kept.Id));
        Assert.Equal(5, replanned.Booked.Count(f => f.LesionId == added.Id));
        Assert.DoesNotContain(replanned.Fractions, f => f.LesionId == removed.Id);
        Assert.Equal(100.0, replanned.Summary.TotalDoseGy);
        Client.SameJson(answer.Patient, await GetPatientAsync(patient.Id));
        Client.SameJson(replanned with { Changes = null }, await api.GetPlanAsync(plan.Id));
        Assert.Equal(["plan.created", "plan.changed"], Records.Events(app, plan.Id).Select(e => e.Type));
    }

    [ProviderFact]
    public async Task PatchingOnlyALabelLeavesThePlanAsItIs()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var lesion = patient.Lesions[0];

        var answer = await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new
        {
            lesions = new[] { new { id = lesion.Id, label = "T9 vertebra", site = lesion.Site, greatestDiameterCm = lesion.GreatestDiameterCm } },
            reason = "wrong level",
        }));

        Assert.Equal(("T9 vertebra", 2L), (answer.Patient.Lesions[0].Label, answer.Patient.Version));
        Client.SameJson(plan, answer.Plan);
        Client.SameJson(plan, await api.GetPlanAsync(plan.Id));
        Assert.Equal(["plan.created"], Records.Events(app, plan.Id).Select(e => e.Type));
        Assert.Equal("patient.corrected", Records.Audit(app, patient.Id)[^1].Action);
    }

    [ProviderFact]
    public async Task PatchingAPatientWithoutAPlanCorrectsThePatientOnly()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id);

        var answer = await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new { dayOne = "2026-12-14", reason = "moved a week" }));

        Assert.Equal(("2026-12-14", "enrolled"), (answer.Patient.DayOne, answer.Patient.Status));
        Assert.Null(answer.Plan);
        var planned = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));
        Assert.Equal("2026-12-14", planned.Window.Start);
    }

    [ProviderFact]
    public async Task PatchingAnArmOnePatientMovesItsMilestonesAndGivesItNoFractions()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        var patient = await Client.CreatedAsync<Patient>(await api.PostAsync("/api/v1/patients", new { studyId = "CIMER-ARM1", centerId = center.Id, arm = 1, dayOne = "2026-12-07" }));
        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));

        var answer = await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new { dayOne = "2026-12-08", reason = "letrozole started a day late" }));
        var withLesions = await CorrectAsync(patient.Id, 2, new { lesions = new[] { new { label = "Liver", greatestDiameterCm = 1.0 } }, reason = "x" });

        Assert.Equal((plan.Id, "2026-12-08"), (answer.Plan!.Id, answer.Plan.DayOne));
        Assert.Empty(answer.Plan.Fractions);
        Assert.Contains(answer.Plan.Milestones, m => m is { Kind: "letrozoleStart", Date: "2026-12-08" });
        Assert.Contains("lesions", (await Client.ProblemAsync(withLesions, HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [ProviderFact]
    public async Task PatchingWithoutIfMatchIs428AndChangesNothing()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();

        await Client.ProblemAsync(await CorrectAsync(patient.Id, null, new { dayOne = "2026-12-09", reason = "r" }), (HttpStatusCode)428);

        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task PatchingWithAStaleIfMatchIs412AndChangesNothing()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new { dayOne = "2026-12-08", reason = "first" }));
        var before = app.Fingerprint();

        var problem = await Client.ProblemAsync(await CorrectAsync(patient.Id, 1, new { dayOne = "2026-12-09", reason = "second" }), HttpStatusCode.PreconditionFailed);

        Assert.Contains("patient", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task PatchingAnUnknownPatientIs404() =>
        await Client.ProblemAsync(await CorrectAsync("nope", 1, new { dayOne = "2026-12-09", reason = "r" }), HttpStatusCode.NotFound);

    // Why these: no reason; nothing to correct; a day 1 that is not a date; a lesion id that is not
    // the patient's; the same id twice; six lesions; none for arm 2; a lesion over 5.0 cm.
    [ProviderTheory]
    [InlineData("""{ "dayOne": "2026-12-09" }""", "reason")]
    [InlineData("""{ "reason": "r" }""", "dayOne")]
    [InlineData("""{ "dayOne": "9 Dec", "reason": "r" }""", "dayOne")]
    [InlineData("""{ "lesions": [ { "id": "not-mine", "label": "A", "greatestDiameterCm": 1 } ], "reason": "r" }""", "lesions[0].id")]
    [InlineData("""{ "lesions": [ { "id": "$L", "label": "A", "greatestDiameterCm": 1 }, { "id": "$L", "label": "B", "greatestDiameterCm": 1 } ], "reason": "r" }""", "lesions[1].id")]
    [InlineData("""{ "lesions": [ {"label":"1","greatestDiameterCm":1}, {"label":"2","greatestDiameterCm":1}, {"label":"3","greatestDiameterCm":1}, {"label":"4","greatestDiameterCm":1}, {"label":"5","greatestDiameterCm":1}, {"label":"6","greatestDiameterCm":1} ], "reason": "r" }""", "lesions")]
    [InlineData("""{ "lesions": [], "reason": "r" }""", "lesions")]
    [InlineData("""{ "lesions": [ { "id": "$L", "label": "A", "greatestDiameterCm": 5.1 } ], "reason": "r" }""", "lesions[0].greatestDiameterCm")]
    public async Task PatchingOutsideTheRulesIs400OnTheFieldAndChangesNothing(string body, string field)
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/patients/{patient.Id}")
        {
            Content = new StringContent(body.Replace("$L", patient.Lesions[0].Id, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));

        var problem = await Client.ProblemAsync(await api.Http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task PatchingAfterADeliveryIs409ThatSaysWhyAndChangesNothing()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var first = plan.Booked.MinBy(f => f.StartsAt)!;
        api.AfterStartOf(first);
        await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, first, new { outcome = "delivered" }));
        var before = app.Fingerprint();

        var problem = await Client.ProblemAsync(await CorrectAsync(patient.Id, 1, new { dayOne = "2026-12-09", reason = "too late" }), HttpStatusCode.Conflict);

        Assert.Contains("delivered", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task PatchingWhileAStartedFractionHasNoDeliveryRecordIs409()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        api.AfterStartOf(plan.Booked.MinBy(f => f.StartsAt)!);

        var problem = await Client.ProblemAsync(await CorrectAsync(patient.Id, 1, new { dayOne = "2026-12-09", reason = "r" }), HttpStatusCode.Conflict);

        Assert.Contains("no delivery record", problem.Detail, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task PatchingToADayOneWithNoPlanIs422WithTheSuggestionsOfAPlanAndChangesNothing()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();

        // Day 1 six weeks before now (2026-11-20): no slot of its window is still ahead.
        var problem = await Client.ProblemAsync(await CorrectAsync(patient.Id, 1, new { dayOne = "2026-10-05", reason = "r" }), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("linacsUnavailable", problem.Code);
        var dayOne = Assert.Single(problem.Suggestions!, s => s.GetProperty("kind").GetString() == "dayOne").GetProperty("dayOne").GetString()!;
        Assert.True(string.CompareOrdinal(dayOne, "2026-11-28") >= 0, dayOne);
        Assert.Equal(before, app.Fingerprint());
        var answer = await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new { dayOne, reason = "the suggested day 1" }));
        Assert.Equal(dayOne, answer.Plan!.DayOne);
    }
}
