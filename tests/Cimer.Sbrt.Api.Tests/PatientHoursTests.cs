using System.Net;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>The hours a patient can come and the time she prefers: set at enrolment or by PATCH, kept by every plan.</summary>
public class PatientHoursTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private Task<HttpResponseMessage> CorrectAsync(string patientId, long? ifMatch, object body) =>
        api.ChangeAsync(HttpMethod.Patch, $"/api/v1/patients/{patientId}", ifMatch, body);

    private static string TimeOf(Fraction f) => f.Start[11..16];

    private async Task<Patient> EnrolAsync(string centerId, object hours)
    {
        var body = Client.WithReason(new { studyId = $"CIMER-{Guid.NewGuid():N}"[..16], centerId, arm = 2, dayOne = "2026-12-07",
            lesions = new[] { new { label = "T8 vertebra", site = "bone", greatestDiameterCm = 2.0 } } });
        body.Remove("reason");
        foreach (var (key, value) in JsonSerializer.SerializeToNode(hours, Client.Json)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        return await Client.CreatedAsync<Patient>(await api.PostAsync("/api/v1/patients", body));
    }

    [ProviderFact]
    public async Task AvailableFromOnePmAtEnrolmentPutsEveryFractionAtOrAfterOne()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);

        var patient = await EnrolAsync(center.Id, new { availableFrom = "13:00", availableUntil = "17:00" });
        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));

        Assert.Equal(("13:00", "17:00", (string?)null), (patient.AvailableFrom, patient.AvailableUntil, patient.PreferredTime));
        Assert.Equal(5, plan.Booked.Length);
        Assert.All(plan.Booked, f => Assert.InRange(TimeOf(f), "13:00", "16:30"));
        var read = await Client.OkAsync<Patient>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}"));
        Assert.Equal(("13:00", "17:00", (string?)null), (read.AvailableFrom, read.AvailableUntil, read.PreferredTime));
    }

    [ProviderFact]
    public async Task PatchingAvailableFromOnePmReplansEveryFractionToOneOrLater()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        Assert.All(plan.Booked, f => Assert.Equal("08:00", TimeOf(f)));

        var response = await CorrectAsync(patient.Id, 1, new { availableFrom = "13:00", reason = "works mornings" });

        var answer = await Client.OkAsync<PatientChange>(response);
        Assert.Equal(("13:00", 2L), (answer.Patient.AvailableFrom, answer.Patient.Version));
        var replanned = answer.Plan!;
        Assert.Equal(2L, replanned.Version);
        Assert.All(replanned.Booked, f => Assert.True(string.CompareOrdinal(TimeOf(f), "13:00") >= 0, f.Start));
        Assert.Equal(5, replanned.Changes!.Length);
        Assert.Equal((plan.Summary.SpanDays, plan.Summary.Visits), (replanned.Summary.SpanDays, replanned.Summary.Visits));
        Client.SameJson(replanned with { Changes = null }, await api.GetPlanAsync(plan.Id));
        var audit = Records.Audit(app, patient.Id)[^1];
        Assert.Equal(("patient.corrected", "works mornings"), (audit.Action, audit.Reason));
        Assert.Equal("13:00", JsonDocument.Parse(audit.NewJson!).RootElement.GetProperty("availableFrom").GetString());
        Assert.Equal(["plan.created", "plan.changed"], Records.Events(app, plan.Id).Select(e => e.Type));
    }

    [ProviderFact]
    public async Task APreferredTwoPmMovesVisitsToTwoWithoutChangingSpanOrVisits()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();

        var answer = await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new { preferredTime = "14:00", reason = "prefers afternoons" }));

        var replanned = answer.Plan!;
        Assert.Equal("14:00", answer.Patient.PreferredTime);
        Assert.All(replanned.Booked, f => Assert.Equal("14:00", TimeOf(f)));
        Assert.Equal((plan.Summary.SpanDays, plan.Summary.Visits), (replanned.Summary.SpanDays, replanned.Summary.Visits));
        Assert.Equal(plan.Booked.Select(f => f.Start[..10]), replanned.Booked.Select(f => f.Start[..10]));
    }

    [ProviderFact]
    public async Task HoursThePlanAlreadyKeepsLeaveItAsItIs()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();

        var answer = await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new { availableFrom = "07:30", availableUntil = "12:00", reason = "told us her hours" }));

        Assert.Equal(plan.Version, answer.Plan!.Version);
        Assert.Empty(answer.Plan.Changes!);
        Assert.Equal(["plan.created"], Records.Events(app, plan.Id).Select(e => e.Type));
    }

    [ProviderFact]
    public async Task HoursThatLeaveNoPlanAre422WithTheCoresReasonsAndChangeNothing()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();

        var problem = await Client.ProblemAsync(await CorrectAsync(patient.Id, 1, new { availableFrom = "17:45", reason = "evenings only" }), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("patientUnavailable", problem.Code);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task HoursChangeAfterADeliveryReplansOnlyWhatRemains()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var first = plan.Booked.OrderBy(f => f.StartsAt).First();
        try
        {
            plan = await api.DeliverBeforeAsync(plan, first.StartsAt.AddMinutes(1));

            var answer = await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new { availableFrom = "13:00", reason = "new job" }));

            var replanned = answer.Plan!;
            Assert.Equal(first.Start, Assert.Single(replanned.Fractions, f => f.Id == first.Id).Start);
            Assert.All(replanned.Booked.Where(f => f.Status == "planned"), f => Assert.True(string.CompareOrdinal(TimeOf(f), "13:00") >= 0, f.Start));
            Assert.Equal(4, replanned.Changes!.Length);
        }
        finally
        {
            api.Clock.Reset(SbrtApp.Start);
        }
    }

    [ProviderFact]
    public async Task ClearingHoursWithAnEmptyStringRemovesTheLimit()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        var patient = await EnrolAsync(center.Id, new { availableFrom = "13:00" });

        var answer = await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new { availableFrom = "", reason = "can come any time now" }));

        Assert.Null(answer.Patient.AvailableFrom);
    }

    // Why these: a time that is not HH:mm; from after until; until before the stored from; at enrolment too.
    [ProviderTheory]
    [InlineData("""{ "availableFrom": "1pm", "reason": "r" }""", "availableFrom")]
    [InlineData("""{ "availableFrom": "14:00", "availableUntil": "13:00", "reason": "r" }""", "availableUntil")]
    [InlineData("""{ "preferredTime": "25:00", "reason": "r" }""", "preferredTime")]
    [InlineData("""{ "availableFrom": "09:00", "availableUntil": "09:00", "reason": "r" }""", "availableUntil")]
    public async Task PatchingBadHoursIs400OnTheFieldAndChangesNothing(string body, string field)
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = app.Fingerprint();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/patients/{patient.Id}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));

        var problem = await Client.ProblemAsync(await api.Http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task EnrollingWithFromAfterUntilIs400()
    {
        var center = await api.CenterAsync();

        var response = await api.PostAsync("/api/v1/patients", new
        {
            studyId = "CIMER-HOURS-BAD", centerId = center.Id, arm = 2, dayOne = "2026-12-07",
            lesions = new[] { new { label = "L", greatestDiameterCm = 1.0 } }, availableFrom = "15:00", availableUntil = "10:00",
        });

        Assert.Contains("availableUntil", (await Client.ProblemAsync(response, HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [ProviderFact]
    public async Task PatchingHoursWithAStaleIfMatchIs412()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        await Client.OkAsync<PatientChange>(await CorrectAsync(patient.Id, 1, new { preferredTime = "10:00", reason = "r" }));

        await Client.ProblemAsync(await CorrectAsync(patient.Id, 1, new { availableFrom = "13:00", reason = "r" }), HttpStatusCode.PreconditionFailed);
    }
}
