using System.Net;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Making room over HTTP: a crowded linac where a new patient does not fit, a proposal that moves other
/// plans' future fractions and writes nothing, and its acceptance in one transaction, refused once
/// anything it was decided on has changed.
/// </summary>
public class MakingRoomTests : IDisposable
{
    private static readonly LocalDate Monday = new(2026, 10, 5);
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private readonly SbrtApp app;
    private readonly Client api;

    public MakingRoomTests()
    {
        app = SbrtApp.For(this);
        api = app.Api();
        app.Clock.Reset((Monday.PlusDays(-2) + new LocalTime(12, 0)).InZoneStrictly(NewYork).ToInstant());
    }

    public void Dispose()
    {
        app.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Twelve plans of one to five lesions made one after another on one linac (08:00-17:00, weekdays),
    /// day 1 over the first twenty days from Monday 2026-10-05, as the core's make-room family of seed 7
    /// makes them; then, at Monday 07:00, a three-lesion patient with day 1 on Thursday does not fit.
    /// </summary>
    private async Task<(string CenterId, string PatientId, List<Plan> Plans)> CrowdedAsync()
    {
        var center = await api.CenterAsync(holidayCalendar: null, openDays: ["monday", "tuesday", "wednesday", "thursday", "friday"]);
        await api.LinacAsync(center.Id, opensAt: "08:00", closesAt: "17:00");
        var rng = new Random(7);
        var plans = new List<Plan>();
        for (var attempt = 0; plans.Count < 12 && attempt < 60; attempt++)
        {
            var dayOne = Monday.PlusDays(rng.Next(20));
            var lesions = rng.Next(1, 6);
            var patient = await api.PatientAsync(center.Id, lesions, dayOne.ToString("uuuu-MM-dd", null));
            var response = await api.PlanAsync(patient.Id);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                plans.Add(await Client.CreatedAsync<Plan>(response));
            }
        }

        app.Clock.Reset((Monday + new LocalTime(7, 0)).InZoneStrictly(NewYork).ToInstant());
        var newcomer = await api.PatientAsync(center.Id, 3, "2026-10-08");
        return (center.Id, newcomer.Id, plans);
    }

    [ProviderFact]
    public async Task AProposalMovesOtherPlansWithinTheirFigures_WritesNothing_AndAcceptanceBooksItAll()
    {
        var (centerId, patientId, plans) = await CrowdedAsync();
        await Client.ProblemAsync(await api.PlanAsync(patientId), HttpStatusCode.UnprocessableEntity);

        var proposal = await Client.OkAsync<JsonElement>(await api.Http.PostAsync($"/api/v1/patients/{patientId}/plan?makeRoom=true", null));

        var moved = proposal.GetProperty("changes").EnumerateArray().ToList();
        Assert.NotEmpty(moved);
        Assert.Equal(moved.Sum(c => c.GetProperty("changes").GetArrayLength()), proposal.GetProperty("fractionsMoved").GetInt32());
        Assert.Equal(15, proposal.GetProperty("plan").GetProperty("fractions").GetArrayLength());
        // A dry run: every plan is as it was, and the patient still has none.
        foreach (var plan in plans)
        {
            Assert.Equal(plan.Version, (await api.GetPlanAsync(plan.Id)).Version);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/api/v1/patients/{patientId}/plan")).StatusCode);

        var accepted = await Client.OkAsync<JsonElement>(await api.PostAsync(
            $"/api/v1/proposals/{proposal.GetProperty("proposalId").GetString()}/acceptance", new { reason = "room agreed with physics" }));

        var booked = accepted.GetProperty("plan").Deserialize<Plan>(Client.Json)!;
        PlanChecks.KeepsTheRules(booked, 3);
        Assert.Equal(
            proposal.GetProperty("plan").GetProperty("fractions").EnumerateArray().Select(f => (f.GetProperty("linacId").GetString(), f.GetProperty("start").GetString())).Order(),
            booked.Booked.Select(f => ((string?)f.LinacId, (string?)f.Start)).Order());
        var changed = accepted.GetProperty("changed").Deserialize<Plan[]>(Client.Json)!;
        Assert.Equal(moved.Select(c => c.GetProperty("planId").GetString()).Order(), changed.Select(p => p.Id).Order());
        foreach (var plan in changed)
        {
            var before = plans.Single(p => p.Id == plan.Id);
            Assert.Equal(before.Version + 1, plan.Version);
            Assert.True((plan.Summary.SpanDays, plan.Summary.Visits).CompareTo((before.Summary.SpanDays, before.Summary.Visits)) <= 0);
            Assert.Equal(before.Window.DeviationDays, plan.Window.DeviationDays);
        }

        var all = plans.Select(p => changed.FirstOrDefault(c => c.Id == p.Id) ?? p).Append(booked).ToList();
        await PlanChecks.NoSlotIsBookedTwiceAsync(api, centerId, all, "2026-09-25", "2026-11-20");
        var again = await Client.ProblemAsync(await api.PostAsync(
            $"/api/v1/proposals/{proposal.GetProperty("proposalId").GetString()}/acceptance", new { reason = "twice" }), HttpStatusCode.Conflict);
        Assert.Contains("already accepted", again.Detail, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task AProposalIsRefusedOnceAPlanItReadHasChanged_AndUnknownOrReasonlessAcceptancesAreProblems()
    {
        var (_, patientId, plans) = await CrowdedAsync();
        var proposal = await Client.OkAsync<JsonElement>(await api.Http.PostAsync($"/api/v1/patients/{patientId}/plan?makeRoom=true", null));
        var id = proposal.GetProperty("proposalId").GetString();
        var touched = plans.Single(p => p.Id == proposal.GetProperty("changes")[0].GetProperty("planId").GetString());
        var last = touched.Booked.OrderBy(f => f.StartsAt).Last();
        await Client.OkAsync<Plan>(await api.MoveAsync(touched, last, Client.WithReason(new { pinned = true })));

        await Client.ProblemAsync(await api.PostAsync($"/api/v1/proposals/{id}/acceptance", new { }), HttpStatusCode.BadRequest);
        await Client.ProblemAsync(await api.PostAsync("/api/v1/proposals/nope/acceptance", new { reason = "r" }), HttpStatusCode.NotFound);
        var stale = await Client.ProblemAsync(await api.PostAsync($"/api/v1/proposals/{id}/acceptance", new { reason = "r" }), HttpStatusCode.Conflict);

        Assert.Contains("changed since", stale.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/api/v1/patients/{patientId}/plan")).StatusCode);
    }

    [ProviderFact]
    public async Task WhenAPlanFitsAsThingsAre_MakeRoomBooksIt_AndWhenTheCalendarStopsIt_ThereIsNoProposal()
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id);
        var fits = await api.PatientAsync(center.Id, 1, "2026-10-05");
        var created = await Client.CreatedAsync<Plan>(await api.Http.PostAsync($"/api/v1/patients/{fits.Id}/plan?makeRoom=true", null));
        Assert.Equal(5, created.Booked.Length);

        // Day 1 on a Saturday at a weekday center after now: no plan whatever moves.
        var lateSaturday = await api.PatientAsync(center.Id, 5, "2026-10-03");
        var none = await Client.ProblemAsync(await api.Http.PostAsync($"/api/v1/patients/{lateSaturday.Id}/plan?makeRoom=true", null), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("No proposal", none.Detail, StringComparison.Ordinal);
    }
}
