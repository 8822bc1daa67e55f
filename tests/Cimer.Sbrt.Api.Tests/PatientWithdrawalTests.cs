using System.Net;
using System.Net.Http.Headers;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>POST /patients/{id}/withdrawal: the patient leaves the trial, their live plan is cancelled, history stays.</summary>
public class PatientWithdrawalTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private Task<HttpResponseMessage> WithdrawAsync(string patientId, string? reason = "patient withdrew consent", long? ifMatch = null) =>
        api.ChangeAsync(HttpMethod.Post, $"/api/v1/patients/{patientId}/withdrawal", ifMatch, new { reason });

    [ProviderFact]
    public async Task WithdrawingCancelsTheLivePlanFreesItsSlotsAndMarksThePatient()
    {
        var (center, _, patient, plan) = await api.PlannedPatientAsync();

        var response = await WithdrawAsync(patient.Id);

        var answer = await Client.OkAsync<PatientChange>(response);
        Assert.Equal(new EntityTagHeaderValue("\"2\""), response.Headers.ETag);
        Assert.Equal(("withdrawn", 2L, "patient withdrew consent"), (answer.Patient.Status, answer.Patient.Version, answer.Patient.Withdrawal?.Reason));
        Assert.Equal((plan.Id, "cancelled", 2L), (answer.Plan!.Id, answer.Plan.Status, answer.Plan.Version));
        Client.SameJson(answer.Plan, await api.GetPlanAsync(plan.Id));
        Client.SameJson(answer.Patient, await Client.OkAsync<Patient>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}")));
        Assert.Empty(await api.SlotsAsync(center.Id, "2026-12-01", "2026-12-31", "booked"));
        Assert.Equal(["patient.created", "patient.withdrawn"], Records.Audit(app, patient.Id).Select(a => a.Action));
        Assert.Equal(("plan.cancelled", "patient withdrew consent"), (Records.Audit(app, plan.Id)[^1].Action, Records.Audit(app, plan.Id)[^1].Reason));
        Assert.Equal(["plan.created", "plan.cancelled"], Records.Events(app, plan.Id).Select(e => e.Type));
    }

    [ProviderFact]
    public async Task WithdrawingDuringTreatmentKeepsTheDeliveredFractionsAsHistory()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var first = plan.Booked.MinBy(f => f.StartsAt)!;
        api.AfterStartOf(first);
        await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, first, new { outcome = "delivered" }));
        Assert.Equal("onTreatment", (await Client.OkAsync<Patient>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}"))).Status);

        var answer = await Client.OkAsync<PatientChange>(await WithdrawAsync(patient.Id));

        Assert.Equal("cancelled", answer.Plan!.Status);
        Assert.Equal("delivered", answer.Plan.Fractions.Single(f => f.Id == first.Id).Status);
    }

    [ProviderFact]
    public async Task PlanningAWithdrawnPatientIs409Withdrawn()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        await Client.OkAsync<PatientChange>(await WithdrawAsync(patient.Id));
        var before = app.Fingerprint();

        var problem = await Client.ProblemAsync(await api.PlanAsync(patient.Id), HttpStatusCode.Conflict);
        var correction = await api.ChangeAsync(HttpMethod.Patch, $"/api/v1/patients/{patient.Id}", 2, new { dayOne = "2026-12-14", reason = "r" });

        Assert.Contains("withdrew", problem.Detail, StringComparison.Ordinal);
        await Client.ProblemAsync(correction, HttpStatusCode.Conflict);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task ASecondWithdrawalIs409AndChangesNothing()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        await Client.OkAsync<PatientChange>(await WithdrawAsync(patient.Id));
        var before = app.Fingerprint();

        var problem = await Client.ProblemAsync(await WithdrawAsync(patient.Id, "again"), HttpStatusCode.Conflict);

        Assert.Contains("already withdrew", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task WithdrawingAPatientWithoutAPlanMarksThePatientOnly()
    {
        var center = await api.CenterAsync();
        var patient = await api.PatientAsync(center.Id);

        var answer = await Client.OkAsync<PatientChange>(await WithdrawAsync(patient.Id, ifMatch: 1));

        Assert.Equal("withdrawn", answer.Patient.Status);
        Assert.Null(answer.Plan);
    }

    [ProviderFact]
    public async Task WithdrawingWithAStaleIfMatchIs412AndChangesNothing()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();

        await Client.ProblemAsync(await WithdrawAsync(patient.Id, ifMatch: 5), HttpStatusCode.PreconditionFailed);

        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task WithdrawingWithoutAReasonIs400AndChangesNothing()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();

        var problem = await Client.ProblemAsync(await WithdrawAsync(patient.Id, reason: null), HttpStatusCode.BadRequest);

        Assert.Equal(["reason"], problem.Errors!.Keys);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task WithdrawingAnUnknownPatientIs404() =>
        await Client.ProblemAsync(await WithdrawAsync("nope"), HttpStatusCode.NotFound);
}
