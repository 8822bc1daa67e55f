using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Cimer.Sbrt.Scheduling;
using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// A plan creation decided while another creation of this process holds slots it has decided and not yet
/// written (<see cref="PendingPlans"/>) plans around them, and a hold never makes a plan refused. The other
/// creation is played by a holder of the test's own, at a center of the test's own.
/// </summary>
public class PendingPlansTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task APlanDecidedWhileAnotherCreationHoldsSlots_TakesNoneOfThem()
    {
        // Where the plan goes with nothing held: the same patient at an identical center.
        var free = await PlanAtNewCenterAsync(hold: null);

        var beside = await PlanAtNewCenterAsync(hold: free);

        Assert.Equal(5, beside.Fractions.Length);
        Assert.Empty(beside.Fractions.Select(f => f.StartsAt).Intersect(free.Fractions.Select(f => f.StartsAt)));
    }

    [ProviderFact]
    public async Task HoldsThatLeaveNoRoom_DoNotRefuseThePlan_ItIsDecidedOnTheDatabaseAlone()
    {
        var free = await PlanAtNewCenterAsync(hold: null, everySlot: false);

        var beside = await PlanAtNewCenterAsync(hold: null, everySlot: true);

        Assert.Equal(free.Fractions.Select(f => f.StartsAt), beside.Fractions.Select(f => f.StartsAt));
    }

    [ProviderFact]
    public async Task OnceACreationIsAnswered_ItHoldsNothing()
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id);

        await Client.CreatedAsync<Infrastructure.Plan>(await api.PlanAsync(patient.Id));
        await Client.ProblemAsync(await api.PlanAsync(patient.Id), System.Net.HttpStatusCode.Conflict);

        Assert.DoesNotContain(PendingPlans.Others(PendingPlans.NewHolder()), held => held.CenterId == center.Id);
    }

    /// <summary>
    /// A plan for a one-lesion patient (day 1 on Monday 2026-12-07) at a new center with one small linac, while a
    /// holder of the test's holds the slots of <paramref name="hold"/> there (or, with <paramref name="everySlot"/>,
    /// every slot the plan could book).
    /// </summary>
    private async Task<Infrastructure.Plan> PlanAtNewCenterAsync(Infrastructure.Plan? hold, bool everySlot = false)
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        var linac = await api.LinacAsync(center.Id, opensAt: "08:00", closesAt: "10:00", slotMinutes: 30);
        var patient = await api.PatientAsync(center.Id, dayOne: "2026-12-07");
        var holder = PendingPlans.NewHolder();
        var held = (hold?.Fractions.Select(f => At(linac.Id, f.StartsAt)) ?? [])
            .Concat(everySlot ? EverySlot(linac.Id) : [])
            .ToList();
        PendingPlans.Hold(holder, center.Id, held);
        try
        {
            return await Client.CreatedAsync<Infrastructure.Plan>(await api.PlanAsync(patient.Id));
        }
        finally
        {
            PendingPlans.Release(holder);
        }
    }

    private static Booking At(string linacId, DateTimeOffset start) =>
        new(linacId, Instant.FromDateTimeOffset(start), Instant.FromDateTimeOffset(start) + Duration.FromMinutes(30));

    /// <summary>Every 30-minute slot from 08:00 to 10:00 New York time over the days a plan of day 1 2026-12-07 may book.</summary>
    private static IEnumerable<Booking> EverySlot(string linacId)
    {
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var dayOne = LocalDatePattern.Iso.Parse("2026-12-07").Value;
        var days = BookableDays.For(dayOne);
        for (var date = days.First; date <= days.Last; date = date.PlusDays(1))
        {
            for (var minutes = 0; minutes < 120; minutes += 30)
            {
                var start = date.At(new LocalTime(8, 0).PlusMinutes(minutes)).InZoneStrictly(zone).ToInstant();
                yield return new Booking(linacId, start, start + Duration.FromMinutes(30));
            }
        }
    }
}
