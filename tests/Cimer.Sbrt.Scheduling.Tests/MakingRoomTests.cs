using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

public sealed class MakingRoomTests
{
    /// <summary>Seeds of <see cref="RoomShape.Clinic"/> centers where the default search finds a proposal (one, two and three plans changed).</summary>
    public static TheoryData<int> ClinicSeedsWithProposals => [39, 32, 29];

    [Theory]
    [MemberData(nameof(ClinicSeedsWithProposals))]
    public void Propose_NewPatientBlockedByMovableFractions_ProposalKeepsEveryRuleAndEveryFigure(int seed)
    {
        var center = MakingRoomCenter.Create(seed, RoomShape.Clinic)!;
        Assert.False(Scheduler.Plan(center.NewPatient).IsFeasible);

        var outcome = MakingRoom.Propose(center.NewPatient, center.Others);

        Assert.True(outcome.HasProposal, MakingRoomCheck.Show(outcome));
        Assert.NotEmpty(outcome.Proposal.Changes);
        Assert.True(outcome.Proposal.FractionsMoved > 0);
        MakingRoomCheck.AssertSound(center.NewPatient, center.Others, outcome.Proposal);
    }

    [Theory]
    [MemberData(nameof(ClinicSeedsWithProposals))]
    public void Propose_SameInput_SameProposal(int seed)
    {
        var center = MakingRoomCenter.Create(seed, RoomShape.Clinic)!;

        var first = MakingRoomCheck.Show(MakingRoom.Propose(center.NewPatient, center.Others));
        var second = MakingRoomCheck.Show(MakingRoom.Propose(center.NewPatient, center.Others, MakeRoomLimits.Default, new SlotGridCache()));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Propose_NewPatientFitsAsBooked_PlanWithNoChanges()
    {
        var center = MakingRoomCenter.Create(39, RoomShape.Clinic)!;
        var roomy = center.NewPatient with { Bookings = [] };

        var outcome = MakingRoom.Propose(roomy, center.Others);

        Assert.True(outcome.HasProposal);
        Assert.Empty(outcome.Proposal.Changes);
        Assert.Equal(0, outcome.Proposal.FractionsMoved);
        Assert.Equal(Scheduler.Plan(roomy).Plan!.Fractions, outcome.Proposal.Plan.Fractions);
    }

    /// <summary>Closures leave two open days in the new patient's widest window: freeing every booking cannot help.</summary>
    [Fact]
    public void Propose_ClosuresLeaveNoPlanEvenWhenEverythingMoves_NotOnlyBookings()
    {
        var center = MakingRoomCenter.Create(39, RoomShape.Clinic)!;
        var d1 = center.NewPatient.Patient.DayOne;
        var closures = Enumerable.Range(-2, 16).Select(d1.PlusDays).Where(d => d != d1 && d != d1.PlusDays(2)).Select(d => new Closure(d, "Snow"));
        var closed = center.NewPatient with { Center = new CenterCalendar(center.NewPatient.Center.Zone, center.NewPatient.Center.OpenDays, closures) };

        var outcome = MakingRoom.Propose(closed, center.Others);

        Assert.False(outcome.HasProposal);
        Assert.Equal(MakeRoomCodes.NotOnlyBookings, outcome.NoRoom.Code);
        Assert.True(outcome.NoRoom.Exhaustive);
        Assert.Equal(InfeasibilityCodes.WindowTooShort, outcome.NoRoom.Unobstructed?.Code);
    }

    /// <summary>The same center as a proposal case, with every future fraction pinned: nothing may move, so nothing is proposed.</summary>
    [Fact]
    public void Propose_EveryOtherFractionPinned_NotOnlyBookingsAndNothingMoves()
    {
        var center = MakingRoomCenter.Create(39, RoomShape.Clinic)!;
        var pinned = center.Others.Select(Pinned).ToList();

        var outcome = MakingRoom.Propose(center.NewPatient, pinned);

        Assert.False(outcome.HasProposal);
        Assert.Equal(MakeRoomCodes.NotOnlyBookings, outcome.NoRoom.Code);
        Assert.True(MakingRoom.Propose(center.NewPatient, center.Others).HasProposal);
    }

    /// <summary>Fractions at or before now are history even when passed as previous: they never count as movable.</summary>
    [Fact]
    public void Propose_NowAfterEveryFraction_NothingMovable()
    {
        var center = MakingRoomCenter.Create(39, RoomShape.Clinic)!;
        var late = Instant.FromUtc(2027, 1, 1, 0, 0);
        var others = center.Others.Select(o => o with { Replan = o.Replan with { NotBefore = late } }).ToList();

        var outcome = MakingRoom.Propose(center.NewPatient, others);

        Assert.False(outcome.HasProposal);
        Assert.Equal(MakeRoomCodes.NotOnlyBookings, outcome.NoRoom.Code);
    }

    [Fact]
    public void Propose_BudgetOfTwoSolverRuns_NoneWithinBoundsNotExhaustive()
    {
        var center = MakingRoomCenter.Create(39, RoomShape.Clinic)!;

        var outcome = MakingRoom.Propose(center.NewPatient, center.Others, new MakeRoomLimits { MaxSolverCalls = 2 });

        Assert.False(outcome.HasProposal);
        Assert.Equal(MakeRoomCodes.NoneWithinBounds, outcome.NoRoom.Code);
        Assert.False(outcome.NoRoom.Exhaustive);
        Assert.True(outcome.SolverCalls <= 3);
    }

    private static RoomPlan Pinned(RoomPlan plan)
    {
        var future = plan.Replan.Previous.Select(f => new KeptFraction(f.LesionId, f.LinacId, f.Start.ToInstant(), f.End.ToInstant(), KeptReason.Pinned) { FractionId = f.FractionId });
        return plan with
        {
            Replan = plan.Replan with { Kept = [.. plan.Replan.Kept, .. future], Previous = [] },
            Current = plan.Current with { Fractions = [.. plan.Current.Fractions.Select(f => f.Origin == FractionOrigin.Planned ? f with { Origin = FractionOrigin.Pinned } : f)] },
        };
    }
}
