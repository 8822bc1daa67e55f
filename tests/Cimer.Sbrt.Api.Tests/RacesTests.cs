using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Many requests at once against one small linac and one plan version: the database stays right.</summary>
[Collection(Reliability.Name)]
public class RacesTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private const string DoubleBookings = """
        SELECT COUNT(*) FROM (
            SELECT linac_id, start_utc FROM fractions
            WHERE status IN ('planned', 'delivered') AND cancelled = 0
            GROUP BY linac_id, start_utc HAVING COUNT(*) > 1) AS taken;
        """;

    private readonly Client api = app.Api();

    [ProviderFact(Timeout = 120_000)]
    public async Task TwoHundredConcurrentPlanRequestsForOneSmallLinac_NeverDoubleBookAndEachAnswers201Or409Or422()
    {
        // Four slots a day for ten open days: room for eight one-lesion patients, not two hundred.
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id, opensAt: "08:00", closesAt: "10:00", slotMinutes: 30);
        var patients = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => api.PatientAsync(center.Id)));

        var answers = await Task.WhenAll(patients.Select(p => api.PlanAsync(p.Id)));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
        var created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        Assert.InRange(created, 1, 8);
        using var database = app.OpenDatabase();
        Assert.Equal(0, await database.ExecuteScalarAsync<long>(DoubleBookings));
        var centerPlans = new { center.Id };
        Assert.Equal(created, await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM plans WHERE center_id = @Id", centerPlans));
        Assert.Equal(created * 5, await database.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM fractions f JOIN plans p ON p.id = f.plan_id WHERE p.center_id = @Id", centerPlans));
        Assert.Equal(created, await database.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM audit a JOIN plans p ON p.id = a.entity_id WHERE a.action = 'plan.created' AND p.center_id = @Id", centerPlans));
    }

    [ProviderFact(Timeout = 120_000)]
    public async Task AHundredConcurrentEditsWithTheSameIfMatch_OneWinsAndTheRestAre412()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var fraction = plan.Booked.MinBy(f => f.StartsAt)!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            api.MoveAsync(plan, fraction, new { pinned = true, reason = $"edit {i}" })));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(99, answers.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed));
        using var database = app.OpenDatabase();
        Assert.Equal(plan.Version + 1, await database.ExecuteScalarAsync<long>("SELECT version FROM plans WHERE id = @Id", new { plan.Id }));
        Assert.Equal(1, await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit WHERE entity_id = @Id AND action = 'plan.edited'", new { plan.Id }));
        Assert.Equal(5, await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM fractions WHERE plan_id = @Id", new { plan.Id }));
    }
}
