using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class PlansTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task PlanningAnArm2PatientBooksFiveFractionsOfTenGyPerLesionInsideTheWindow()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id, lesions: 2);

        var response = await api.PlanAsync(patient.Id, new { maxFractionsPerDay = 3 });

        var plan = await Client.CreatedAsync<Plan>(response);
        Assert.Equal($"/api/v1/plans/{plan.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal((patient.Id, 1L, "draft", "2026-12-07"), (plan.PatientId, plan.Version, plan.Status, plan.DayOne));
        Assert.Equal(("2026-12-07", "2026-12-18", 0), (plan.Window.Start, plan.Window.End, plan.Window.DeviationDays));
        Assert.Equal(10, plan.Fractions.Length);
        Assert.All(plan.Fractions, f => Assert.Equal((10.0, linac.Id, "planned", false), (f.DoseGy, f.LinacId, f.Status, f.Pinned)));
        Assert.All(plan.Fractions, f => Assert.EndsWith("-05:00", f.Start));
        Assert.All(plan.Fractions, f => Assert.InRange(f.Start[..10], "2026-12-07", "2026-12-18"));
        Assert.Equal([1, 2, 3, 4, 5], plan.Fractions.Where(f => f.LesionId == patient.Lesions[0].Id).Select(f => f.Number));
        Assert.Equal(100.0, plan.Summary.TotalDoseGy);
        Assert.Equal(["simulation", "letrozoleStart", "palbociclibStart"], plan.Milestones.Select(m => m.Kind));
        Assert.Null(plan.ProtocolDeviation);
        Assert.NotEmpty(plan.Explanation);
    }

    [ProviderFact]
    public async Task APlannedPatientsSlotsAreBookedInTheSlotsFeedUnderThePlanId()
    {
        var (center, _, _, plan) = await api.PlannedPatientAsync();

        var booked = await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-18", "booked");

        Assert.Equal(plan.Fractions.Select(f => f.Start), booked.Select(s => s.Start));
        Assert.All(booked, s => Assert.Equal(plan.Id, s.PlanId));
    }

    [ProviderFact]
    public async Task PlanningAnArm1PatientGivesMilestonesAndNoFractions()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id, lesions: 0, arm: 1);

        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));

        Assert.Empty(plan.Fractions);
        Assert.Equal([("letrozoleStart", "2026-12-07"), ("palbociclibStart", "2026-12-27")], plan.Milestones.Select(m => (m.Kind, m.Date)));
        Assert.Equal(0.0, plan.Summary.TotalDoseGy);
    }

    [ProviderFact]
    public async Task PlanningAPatientWhoAlreadyHasALivePlanIs409()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();

        var problem = await Client.ProblemAsync(await api.PlanAsync(patient.Id), HttpStatusCode.Conflict);

        Assert.Contains(plan.Id, problem.Detail);
    }

    [ProviderTheory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task PlanningWithADailyCapOutsideOneToFiveIs400(int cap)
    {
        var center = await api.CenterAsync();
        var patient = await api.PatientAsync(center.Id);

        var problem = await Client.ProblemAsync(await api.PlanAsync(patient.Id, new { maxFractionsPerDay = cap }), HttpStatusCode.BadRequest);

        Assert.Equal(["maxFractionsPerDay"], problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task PlanningAnUnknownPatientIs404() =>
        await Client.ProblemAsync(await api.PlanAsync("nope"), HttpStatusCode.NotFound);

    [ProviderFact]
    public async Task PlanningFiveLesionsAtTwoADayIs422WithTheSchedulersReasonsAndBooksNothing()
    {
        // Worked fact: 25 fractions, 10 open days in W0 at 2 a day hold at most 20.
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id, lesions: 5);

        var problem = await Client.ProblemAsync(await api.PlanAsync(patient.Id, new { maxFractionsPerDay = 2 }), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("dailyCapTooLow", problem.Code);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        Assert.NotNull(problem.Violations);
        Assert.NotNull(problem.Suggestions);
        await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}/plan"), HttpStatusCode.NotFound);
        Assert.Empty(await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-18", "booked"));
    }

    [ProviderFact]
    public async Task PlanningAtACenterWithoutLinacsIs422()
    {
        var center = await api.CenterAsync();
        var patient = await api.PatientAsync(center.Id);

        var problem = await Client.ProblemAsync(await api.PlanAsync(patient.Id), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("noLinac", problem.Code);
    }

    [ProviderFact]
    public async Task ReadingAPlanGivesItsVersionAsAStrongETag()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();

        var byId = await api.Http.GetAsync($"/api/v1/plans/{plan.Id}");
        var byPatient = await api.Http.GetAsync($"/api/v1/patients/{patient.Id}/plan");

        Assert.Equal("\"1\"", byId.Headers.ETag?.Tag);
        Client.SameJson(plan, await Client.OkAsync<Plan>(byId));
        Assert.Equal(plan.Id, (await Client.OkAsync<Plan>(byPatient)).Id);
    }

    [ProviderFact]
    public async Task ReadingAnUnknownPlanIs404() =>
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/plans/nope"), HttpStatusCode.NotFound);

    [ProviderFact]
    public async Task PlansAvoidTheHolidayCalendarsClosures()
    {
        // Thanksgiving 2026 is Thursday November 26, inside W0 of a Monday November 23 day 1.
        var center = await api.CenterAsync(holidayCalendar: "us-federal");
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id, dayOne: "2026-11-23");

        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));

        Assert.DoesNotContain(plan.Fractions, f => f.Start.StartsWith("2026-11-26", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task PlansAvoidLinacDowntime()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);
        await Client.CreatedAsync<Downtime>(await api.PostAsync($"/api/v1/linacs/{linac.Id}/downtimes", new { start = "2026-12-07T08:00", end = "2026-12-07T18:00", reason = "annual QA" }));
        var patient = await api.PatientAsync(center.Id);

        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));

        Assert.DoesNotContain(plan.Fractions, f => f.Start.StartsWith("2026-12-07", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task ASecondPatientIsPlannedAroundTheFirstsBookings()
    {
        var (center, _, _, first) = await api.PlannedPatientAsync();
        var other = await api.PatientAsync(center.Id);

        var second = await Client.CreatedAsync<Plan>(await api.PlanAsync(other.Id));

        Assert.Empty(first.Fractions.Select(f => (f.LinacId, f.Start)).Intersect(second.Fractions.Select(f => (f.LinacId, f.Start))));
    }
    [ProviderFact]
    public async Task PlanningADayOneLongPastSuggestsTheNearestDayOneFromToday()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        // Now is 2026-11-20; day 1 five weeks before it.
        var patient = await api.PatientAsync(center.Id, dayOne: "2026-10-12");

        var problem = await Client.ProblemAsync(await api.PlanAsync(patient.Id), HttpStatusCode.UnprocessableEntity);

        var suggestion = Assert.Single(problem.Suggestions!, s => s.GetProperty("kind").GetString() == "dayOne");
        // The first day 1 whose simulation week (D1-7..D1-1) lies after today: Saturday 2026-11-28, treated from Monday.
        Assert.Equal("2026-11-28", suggestion.GetProperty("dayOne").GetString());
    }
}
