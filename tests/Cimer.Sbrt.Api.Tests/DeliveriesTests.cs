using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class DeliveriesTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private static Fraction First(Plan plan) => plan.Fractions.MinBy(f => f.StartsAt)!;

    [ProviderFact]
    public async Task DeliveringTheFirstFractionMakesThePlanActive()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        api.AfterStartOf(First(plan));

        var delivered = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, First(plan), new { outcome = "delivered" }));

        Assert.Equal(("active", 2L), (delivered.Status, delivered.Version));
        Assert.Equal("delivered", delivered.Fractions.Single(f => f.Id == First(plan).Id).Status);
        Assert.Empty(delivered.Changes!);
    }

    [ProviderFact]
    public async Task RecordingADeliveryTwiceIs409AndChangesNothing()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        api.AfterStartOf(First(plan));
        var delivered = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, First(plan), new { outcome = "delivered" }));

        await Client.ProblemAsync(await api.DeliveryAsync(delivered, First(plan), new { outcome = "missed" }), HttpStatusCode.Conflict);

        Client.SameJson(delivered with { Changes = null }, await api.GetPlanAsync(plan.Id));
    }

    [ProviderFact]
    public async Task RecordingADeliveryInTheFutureIs422()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        api.Clock.Reset(SbrtApp.Start);

        var problem = await Client.ProblemAsync(await api.DeliveryAsync(plan, First(plan), new { outcome = "delivered" }), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("deliveryInFuture", problem.Code);
        Assert.Equal(1, (await api.GetPlanAsync(plan.Id)).Version);
    }

    [ProviderFact]
    public async Task MissingAFractionKeepsItAsHistoryAndReplansWhatRemainsAtOnce()
    {
        var (center, _, patient, plan) = await api.PlannedPatientAsync();
        var missed = First(plan);
        api.AfterStartOf(missed);

        var replanned = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, missed, new { outcome = "missed", reason = "patient unwell" }));

        Assert.Equal("missed", replanned.Fractions.Single(f => f.Id == missed.Id).Status);
        Assert.Equal(5, replanned.Booked.Length);
        Assert.Equal(50.0, replanned.Summary.TotalDoseGy);
        Assert.All(replanned.Booked, f => Assert.True(f.StartsAt > missed.StartsAt));
        Assert.Contains(replanned.Changes!, c => c.From?.Start == missed.Start);
        Assert.Equal(replanned.Booked.Select(f => f.Start).Order(), (await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-31", "booked")).Select(s => s.Start).Order());
        Assert.Equal(replanned.Id, (await Client.OkAsync<Plan>(await api.Http.GetAsync($"/api/v1/patients/{patient.Id}/plan"))).Id);
    }

    [ProviderFact]
    public async Task MissingTheSecondFractionAfterTheFirstWasDeliveredKeepsTheDeliveredOne()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Fractions.OrderBy(f => f.StartsAt).ToArray();
        api.AfterStartOf(ordered[0]);
        plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[0], new { outcome = "delivered" }));
        api.AfterStartOf(ordered[1]);

        var replanned = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[1], new { outcome = "missed" }));

        Assert.Equal("active", replanned.Status);
        Assert.Equal((ordered[0].Start, "delivered"), replanned.Fractions.Where(f => f.Id == ordered[0].Id).Select(f => (f.Start, f.Status)).Single());
        Assert.Equal(5, replanned.Booked.Length);
        Assert.All(replanned.Booked.Where(f => f.Status == "planned"), f => Assert.True(f.StartsAt > ordered[1].StartsAt));
    }

    [ProviderFact]
    public async Task MissingTheLastFractionAtTheWindowsEndRunsPastItAsAProtocolDeviationNamingTheMiss()
    {
        // Worked fact: a miss late on D1+11 (Friday 2026-12-18) leaves only the next week.
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Fractions.OrderBy(f => f.StartsAt).ToArray();
        plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, ordered[4], new { start = "2026-12-18T08:00:00-05:00" }));
        foreach (var fraction in ordered[..4])
        {
            api.AfterStartOf(fraction);
            plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, fraction, new { outcome = "delivered" }));
        }

        api.Clock.Reset(NodaTime.Instant.FromUtc(2026, 12, 18, 23, 30)); // 18:30 in New York: the linac has closed
        var replanned = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[4], new { outcome = "missed", at = "2026-12-18T08:00:00-05:00" }));

        Assert.Equal("active", replanned.Status);
        var fifth = Assert.Single(replanned.Booked, f => f.Status == "planned");
        Assert.Equal("2026-12-21", fifth.Start[..10]);
        Assert.NotNull(replanned.ProtocolDeviation);
        Assert.Equal(3, replanned.ProtocolDeviation.DaysPastWindow);
        var cause = Assert.Single(replanned.ProtocolDeviation.Causes);
        Assert.Equal(("missedFraction", ordered[4].Id, "2026-12-18"),
            (cause.GetProperty("kind").GetString(), cause.GetProperty("id").GetString(), cause.GetProperty("date").GetString()));
    }

    [ProviderFact]
    public async Task DeliveringEveryFractionCompletesThePlan()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        foreach (var fraction in plan.Fractions.OrderBy(f => f.StartsAt))
        {
            api.AfterStartOf(fraction);
            plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, fraction, new { outcome = "delivered", at = fraction.Start }));
        }

        Assert.Equal(("completed", 6L), (plan.Status, plan.Version));
        Assert.All(plan.Fractions, f => Assert.Equal("delivered", f.Status));
    }

    [ProviderFact]
    public async Task RecordingADeliveryOnACancelledPlanIs409()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var cancelled = await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));
        api.AfterStartOf(First(plan));

        await Client.ProblemAsync(await api.DeliveryAsync(cancelled, First(plan), new { outcome = "delivered" }), HttpStatusCode.Conflict);
    }

    [ProviderFact]
    public async Task AnOutcomeThatIsNeitherDeliveredNorMissedIs400OnOutcome()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        var problem = await Client.ProblemAsync(await api.DeliveryAsync(plan, First(plan), new { outcome = "lost" }), HttpStatusCode.BadRequest);

        Assert.Equal(["outcome"], problem.Errors!.Keys);
    }
}
