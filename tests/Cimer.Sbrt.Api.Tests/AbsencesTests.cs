using System.Net;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// POST/GET/DELETE /patients/{id}/absences: a date she cannot come, said ahead, re-plans her live plan at
/// once by R1-R5, never earns the window widening, and is audited and sent as an event.
/// </summary>
public class AbsencesTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private Task<HttpResponseMessage> AbsentAsync(string patientId, string date, string? reason = "family wedding", bool dryRun = false, long? ifMatch = null) =>
        api.ChangeAsync(HttpMethod.Post, $"/api/v1/patients/{patientId}/absences{(dryRun ? "?dryRun=true" : "")}", ifMatch, new { date, reason });

    private static string DateOf(Fraction f) => f.Start[..10];

    [ProviderFact]
    public async Task AnAbsenceOnDayFiveReplansInsideTheWindowAwayFromThatDate()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var hit = Assert.Single(plan.Booked, f => DateOf(f) == "2026-12-11");

        var response = await AbsentAsync(patient.Id, "2026-12-11");

        var answer = await Client.CreatedAsync<AbsenceRecorded>(response);
        Assert.Equal($"/api/v1/patients/{patient.Id}/absences/{answer.Absence.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((patient.Id, "2026-12-11", "family wedding"), (answer.Absence.PatientId, answer.Absence.Date, answer.Absence.Reason));
        var replanned = answer.Plan!;
        Assert.Equal((plan.Id, 2L, "draft"), (replanned.Id, replanned.Version, replanned.Status));
        Assert.DoesNotContain(replanned.Booked, f => DateOf(f) == "2026-12-11");
        Assert.Equal(5, replanned.Booked.Length);
        Assert.All(replanned.Booked, f => Assert.InRange(DateOf(f), "2026-12-07", "2026-12-18"));
        Assert.Null(replanned.ProtocolDeviation);
        Assert.Equal(("2026-12-07", "2026-12-18", 0), (replanned.Window.Start, replanned.Window.End, replanned.Window.DeviationDays));
        Assert.Contains(replanned.Changes!, c => c.FractionId == hit.Id && c.From!.Start[..10] == "2026-12-11");
        Client.SameJson(replanned with { Changes = null }, await api.GetPlanAsync(plan.Id));
        Assert.Equal(2L, (await Client.OkAsync<Patient>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}"))).Version);

        var audit = Records.Audit(app, patient.Id);
        Assert.Equal(["patient.created", "absence.created"], audit.Select(a => a.Action));
        Assert.Equal("2026-12-11", JsonDocument.Parse(audit[^1].NewJson!).RootElement.GetProperty("date").GetString());
        Assert.Equal("plan.replanned", Records.Audit(app, plan.Id)[^1].Action);
        Assert.Equal(["plan.created", "plan.changed"], Records.Events(app, plan.Id).Select(e => e.Type));
        var recorded = Assert.Single(Records.Events(app, patient.Id));
        Assert.Equal("patient.absenceRecorded", recorded.Type);
        var data = JsonDocument.Parse(recorded.Payload).RootElement.GetProperty("data");
        Assert.Equal((patient.Id, answer.Absence.Id, "2026-12-11", 2L),
            (data.GetProperty("patientId").GetString(), data.GetProperty("absenceId").GetString(), data.GetProperty("date").GetString(), data.GetProperty("version").GetInt64()));
    }

    [ProviderFact]
    public async Task AnAbsenceThatLeavesNoRoomInTheWindowGivesADeviationNamingItNeverAWidening()
    {
        // Open Mon/Wed/Fri: W0 (2026-12-07..18) has six open days. Away on the 9th and the 11th, four are left
        // for five fractions, so the re-plan runs past the window and says the absence is why.
        var center = await api.CenterAsync(openDays: ["monday", "wednesday", "friday"]);
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id);
        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));
        var first = await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-09", "dentist"));
        Assert.Null(first.Plan!.ProtocolDeviation);

        var answer = await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-11", "family wedding"));

        var replanned = answer.Plan!;
        Assert.Equal(plan.Id, replanned.Id);
        Assert.NotNull(replanned.ProtocolDeviation);
        Assert.True(replanned.ProtocolDeviation.DaysPastWindow > 0);
        Assert.Contains(replanned.ProtocolDeviation.Causes, c => c.GetProperty("kind").GetString() == "absence" && c.GetProperty("id").GetString() == answer.Absence.Id);
        // Not widened: the window is W0 as it was (a widening would open it at D1-2 or close it at D1+13).
        Assert.Equal(("2026-12-07", "2026-12-18"), (replanned.Window.Start, replanned.Window.End));
        Assert.Equal(replanned.ProtocolDeviation.DaysPastWindow, replanned.Window.DeviationDays);
        Assert.DoesNotContain(replanned.Booked, f => DateOf(f) is "2026-12-09" or "2026-12-11");
        Assert.Equal(5, replanned.Booked.Length);
    }

    [ProviderFact]
    public async Task AnAbsenceOnAPinnedFractionsDateNeedsAttentionAndMovesNothing()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var hit = Assert.Single(plan.Booked, f => DateOf(f) == "2026-12-09");
        var pinned = await Client.OkAsync<Plan>(await api.MoveAsync(plan, hit, new { pinned = true }));

        var answer = await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-09"));

        var flagged = answer.Plan!;
        Assert.Equal((pinned.Version + 1, "needsAttention"), (flagged.Version, flagged.Status));
        Assert.Contains("pinned", flagged.AttentionReason, StringComparison.Ordinal);
        Assert.Empty(flagged.Changes!);
        Assert.Equal(pinned.Booked.Select(f => f.Start), flagged.Booked.Select(f => f.Start));
        Assert.Equal("plan.needsAttention", Records.Events(app, plan.Id)[^1].Type);
    }

    [ProviderFact]
    public async Task AnAbsenceOnADayWithoutAFractionKeepsThePlanAsItIs()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        Assert.DoesNotContain(plan.Booked, f => DateOf(f) == "2026-12-08");

        var answer = await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-08"));

        Assert.Equal(plan.Version, answer.Plan!.Version);
        Assert.Empty(answer.Plan.Changes!);
        Assert.Equal(["plan.created"], Records.Events(app, plan.Id).Select(e => e.Type));
    }

    [ProviderFact]
    public async Task AnAbsenceWithoutAPlanIsJustRecordedAndTheFirstPlanKeepsIt()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id);

        var answer = await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-07"));
        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));

        Assert.Null(answer.Plan);
        Assert.DoesNotContain(plan.Booked, f => DateOf(f) == "2026-12-07");
    }

    [ProviderFact]
    public async Task ADryRunAnswersTheSameAndSavesNothing()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();

        var answer = await Client.OkAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-11", dryRun: true));

        Assert.Equal(app.Fingerprint(), before);
        Assert.DoesNotContain(answer.Plan!.Booked, f => DateOf(f) == "2026-12-11");
        Assert.NotEmpty(answer.Plan.Changes!);
        Client.SameJson(plan, await api.GetPlanAsync(plan.Id));
        Assert.Empty(await Client.OkAsync<Absence[]>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}/absences")));
    }

    [ProviderFact]
    public async Task ListingReadingAndRemovingAbsences()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var later = await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-15", "scan"));
        var earlier = await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-11"));
        var planAfter = await api.GetPlanAsync(plan.Id);

        var listed = await Client.OkAsync<Absence[]>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}/absences"));
        var read = await Client.OkAsync<Absence>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}/absences/{later.Absence.Id}"));
        var removed = await api.Http.DeleteAsync($"/api/v1/patients/{patient.Id}/absences/{earlier.Absence.Id}?reason=wedding%20postponed");

        Assert.Equal(["2026-12-11", "2026-12-15"], listed.Select(a => a.Date));
        Assert.Equal(later.Absence, read);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal([later.Absence], await Client.OkAsync<Absence[]>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}/absences")));
        // Removing an absence does not re-plan by itself.
        Client.SameJson(planAfter, await api.GetPlanAsync(plan.Id));
        Assert.Equal(4L, (await Client.OkAsync<Patient>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}"))).Version);
        var deleted = Records.Audit(app, patient.Id)[^1];
        Assert.Equal(("absence.deleted", "wedding postponed", (string?)null), (deleted.Action, deleted.Reason, deleted.NewJson));
        Assert.Equal("2026-12-11", JsonDocument.Parse(deleted.OldJson!).RootElement.GetProperty("date").GetString());
        Assert.Equal(["patient.absenceRecorded", "patient.absenceRecorded", "patient.absenceRemoved"], Records.Events(app, patient.Id).Select(e => e.Type));
    }

    [ProviderFact]
    public async Task RemovingWithoutAReasonIs400AndAnUnknownAbsenceIs404()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var absence = await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-11"));

        var problem = await Client.ProblemAsync(await api.Http.DeleteAsync($"/api/v1/patients/{patient.Id}/absences/{absence.Absence.Id}"), HttpStatusCode.BadRequest);
        await Client.ProblemAsync(await api.Http.DeleteAsync($"/api/v1/patients/{patient.Id}/absences/nope?reason=x"), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}/absences/nope"), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/patients/nope/absences"), HttpStatusCode.NotFound);

        Assert.Contains("reason", problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task ASecondAbsenceOnTheSameDateIs409AndChangesNothing()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-11"));
        var before = app.Fingerprint();

        await Client.ProblemAsync(await AbsentAsync(patient.Id, "2026-12-11", "again"), HttpStatusCode.Conflict);

        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task AnAbsenceInThePastIs422AndChangesNothing()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();

        var problem = await Client.ProblemAsync(await AbsentAsync(patient.Id, "2026-11-19"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("absenceInPast", problem.Code);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task AStaleIfMatchIs412AndAnUnknownPatient404()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        await Client.CreatedAsync<AbsenceRecorded>(await AbsentAsync(patient.Id, "2026-12-08", ifMatch: 1));
        var before = app.Fingerprint();

        await Client.ProblemAsync(await AbsentAsync(patient.Id, "2026-12-11", ifMatch: 1), HttpStatusCode.PreconditionFailed);
        await Client.ProblemAsync(await AbsentAsync("nope", "2026-12-11"), HttpStatusCode.NotFound);

        Assert.Equal(before, app.Fingerprint());
    }

    // Why these: no reason; no date; a date that is not ISO; a reason over 500 characters.
    [ProviderTheory]
    [InlineData("""{ "date": "2026-12-11" }""", "reason")]
    [InlineData("""{ "reason": "r" }""", "date")]
    [InlineData("""{ "date": "11 Dec", "reason": "r" }""", "date")]
    [InlineData("""{ "date": "2026-12-11", "reason": "$LONG" }""", "reason")]
    public async Task BadInputIs400OnTheField(string body, string field)
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();

        var response = await api.PostRawAsync($"/api/v1/patients/{patient.Id}/absences", body.Replace("$LONG", new string('x', 501), StringComparison.Ordinal));

        Assert.Contains(field, (await Client.ProblemAsync(response, HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal(before, app.Fingerprint());
    }
}
