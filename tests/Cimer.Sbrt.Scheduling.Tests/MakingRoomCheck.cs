using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>The invariants every making-room proposal must keep, checked with the plan oracle and the production validator.</summary>
public static class MakingRoomCheck
{
    private static (string, Instant) Key(PlannedFraction f) => (f.LinacId, f.Start.ToInstant());

    private static (string, Instant) Key(Booking b) => (b.LinacId, b.Start);

    /// <summary>Every plan of the centre as the proposal would leave it: the new one, the changed ones, the rest as they are.</summary>
    public static List<(string Id, PlanRequest? Request, IReadOnlyList<PlannedFraction> Fractions)> Final(PlanRequest newPatient, IReadOnlyList<RoomPlan> others, RoomProposal proposal)
    {
        var changed = proposal.Changes.ToDictionary(c => c.PlanId, c => c.Plan);
        var result = others.Select(o => (o.PlanId, (PlanRequest?)o.Replan, changed.TryGetValue(o.PlanId, out var p) ? p.Fractions : o.Current.Fractions)).ToList();
        var held = others.SelectMany(o => o.Current.Fractions).Select(Key).ToHashSet();
        var strangers = newPatient.Bookings.Where(b => !held.Contains(Key(b))).ToList();
        result.Add(("strangers", null, [.. strangers.Select(b => new PlannedFraction("?", 0, b.LinacId, b.Start.InUtc(), b.End.InUtc(), FractionOrigin.Pinned))]));
        result.Add(("new", newPatient, proposal.Plan.Fractions));
        return result;
    }

    public static void AssertSound(PlanRequest newPatient, IReadOnlyList<RoomPlan> others, RoomProposal proposal)
    {
        var final = Final(newPatient, others, proposal);
        var clashes = final.SelectMany(p => p.Fractions).GroupBy(Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(clashes.Count == 0, $"double booked: {string.Join(", ", clashes)}");
        foreach (var (id, request, fractions) in final.Where(p => p.Request is not null))
        {
            var around = final.Where(p => p.Id != id).SelectMany(p => p.Fractions).Select(f => new Booking(f.LinacId, f.Start.ToInstant(), f.End.ToInstant())).ToList();
            var context = request! with { Bookings = around };
            var violations = PlanValidator.Validate(context, fractions);
            Assert.True(violations.Count == 0, $"{id}: {string.Join("; ", violations.Select(v => v.Message))}");
        }

        PlanOracle.AssertValid(newPatient with { Bookings = [.. final.Where(p => p.Id != "new").SelectMany(p => p.Fractions).Select(f => new Booking(f.LinacId, f.Start.ToInstant(), f.End.ToInstant()))] }, proposal.Plan);
        foreach (var change in proposal.Changes)
        {
            var other = others.Single(o => o.PlanId == change.PlanId);
            PlanOracle.AssertValid(other.Replan with { Bookings = [.. final.Where(p => p.Id != change.PlanId).SelectMany(p => p.Fractions).Select(f => new Booking(f.LinacId, f.Start.ToInstant(), f.End.ToInstant()))] }, change.Plan);
            Assert.True(PlanFigures.Of(change.Plan).CompareTo(PlanFigures.Of(other.Current)) <= 0, $"{change.PlanId} gets worse: {PlanFigures.Of(other.Current)} -> {PlanFigures.Of(change.Plan)}");
            var now = other.Replan.NotBefore;
            foreach (var f in other.Current.Fractions.Where(f => f.Origin != FractionOrigin.Planned || (now is { } n && f.Start.ToInstant() <= n)))
            {
                Assert.Contains(change.Plan.Fractions, g => Key(g) == Key(f) && g.LesionId == f.LesionId);
            }

            var left = other.Current.Fractions.Count(f => !change.Plan.Fractions.Any(g => Key(g) == Key(f) && g.LesionId == f.LesionId));
            Assert.Equal(left, change.Moves.Count);
            Assert.All(change.Moves, m => Assert.Equal(FractionOrigin.Planned, m.From.Origin));
        }

        Assert.Equal(proposal.Changes.Sum(c => c.Moves.Count), proposal.FractionsMoved);
    }

    /// <summary>A proposal as text, to compare two runs.</summary>
    public static string Show(MakeRoomOutcome outcome) =>
        outcome.HasProposal
            ? string.Join('\n', outcome.Proposal.Plan.Fractions.Select(f => $"new {f.LesionId} {f.LinacId} {f.Start}")
                .Concat(outcome.Proposal.Changes.SelectMany(c => c.Moves.Select(m => $"{c.PlanId} {m.From.FractionId} {m.From.LinacId} {m.From.Start} -> {m.To.LinacId} {m.To.Start}"))))
            : $"{outcome.NoRoom.Code} {outcome.NoRoom.Exhaustive} {outcome.NoRoom.Summary}";
}
