using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Cimer.Sbrt.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Several plans' decisions written in one transaction (a make-room acceptance, a bulk re-plan): the
/// booked-slot index guards what they leave, so decisions that leave no slot booked twice are written
/// whatever order they come in, on SQLite and on PostgreSQL (whose unique index is not deferrable).
/// </summary>
public class PlanWritesTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private Database Database => app.Services.GetRequiredService<Database>();

    [ProviderTheory]
    [InlineData(false)] // B, written after A, leaves its slot for a free one
    [InlineData(true)] // A and B swap slots: no order of whole plans would write that one
    public async Task WriteAll_APlanTakesTheSlotAPlanWrittenAfterItLeaves_WritesBoth(bool swap)
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id);
        var a = await PlannedAsync(center.Id);
        var b = await PlannedAsync(center.Id);
        var (fa, fb) = (a.Plan.Booked.MinBy(f => f.Start)!, b.Plan.Booked.MinBy(f => f.Start)!);
        var held = a.Plan.Booked.Concat(b.Plan.Booked).Select(f => f.Start).ToHashSet();
        var length = fb.End - fb.Start;
        var free = Enumerable.Range(1, 8).Select(k => fb.Start + (length * k)).First(start => !held.Contains(start));
        var aTakesB = Moved(a, fa, fb.Start, length);
        var bLeaves = swap ? Moved(b, fb, fa.Start, length) : Moved(b, fb, free, length);

        await Database.WriteAsync(
            (connection, transaction) => PlanChanges.WriteAllAsync(connection, transaction, new Dictionary<string, PlanRecord> { [a.Id] = a, [b.Id] = b },
                [aTakesB, bLeaves], Actor.Anonymous, app.Clock.GetCurrentInstant(), CancellationToken.None),
            CancellationToken.None);

        Assert.Equal((a.Version + 1, fb.Start), await StoredAsync(a.Id, fa.Id));
        Assert.Equal((b.Version + 1, swap ? fa.Start : free), await StoredAsync(b.Id, fb.Id));
    }

    private async Task<PlanRecord> PlannedAsync(string centerId)
    {
        var patient = await api.PatientAsync(centerId);
        var plan = await Client.CreatedAsync<Infrastructure.Plan>(await api.PlanAsync(patient.Id));
        return await Database.ReadAsync(connection => PlanStore.GetAsync(connection, plan.Id, CancellationToken.None));
    }

    /// <summary>A re-plan of <paramref name="plan"/> that moves one fraction, as the core would decide it.</summary>
    private static PlanDecision Moved(PlanRecord plan, BookedFraction fraction, Instant start, Duration length) =>
        new(PlanChangeKind.Replanned, plan.Plan, plan.Plan with
        {
            Version = plan.Version + 1,
            Fractions = [.. plan.Plan.Fractions.Select(f => f.Id == fraction.Id ? f with { Start = start, End = start + length } : f)],
        }, [PlanEvent.PlanChanged])
        {
            Reason = "Making room for a new patient.",
        };

    private async Task<(long Version, Instant Start)> StoredAsync(string planId, string fractionId)
    {
        var stored = await Database.ReadAsync(connection => PlanStore.GetAsync(connection, planId, CancellationToken.None));
        return (stored.Version, stored.Plan.Find(fractionId)!.Start);
    }
}
