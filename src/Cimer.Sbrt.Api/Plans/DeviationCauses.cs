using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// Gives the core's protocol-deviation causes the contract's shape: a cause that names a missed
/// fraction or a downtime by id is typed as such; one that is a date is a closure; anything else
/// is kept in the core's words.
/// </summary>
internal static class DeviationCauses
{
    public static ProtocolDeviationResponse Describe(ProtocolDeviation deviation, PlanRecord record, IReadOnlyList<Linac> linacs) =>
        new(deviation.DaysPastWindow, [.. deviation.Causes.Select(cause => Describe(cause, record, linacs))]);

    private static DeviationCause Describe(string cause, PlanRecord record, IReadOnlyList<Linac> linacs)
    {
        if (record.Fractions.Find(f => f.Id == cause) is { } missed)
        {
            return new DeviationCause("missedFraction", missed.Id, WireFormat.Format(missed.Start.InZone(record.Zone).Date), null);
        }

        if (linacs.SelectMany(l => l.Downtimes).FirstOrDefault(d => d.Id == cause) is { } downtime)
        {
            return new DeviationCause("downtime", downtime.Id, WireFormat.Format(downtime.Start.Date), downtime.Reason);
        }

        if (WireFormat.Date.Parse(cause) is { Success: true } date)
        {
            return new DeviationCause("closure", null, WireFormat.Format(date.Value), null);
        }

        return new DeviationCause("other", null, null, cause);
    }
}
