using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// "The clinic's real week": beam groups, the patient's hours, absences and preferred time, and
/// openings, held to the brute force on small instances and to the worked facts.
/// </summary>
public sealed class ClinicWeekTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 80)];

    private static readonly LocalDate Monday = Fixtures.QuietMonday;

    /// <summary>A small instance with seeded groups, hours, absences and openings on top.</summary>
    private static PlanRequest Decorated(int seed)
    {
        var request = InstanceGenerator.CreateSmall(seed);
        var rng = new Random(seed * 7919);
        var d1 = request.Patient.DayOne;
        var linacs = request.Linacs.Select((l, i) => l with
        {
            BeamGroup = rng.Next(3) == 0 ? null : $"G{i % 2}",
            Openings = rng.Next(3) == 0 ? [new Opening(d1.PlusDays(rng.Next(12)), l.OpensAt, l.OpensAt.PlusMinutes(2L * l.SlotMinutes), "extra")] : [],
        }).ToList();
        var patient = request.Patient with
        {
            AvailableFrom = rng.Next(3) == 0 ? linacs[0].OpensAt.PlusMinutes(linacs[0].SlotMinutes) : null,
            Absences = rng.Next(2) == 0 ? [new Absence(d1.PlusDays(rng.Next(12)), "away")] : [],
        };
        return request with { Linacs = linacs, Patient = patient };
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solve_DecoratedSmallInstance_MatchesBruteForce(int seed)
    {
        Solve.MatchesBruteForce(Decorated(seed));
    }

    private static Linac TrueBeam(string id) => Fixtures.Linac(id, 9, 12) with { BeamGroup = "TrueBeam" };

    private static Linac Halcyon(string id) => Fixtures.Linac(id, 9, 12) with { BeamGroup = "Halcyon" };

    private static PlanRequest Replan(PlanRequest request, Plan plan, int delivered, Func<Linac, Linac>? change = null) =>
        request with
        {
            Kept = [.. plan.Fractions.OrderBy(f => f.Start.ToInstant()).Take(delivered).Select(f => new KeptFraction(f.LesionId, f.LinacId, f.Start.ToInstant(), f.End.ToInstant(), KeptReason.Delivered))],
            Previous = [.. plan.Fractions.OrderBy(f => f.Start.ToInstant()).Select((f, i) => i < delivered ? f with { Origin = FractionOrigin.Delivered } : f)],
            NotBefore = plan.Fractions.OrderBy(f => f.Start.ToInstant()).Take(delivered).Last().End.ToInstant(),
            Linacs = [.. request.Linacs.Select(change ?? (l => l))],
            AllowProtocolDeviation = true,
        };

    [Fact]
    public void Replan_TrueBeamLesionThroughDowntime_StaysOnTrueBeam()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, lesions: 1, linacs: [TrueBeam("TB1"), TrueBeam("TB2"), Halcyon("H1")]) with { BeamGroup = "TrueBeam" };
        var plan = Solve.Feasible(request);
        var used = plan.Fractions[0].LinacId;
        var down = new Downtime(Monday.PlusDays(2).AtMidnight(), Monday.PlusDays(12).AtMidnight(), "repair");
        var replan = Replan(request with { BeamGroup = null }, plan, 1, l => l.Id == used ? l with { Downtimes = [down] } : l);

        var after = Solve.Feasible(replan);

        Assert.All(after.Fractions, f => Assert.StartsWith("TB", f.LinacId));
        Assert.Contains(after.Fractions, f => f.LinacId != used);
    }

    [Fact]
    public void Replan_NoRoomInTrueBeamGroup_NeedsOtherMachineNeverHalcyon()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, lesions: 1, linacs: [TrueBeam("TB1"), Halcyon("H1")]) with { BeamGroup = "TrueBeam" };
        var plan = Solve.Feasible(request);
        var down = new Downtime(Monday.PlusDays(1).AtMidnight(), Monday.PlusDays(30).AtMidnight(), "repair");
        var replan = Replan(request with { BeamGroup = null }, plan, 1, l => l.Id == "TB1" ? l with { Downtimes = [down] } : l);

        var outcome = Scheduler.Plan(replan);

        Assert.False(outcome.IsFeasible);
        Assert.Equal(InfeasibilityCodes.NeedsOtherMachine, outcome.Infeasibility.Code);
        Assert.Contains("dose plan for another machine needed", outcome.Infeasibility.Summary, StringComparison.Ordinal);
        Assert.Contains(outcome.Infeasibility.Violations, v => v.Rule == Rules.BeamGroup);
    }

    [Fact]
    public void Plan_UnknownBeamGroup_Throws()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, linacs: [TrueBeam("TB1")]) with { BeamGroup = "Ethos" };

        Assert.Throws<ArgumentException>(() => Scheduler.Plan(request));
    }

    [Fact]
    public void Validate_LesionOnTwoGroups_NamesBeamGroupRule()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, lesions: 1, linacs: [TrueBeam("TB1"), Halcyon("H1")]);
        var plan = Solve.Feasible(request);
        var moved = plan.Fractions.Select((f, i) => i == 2 ? f with { LinacId = f.LinacId == "TB1" ? "H1" : "TB1" } : f).ToList();

        Assert.Contains(PlanValidator.Validate(request, moved), v => v.Rule == Rules.BeamGroup);
        Assert.DoesNotContain(PlanValidator.Validate(request, plan.Fractions), v => v.Rule == Rules.BeamGroup);
    }

    [Fact]
    public void Replan_AbsenceOnDayFiveWithRoom_StaysInWindow()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.EveryDay), Monday, lesions: 1, linacs: Fixtures.Linac(toHour: 11));
        var plan = Solve.Feasible(request);
        var absence = new Absence(Monday.PlusDays(4), "family") { Id = "a1" };
        var replan = Replan(request, plan, 1) with { Patient = request.Patient with { Absences = [absence] } };

        var after = Solve.Feasible(replan);

        Assert.Null(after.ProtocolDeviation);
        Assert.DoesNotContain(after.Fractions, f => f.Start.Date == absence.Date);
        Assert.Equal(0, after.Window.DeviationDays);
    }

    [Fact]
    public void Replan_AbsenceLeavesNoRoom_DeviationNamesAbsenceNeverWidens()
    {
        // Mon/Wed/Fri: W0 has six open days. Day 1 given, day 3 missed: days 5, 8, 10, 12 hold the four left
        // exactly, so an absence on day 5 pushes the last fraction past day 12, and only the absence does.
        var center = Fixtures.Center([IsoDayOfWeek.Monday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Friday]);
        var request = Fixtures.Request(center, Monday, lesions: 1, linacs: Fixtures.Linac(toHour: 10));
        var plan = Solve.Feasible(request);
        var ordered = plan.Fractions.OrderBy(f => f.Start.ToInstant()).ToList();
        var missed = ordered[1];
        var absence = new Absence(Monday.PlusDays(4), "family") { Id = "a1" };
        var replan = Replan(request, plan, 1) with
        {
            Previous = [.. ordered.Where(f => f != missed).Select((f, i) => i == 0 ? f with { Origin = FractionOrigin.Delivered } : f)],
            Missed = [new MissedFraction(missed.LesionId, missed.Start.ToInstant())],
            NotBefore = missed.Start.ToInstant() + Duration.FromHours(12),
            Patient = request.Patient with { Absences = [absence] },
        };
        Assert.Null(Solve.Feasible(replan with { Patient = request.Patient }).ProtocolDeviation);

        var after = Solve.Feasible(replan);

        Assert.NotNull(after.ProtocolDeviation);
        var cause = Assert.Single(after.ProtocolDeviation.Causes, c => c.Kind == DeviationCauseKinds.Absence);
        Assert.Equal((absence.Date, "a1", "family"), (cause.Date, cause.Id, cause.Reason));
        Assert.Equal(Monday, after.Window.Start);
        Assert.DoesNotContain(after.Fractions, f => f.Start.Date == absence.Date);
    }

    [Fact]
    public void Plan_PreferredTwoPm_VisitsAtTwoSameSpanAndVisits()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, lesions: 2, linacs: Fixtures.Linac(fromHour: 8, toHour: 17));
        var plain = Solve.Feasible(request);
        var preferring = request with { Patient = request.Patient with { PreferredTime = new LocalTime(14, 0) } };

        var plan = Solve.Feasible(preferring);

        Assert.Equal((plain.Summary.SpanDays, plain.Summary.Visits), (plan.Summary.SpanDays, plan.Summary.Visits));
        Assert.All(plan.Fractions.GroupBy(f => f.Start.Date), v => Assert.Equal(new LocalTime(14, 0), v.Min(f => f.Start.TimeOfDay)));
        Assert.NotEqual(new LocalTime(14, 0), plain.Fractions[0].Start.TimeOfDay);
    }

    [Fact]
    public void Plan_AvailableFromNoon_NoFractionBefore()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, lesions: 3, linacs: Fixtures.Linac(fromHour: 8, toHour: 17));
        var limited = request with { Patient = request.Patient with { AvailableFrom = new LocalTime(12, 0), AvailableUntil = new LocalTime(14, 0) } };

        var plan = Solve.Feasible(limited);

        Assert.All(plan.Fractions, f => Assert.InRange(f.Start.TimeOfDay, new LocalTime(12, 0), new LocalTime(13, 30)));
    }

    [Fact]
    public void Replan_OpeningOnSaturday_TurnsDeviationIntoNone()
    {
        // The miss of the last fraction on day 12 (a Friday) runs past the window; a Saturday session on day... is outside W0,
        // so use a miss on day 10 (Wednesday): the fifth fraction needs Friday, which is now down; Saturday day 13 is past W0.
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, lesions: 1, linacs: Fixtures.Linac(toHour: 10));
        var plan = Solve.Feasible(request);
        var down = new Downtime(Monday.PlusDays(9).AtMidnight(), Monday.PlusDays(12).AtMidnight(), "repair");
        var replan = Replan(request, plan, 3, l => l with { Downtimes = [down] });
        var deviating = Solve.Feasible(replan);
        Assert.NotNull(deviating.ProtocolDeviation);

        var suggestions = OpeningSuggestions.Suggest(replan);
        Assert.NotEmpty(suggestions);
        var first = suggestions[0];
        var opened = replan with { Linacs = [.. replan.Linacs.Select(l => l.Id == first.LinacId ? l with { Openings = [new Opening(first.Date, first.OpensAt, first.ClosesAt, "Saturday")] } : l)] };
        var fixedPlan = Solve.Feasible(opened);

        Assert.Null(fixedPlan.ProtocolDeviation);
        Assert.True(first.Date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday, $"{first.Date} is not a weekend day");
        Assert.Equal(30, first.Minutes);
    }

    [Fact]
    public void Cache_SameShapeOtherOpenings_NotShared()
    {
        var cache = new SlotGridCache();
        var saturday = Monday.PlusDays(5);
        var plain = Fixtures.Linac("A");
        var opened = Fixtures.Linac("B") with { Openings = [new Opening(saturday, new LocalTime(9, 0), new LocalTime(10, 0), "extra")] };
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, linacs: [plain, opened]);

        Assert.DoesNotContain(true, Instance.Build(request, saturday, saturday, cache).Days[0].Linacs[0].Free);
        Assert.Equal(2, Instance.Build(request, saturday, saturday, cache).Days[0].Linacs[1].Count);
        Assert.Equal(2, SlotGrid.OpeningsOn(opened, saturday, Fixtures.NewYork).Count);
        Assert.Equal(16, SlotGrid.On(plain, saturday, Fixtures.NewYork).Count);
    }
}
