using Xunit.Abstractions;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>Issue 13's "how often": the proposal rate and fractions moved on seeded clinic-sized centers. Timing comes from the benchmark.</summary>
public sealed class MakingRoomStatsTests(ITestOutputHelper output)
{
    [Fact]
    public void Propose_SeededClinicCenters_PrintsProposalRateAndFractionsMoved()
    {
        var (centers, proposals, moved, maxMoved, notOnly, exhausted, cut) = (0, 0, 0, 0, 0, 0, 0);
        var calls = new List<int>();
        for (var seed = 1; seed <= 50; seed++)
        {
            if (MakingRoomCenter.Create(seed, RoomShape.Clinic) is not { } center)
            {
                continue;
            }

            centers++;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var outcome = MakingRoom.Propose(center.NewPatient, center.Others);
            watch.Stop();
            calls.Add(outcome.SolverCalls);
            if (outcome.HasProposal)
            {
                proposals++;
                moved += outcome.Proposal.FractionsMoved;
                maxMoved = Math.Max(maxMoved, outcome.Proposal.FractionsMoved);
            }
            else if (outcome.NoRoom.Code == MakeRoomCodes.NotOnlyBookings)
            {
                notOnly++;
            }
            else if (outcome.NoRoom.Exhaustive)
            {
                exhausted++;
            }
            else
            {
                cut++;
            }

            output.WriteLine($"seed {seed}: {(outcome.HasProposal ? $"proposal, {outcome.Proposal.Changes.Count} plans, {outcome.Proposal.FractionsMoved} fractions" : outcome.NoRoom.Code + (outcome.NoRoom.Exhaustive ? " (exhaustive)" : " (cut)"))}, {outcome.SolverCalls} solver runs, {watch.ElapsedMilliseconds} ms");
        }

        output.WriteLine($"{centers} centers where the new patient does not fit; proposals {proposals}, mean fractions moved {(proposals == 0 ? 0 : (double)moved / proposals):0.0}, max {maxMoved}; notOnlyBookings {notOnly}; none within bounds {exhausted} exhaustive, {cut} cut by the run budget; solver runs max {(calls.Count == 0 ? 0 : calls.Max())}");
        Assert.True(centers > 0, "the generator made no center where the new patient does not fit");
    }
}
