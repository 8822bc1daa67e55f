using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>Seeded tests are only as good as the space they cover: the seeds the suites use must reach every corner the brief names.</summary>
public sealed class InstanceGeneratorTests
{
    private static readonly List<PlanRequest> Requests = [.. Enumerable.Range(1, 300).Select(InstanceGenerator.Create)];
    private static readonly List<PlanRequest> Small = [.. Enumerable.Range(1, 150).Select(InstanceGenerator.CreateSmall)];

    [Fact]
    public void Create_ThreeHundredSeeds_CoverEveryDimension()
    {
        Assert.Equal(7, Requests.Select(r => r.Patient.DayOne.DayOfWeek).Distinct().Count());
        Assert.Equal([1, 2, 3, 4, 5], Requests.Select(r => r.Patient.Lesions.Count).Distinct().Order());
        Assert.Equal([5, 6, 7], Requests.Select(r => r.Center.OpenDays.Count).Distinct().Order());
        Assert.Equal(["America/Chicago", "America/New_York"], Requests.Select(r => r.Center.Zone.Id).Distinct().Order());
        Assert.Equal([30, 45, 60], Requests.SelectMany(r => r.Linacs).Select(l => l.SlotMinutes).Distinct().Order());
        Assert.Equal([1, 2, 3], Requests.Select(r => r.Linacs.Count).Distinct().Order());
        Assert.Equal([1, 2, 3, 4, 5], Requests.Select(r => r.MaxFractionsPerDay).Distinct().Order());
        Assert.True(Requests.Count(r => r.Bookings.Count > 0) > 100, "partly booked linacs");
        Assert.True(Requests.Count(r => Spec.ClosureDatesInW0(r).Count > 0) > 50, "closures inside W0");
        Assert.True(Requests.Count(HasWeekendAcrossDst) > 20, "weekend-open centers with a DST change inside W0");
        Assert.True(Requests.Count(r => r.Linacs.Any(l => l.Downtimes.Count > 0)) > 50, "downtime");
    }

    [Fact]
    public void CreateSmall_Seeds_MixFeasibleWidenedInfeasibleAndKept()
    {
        var results = Small.Select(BruteForce.Solve).ToList();

        Assert.InRange(results.Count(r => !r.IsFeasible), 15, 100);
        Assert.True(results.Count(r => r.Widened && r.IsFeasible) >= 10, "widened plans");
        Assert.True(Small.Count(r => r.Bookings.Count > 0) > 30, "bookings");
        Assert.True(Small.Count(r => r.Patient.Lesions.Count > 1) > 30, "several lesions");
    }

    [Fact]
    public void Replan_PlanFromBruteForce_KeptFractionsAreConsistentFacts()
    {
        var replans = Small
            .Select((r, i) => (Request: r, Result: BruteForce.Solve(r), Seed: i))
            .Where(x => x.Result.Witness is not null)
            .Select(x => InstanceGenerator.Replan(x.Request, x.Result.Witness!, x.Seed))
            .ToList();

        Assert.Contains(replans, r => r.Kept.Any(k => k.Reason == KeptReason.Delivered));
        Assert.Contains(replans, r => r.Kept.Any(k => k.Reason == KeptReason.Pinned));
        Assert.All(replans.Where(r => r.Kept.Any(k => k.Reason == KeptReason.Delivered)), r =>
            Assert.All(r.Kept.Where(k => k.Reason == KeptReason.Delivered), k => Assert.True(k.Start <= r.NotBefore)));
    }

    private static bool HasWeekendAcrossDst(PlanRequest r)
    {
        var dayOne = r.Patient.DayOne;
        return r.Center.OpenDays.Contains(IsoDayOfWeek.Saturday)
            && InstanceGenerator.DstChanges.Any(c => c > dayOne && c <= Spec.W0End(dayOne));
    }
}
