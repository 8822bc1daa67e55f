using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class MissesTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    public enum Which
    {
        First,
        Middle,
        Last,
    }

    // Why these: one lesion has slack everywhere; three and five lesions fill W0's visits, so a
    // late miss has to run past the window (or find no room at all) while an early one need not.
    [ProviderTheory]
    [InlineData(1, Which.First)]
    [InlineData(1, Which.Middle)]
    [InlineData(1, Which.Last)]
    [InlineData(3, Which.First)]
    [InlineData(3, Which.Middle)]
    [InlineData(3, Which.Last)]
    [InlineData(5, Which.First)]
    [InlineData(5, Which.Middle)]
    [InlineData(5, Which.Last)]
    public async Task AMissIsRecordedAndWhatRemainsIsReplannedByTheRules(int lesions, Which which)
    {
        var (center, _, _, plan) = await api.PlannedPatientAsync(lesions);
        var ordered = plan.Booked.OrderBy(f => f.StartsAt).ToArray();
        var missed = ordered[which switch { Which.First => 0, Which.Middle => ordered.Length / 2, _ => ordered.Length - 1 }];
        plan = await api.DeliverBeforeAsync(plan, missed.StartsAt);
        var delivered = plan.Booked.Where(f => f.Status == "delivered").ToArray();
        api.AfterStartOf(missed);

        var replanned = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, missed, new { outcome = "missed", reason = "patient unwell" }));

        Assert.Equal(("missed", missed.Start), replanned.Fractions.Where(f => f.Id == missed.Id).Select(f => (f.Status, f.Start)).Single());
        Client.SameJson(delivered, replanned.Booked.Where(f => f.Status == "delivered").ToArray());
        Assert.Equal(plan.Version + 1, replanned.Version);
        if (replanned.Status == "needsAttention")
        {
            // No re-plan fits by D1+19: the miss stands, nothing else moved, and the reason says why.
            Assert.NotNull(replanned.AttentionReason);
            Assert.Empty(replanned.Changes!);
            Assert.Equal(5 * lesions - 1, replanned.Booked.Length);
        }
        else
        {
            PlanChecks.KeepsTheRules(replanned, lesions);
            Assert.All(replanned.Booked.Where(f => f.Status == "planned"), f => Assert.True(f.StartsAt > missed.StartsAt));
            Assert.Contains(replanned.Changes!, c => c.From?.Start == missed.Start);
            Assert.Equal(delivered.Length == 0 ? "draft" : "active", replanned.Status);
        }

        await PlanChecks.NoSlotIsBookedTwiceAsync(api, center.Id, [replanned]);
    }

    [ProviderFact]
    public async Task AMissWhileAnEarlierFractionIsStillUnrecordedLeavesThatOneWhereItIsAndLosesNoFraction()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Booked.OrderBy(f => f.StartsAt).ToArray();
        api.AfterStartOf(ordered[1]);

        var replanned = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[1], new { outcome = "missed" }));

        Assert.Equal((ordered[0].Start, "planned"), replanned.Fractions.Where(f => f.Id == ordered[0].Id).Select(f => (f.Start, f.Status)).Single());
        PlanChecks.KeepsTheRules(replanned, lesions: 1);
        Assert.Equal([1, 2, 3, 4, 5], replanned.Booked.OrderBy(f => f.StartsAt).Select(f => f.Number));
    }

    [ProviderFact]
    public async Task AMissNeverEarnsTheWideningSoTheLastDayRunsPastTheWindowAsADeviationNamingTheMiss()
    {
        // D1 Wednesday 2026-12-09: W0 ends Sunday 12-20. A fifth fraction missed on Friday 12-18 goes
        // to Monday 12-21: one day past the window, caused by the miss (compare the snow day below).
        var (plan, fifth) = await FifthOnFridayAsync();
        api.Clock.Reset(NodaTime.Instant.FromUtc(2026, 12, 18, 23, 30));

        var replanned = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, fifth, new { outcome = "missed" }));

        Assert.Equal("2026-12-21", Assert.Single(replanned.Booked, f => f.Status == "planned").Start[..10]);
        Assert.Equal(("2026-12-09", "2026-12-20"), (replanned.Window.Start, replanned.Window.End));
        var deviation = Assert.IsType<ProtocolDeviation>(replanned.ProtocolDeviation);
        Assert.Equal(1, deviation.DaysPastWindow);
        var cause = Assert.Single(deviation.Causes);
        Assert.Equal(("missedFraction", fifth.Id, "2026-12-18"),
            (cause.GetProperty("kind").GetString(), cause.GetProperty("id").GetString(), cause.GetProperty("date").GetString()));
    }

    [ProviderFact]
    public async Task ASnowDayInsideTheWindowEarnsTheWideningSoTheSameMoveIsNoDeviation()
    {
        var (plan, fifth) = await FifthOnFridayAsync();
        api.Clock.Reset(NodaTime.Instant.FromUtc(2026, 12, 18, 1, 0)); // Thursday evening in New York

        var added = await Client.CreatedAsync<ClosureAdded>(await api.ClosureAsync(CenterOf(plan), "2026-12-18", "snow day"));

        var impact = Assert.Single(added.Impact.Plans);
        Assert.Equal(("replanned", (string?)null), (impact.Outcome, impact.Reason));
        Assert.Equal(fifth.Id, Assert.Single(impact.Changes).FractionId);
        var replanned = await api.GetPlanAsync(plan.Id);
        Assert.Equal("2026-12-21", replanned.Fractions.Single(f => f.Id == fifth.Id).Start[..10]);
        Assert.Null(replanned.ProtocolDeviation);
        Assert.Equal((1, "2026-12-22"), (replanned.Window.DeviationDays, replanned.Window.End));
        Assert.Contains(replanned.Window.Closures, c => c.Date == "2026-12-18" && c.Reason == "snow day");
    }

    private readonly Dictionary<string, string> centers = [];

    private string CenterOf(Plan plan) => centers[plan.Id];

    /// <summary>One lesion, D1 Wednesday 2026-12-09 in a plain weekday center, four fractions given, the fifth Friday 12-18 08:00.</summary>
    private async Task<(Plan Plan, Fraction Fifth)> FifthOnFridayAsync()
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id, dayOne: "2026-12-09");
        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));
        var fifth = plan.Booked.MaxBy(f => f.StartsAt)!;
        if (fifth.Start != "2026-12-18T08:00:00-05:00")
        {
            plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, fifth, new { start = "2026-12-18T08:00:00-05:00" }));
            fifth = plan.Fractions.Single(f => f.Id == fifth.Id);
        }

        plan = await api.DeliverBeforeAsync(plan, fifth.StartsAt);
        centers[plan.Id] = center.Id;
        return (plan, fifth);
    }
}
