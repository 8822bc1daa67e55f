using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;
using Xunit.Abstractions;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// Making room on centers small enough for the brute force (one linac with two slots a day, three
/// one-lesion plans), with limits wide enough that every set of plans is tried. Each answer is checked
/// against exhaustive enumeration, independent of the solver:
/// notOnlyBookings means no plan exists with every movable fraction freed; a proposal is sound and gives
/// the new patient a best plan around the bookings it leaves; an exhaustive "none" means, for every other
/// plan alone, that no re-plan of it keeps its figures around the new patient's best plan with it freed
/// (the bound's single-plan step, which the search claims to decide exactly).
/// </summary>
public sealed class MakingRoomBruteForceTests(ITestOutputHelper output)
{
    private static readonly MakeRoomLimits Wide = new() { MaxCandidatePlans = 16, MaxPlansChanged = 5, MaxSolverCalls = 10_000 };

    [Fact]
    public void Propose_TinyCenters_AgreesWithBruteForce()
    {
        var (proposals, notOnly, none) = (0, 0, 0);
        for (var seed = 1; seed <= 60; seed++)
        {
            if (MakingRoomCenter.Create(seed, RoomShape.Tiny) is not { } center)
            {
                continue;
            }

            var outcome = MakingRoom.Propose(center.NewPatient, center.Others, Wide);
            var movable = center.Others.ToDictionary(o => o.PlanId, o => Movable(o).ToHashSet());
            var fixedOnly = center.NewPatient with { Bookings = [.. center.NewPatient.Bookings.Where(b => !movable.Values.Any(m => m.Contains((b.LinacId, b.Start))))] };
            if (outcome.HasProposal)
            {
                proposals++;
                MakingRoomCheck.AssertSound(center.NewPatient, center.Others, outcome.Proposal);
                var final = MakingRoomCheck.Final(center.NewPatient, center.Others, outcome.Proposal).Where(p => p.Id != "new").SelectMany(p => p.Fractions);
                var around = BruteForce.Solve(center.NewPatient with { Bookings = [.. final.Select(MakingRoomCenter.ToBooking)] });
                Assert.Equal(around.Key, PlanKey.Of(center.NewPatient, outcome.Proposal.Plan.Fractions));
                Assert.True(BruteForce.Solve(fixedOnly).Key <= around.Key);
            }
            else if (outcome.NoRoom.Code == MakeRoomCodes.NotOnlyBookings)
            {
                notOnly++;
                Assert.False(BruteForce.Solve(fixedOnly).IsFeasible, $"seed {seed}: a plan exists with every movable fraction freed");
            }
            else
            {
                none++;
                Assert.True(outcome.NoRoom.Exhaustive, $"seed {seed}: the wide limits should let the search finish");
                foreach (var other in center.Others)
                {
                    var freed = center.NewPatient with { Bookings = [.. center.NewPatient.Bookings.Where(b => !movable[other.PlanId].Contains((b.LinacId, b.Start)))] };
                    if (Scheduler.Plan(freed).Plan is not { } target || !target.Fractions.Any(f => movable[other.PlanId].Contains((f.LinacId, f.Start.ToInstant()))))
                    {
                        continue;
                    }

                    var replan = BruteForce.Solve(other.Replan with { Bookings = [.. other.Replan.Bookings, .. target.Fractions.Select(MakingRoomCenter.ToBooking)], Previous = [] });
                    var now = PlanKey.Of(other.Replan, other.Current.Fractions);
                    Assert.False(replan.IsFeasible && replan.Key <= now, $"seed {seed}: {other.PlanId} could keep {now} around the new patient's plan ({replan})");
                }
            }
        }

        output.WriteLine($"proposals {proposals}, notOnlyBookings {notOnly}, none within bounds {none}");
        Assert.True(proposals + notOnly + none >= 10, "too few tiny centers block the new patient");
    }

    private static IEnumerable<(string, Instant)> Movable(RoomPlan plan) =>
        plan.Replan.Previous
            .Where(f => f.Origin == FractionOrigin.Planned && (plan.Replan.NotBefore is not { } now || f.Start.ToInstant() > now))
            .Where(f => !plan.Replan.Kept.Any(k => k.LinacId == f.LinacId && k.Start == f.Start.ToInstant()))
            .Select(f => (f.LinacId, f.Start.ToInstant()));
}
