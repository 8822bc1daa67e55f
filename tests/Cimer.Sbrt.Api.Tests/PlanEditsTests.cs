using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class PlanEditsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private static Fraction Last(Plan plan) => plan.Fractions.MaxBy(f => f.StartsAt)!;

    private static string At(Fraction fraction, string time) => $"{fraction.Start[..10]}T{time}:00-05:00";

    [ProviderFact]
    public async Task MovingAFractionWithoutIfMatchIs428()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        var response = await api.MoveAsync(plan, Last(plan), new { start = At(Last(plan), "12:00") }, ifMatch: null);

        await Client.ProblemAsync(response, (HttpStatusCode)428);
    }

    [ProviderFact]
    public async Task MovingAFractionWithAStaleIfMatchIs412AndChangesNothing()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        var response = await api.MoveAsync(plan, Last(plan), new { start = At(Last(plan), "12:00") }, ifMatch: 7);

        await Client.ProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Client.SameJson(plan, await api.GetPlanAsync(plan.Id));
    }

    [ProviderFact]
    public async Task MovingTheLastFractionLaterThatDayAnswersTheNextVersionWithItsETag()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var target = At(Last(plan), Last(plan).Start[11..16] == "12:00" ? "13:00" : "12:00");

        var response = await api.MoveAsync(plan, Last(plan), new { start = target });

        var moved = await Client.OkAsync<Plan>(response);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(2, moved.Version);
        Assert.Equal(target, moved.Fractions.Single(f => f.Id == Last(plan).Id).Start);
        Client.SameJson(moved, await api.GetPlanAsync(plan.Id));
    }

    [ProviderFact]
    public async Task MovingAFractionTooCloseToTheOneBeforeIs422WithEveryViolationAndChangesNothing()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Fractions.OrderBy(f => f.StartsAt).ToArray();

        var response = await api.MoveAsync(plan, ordered[1], new { start = At(ordered[0], "12:00") });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("editBreaksRules", problem.Code);
        Assert.Contains(problem.Violations!, v => v.Rule == "gap48h");
        Assert.Contains(problem.Violations!, v => v.Rule == "oneVisitPerDay");
        Client.SameJson(plan, await api.GetPlanAsync(plan.Id));
    }

    [ProviderFact]
    public async Task MovingOntoAnotherPlansSlotIs409()
    {
        var (center, _, _, plan) = await api.PlannedPatientAsync();
        var other = await Client.CreatedAsync<Plan>(await api.PlanAsync((await api.PatientAsync(center.Id)).Id));

        var response = await api.MoveAsync(plan, Last(plan), new { start = other.Fractions[0].Start });

        await Client.ProblemAsync(response, HttpStatusCode.Conflict);
        Client.SameJson(plan, await api.GetPlanAsync(plan.Id));
    }

    [ProviderFact]
    public async Task MovingToATimeThatIsNotASlotStartIs400OnStart()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        var problem = await Client.ProblemAsync(await api.MoveAsync(plan, Last(plan), new { start = At(Last(plan), "12:10") }), HttpStatusCode.BadRequest);

        Assert.Equal(["start"], problem.Errors!.Keys);
    }

    [ProviderTheory]
    [InlineData("2026-12-16T12:00")] // no offset
    [InlineData("2026-12-32T12:00:00-05:00")] // no such date
    [InlineData("tomorrow")]
    public async Task MovingToSomethingThatIsNotAMomentIs400OnStart(string start)
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        var problem = await Client.ProblemAsync(await api.MoveAsync(plan, Last(plan), new { start }), HttpStatusCode.BadRequest);

        Assert.Equal(["start"], problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task MovingToALinacOfAnotherCenterIs400OnLinacId()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var elsewhere = await api.LinacAsync((await api.CenterAsync()).Id);

        var problem = await Client.ProblemAsync(await api.MoveAsync(plan, Last(plan), new { linacId = elsewhere.Id }), HttpStatusCode.BadRequest);

        Assert.Equal(["linacId"], problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task EditingAnUnknownFractionOrPlanIs404()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        await Client.ProblemAsync(await api.ChangeAsync(HttpMethod.Patch, $"/api/v1/plans/{plan.Id}/fractions/nope", 1, new { pinned = true, reason = "test" }), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.ChangeAsync(HttpMethod.Patch, $"/api/v1/plans/nope/fractions/nope", 1, new { pinned = true, reason = "test" }), HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task PinningAFractionAnswersItPinned()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        var pinned = await Client.OkAsync<Plan>(await api.MoveAsync(plan, plan.Fractions[0], new { pinned = true }));

        Assert.True(pinned.Fractions.Single(f => f.Id == plan.Fractions[0].Id).Pinned);
        Assert.Equal(plan.Fractions[0].Start, pinned.Fractions.Single(f => f.Id == plan.Fractions[0].Id).Start);
    }

    [ProviderFact]
    public async Task ADowntimeMovesWhatItTookAtOnceAndAnAskedReplanAfterItMovesNothing()
    {
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Fractions.OrderBy(f => f.StartsAt).ToArray();
        var lostDay = ordered[1].Start[..10];
        await Client.CreatedAsync<Downtime>(await api.PostAsync($"/api/v1/linacs/{linac.Id}/downtimes", new { start = $"{lostDay}T00:00", end = $"{lostDay}T23:59", reason = "repair" }));
        var moved = await api.GetPlanAsync(plan.Id);

        var response = await api.ReplanAsync(plan.Id, moved.Version);

        var replanned = await Client.OkAsync<Plan>(response);
        Assert.Equal((2L, 3L), (moved.Version, replanned.Version));
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
        Assert.DoesNotContain(moved.Fractions, f => f.Start.StartsWith(lostDay, StringComparison.Ordinal));
        Assert.Equal(5, moved.Fractions.Length);
        Assert.Empty(replanned.Changes!);
        Assert.Equal(moved.Fractions.Select(f => f.Start), replanned.Fractions.Select(f => f.Start));
    }

    [ProviderFact]
    public async Task ReplanningAroundAPinnedFirstFractionKeepsIt()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var first = plan.Fractions.MinBy(f => f.StartsAt)!;
        plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, first, new { pinned = true }));

        var replanned = await Client.OkAsync<Plan>(await api.ReplanAsync(plan.Id, plan.Version));

        Assert.Equal(first.Start, replanned.Fractions.Single(f => f.Id == first.Id).Start);
    }

    [ProviderFact]
    public async Task ReplanningLeavesAPastFractionWithoutADeliveryRecordWhereItWas()
    {
        // It may have been given: the core never re-plans it (and never doses a lesion twice).
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var first = plan.Fractions.MinBy(f => f.StartsAt)!;
        api.AfterStartOf(first);

        var replanned = await Client.OkAsync<Plan>(await api.ReplanAsync(plan.Id, plan.Version));

        Assert.Equal((first.Start, "planned"), replanned.Fractions.Where(f => f.Id == first.Id).Select(f => (f.Start, f.Status)).Single());
        Assert.Equal(5, replanned.Booked.Length);
    }

    [ProviderFact]
    public async Task ReplanningWithoutIfMatchIs428() =>
        await Client.ProblemAsync(
            await api.ReplanAsync((await api.PlannedPatientAsync()).Plan.Id, null),
            (HttpStatusCode)428);

    [ProviderFact]
    public async Task CancellingAPlanFreesItsSlotsAndLetsThePatientBePlannedAgain()
    {
        var (center, _, patient, plan) = await api.PlannedPatientAsync();

        var cancelled = await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));

        Assert.Equal(("cancelled", 2L), (cancelled.Status, cancelled.Version));
        Assert.Empty(await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-18", "booked"));
        await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));
    }

    [ProviderFact]
    public async Task CancellingTwiceIs409() 
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));

        await Client.ProblemAsync(await api.CancelAsync(plan.Id, plan.Version + 1), HttpStatusCode.Conflict);
    }

    [ProviderFact]
    public async Task CancellingWithAStaleIfMatchIs412AndKeepsTheSlots()
    {
        var (center, _, _, plan) = await api.PlannedPatientAsync();

        await Client.ProblemAsync(await api.CancelAsync(plan.Id, 9), HttpStatusCode.PreconditionFailed);

        Assert.Equal(5, (await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-18", "booked")).Count);
    }
}
