using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>Translations between the core's plans and the stored records; no scheduling rule lives here.</summary>
internal static class PlanRecords
{
    public static PlanRecord New(Plan plan, string patientId, string centerId, DateTimeZone zone, int maxFractionsPerDay)
    {
        var record = new PlanRecord
        {
            Id = Ids.New(),
            PatientId = patientId,
            CenterId = centerId,
            Zone = zone,
            DayOne = plan.DayOne,
            MaxFractionsPerDay = maxFractionsPerDay,
        };
        foreach (var fraction in plan.Fractions)
        {
            record.Fractions.Add(new FractionRecord
            {
                Id = Ids.New(),
                LesionId = fraction.LesionId,
                Number = fraction.Number,
                DoseGy = fraction.DoseGy,
                LinacId = fraction.LinacId,
                Start = fraction.Start.ToInstant(),
                End = fraction.End.ToInstant(),
            });
        }

        TakeOutline(record, plan);
        return record;
    }

    /// <summary>Window, milestones, explanation and deviation from the core's latest answer.</summary>
    public static void TakeOutline(PlanRecord record, Plan plan)
    {
        record.WindowStart = plan.Window.Start;
        record.WindowEnd = plan.Window.End;
        record.DaysBefore = plan.Window.DaysBefore;
        record.DaysAfter = plan.Window.DaysAfter;
        record.WindowClosures = [.. plan.Window.Closures.Select(c => new ClosureEntry(WireFormat.Format(c.Date), c.Reason))];
        record.Milestones = [.. plan.Milestones.Select(m => new MilestoneResponse(m.Kind, WireFormat.Format(m.Date)))];
        record.Explanation = [.. plan.Explanation];
        record.ProtocolDeviation = plan.ProtocolDeviation is { } deviation ? DeviationCauses.Describe(deviation) : null;
    }

    public static PlannedFraction ToPlanned(FractionRecord fraction, DateTimeZone zone) =>
        new(fraction.LesionId, fraction.Number, fraction.LinacId, fraction.Start.InZone(zone), fraction.End.InZone(zone), Origin(fraction))
        {
            FractionId = fraction.Id,
            DoseGy = fraction.DoseGy,
        };

    public static KeptFraction ToKept(FractionRecord fraction) =>
        new(fraction.LesionId, fraction.LinacId, fraction.Start, fraction.End,
            fraction.Status == FractionStatus.Delivered ? KeptReason.Delivered : KeptReason.Pinned)
        {
            FractionId = fraction.Id,
        };

    /// <summary>Numbers each lesion's booked fractions in time order (missed ones keep theirs).</summary>
    public static void Renumber(PlanRecord record)
    {
        foreach (var lesion in record.Booked.GroupBy(f => f.LesionId))
        {
            var number = 1;
            foreach (var fraction in lesion.OrderBy(f => f.Start))
            {
                fraction.Number = number++;
            }
        }
    }

    private static FractionOrigin Origin(FractionRecord fraction) => fraction switch
    {
        { Status: FractionStatus.Delivered } => FractionOrigin.Delivered,
        { Pinned: true } => FractionOrigin.Pinned,
        _ => FractionOrigin.Planned,
    };
}
