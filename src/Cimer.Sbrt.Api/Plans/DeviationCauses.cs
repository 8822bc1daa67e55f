using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// Gives a protocol deviation the contract's shape. The core explains it in words; the record knows
/// which fractions were missed, so each miss is named as a cause with the core's words beside it.
/// Downtimes and closures as typed causes come with the disruptions issue.
/// </summary>
internal static class DeviationCauses
{
    public static ProtocolDeviationResponse Describe(ProtocolDeviation deviation, PlanRecord record)
    {
        var words = string.Join(" ", deviation.Causes);
        var missed = record.Fractions.Where(f => f.Status == FractionStatus.Missed).OrderBy(f => f.Start).ToList();
        IReadOnlyList<DeviationCause> causes = missed.Count > 0
            ? [.. missed.Select(f => new DeviationCause("missedFraction", f.Id, WireFormat.Format(f.Start.InZone(record.Zone).Date), words))]
            : [new DeviationCause("other", null, null, words)];
        return new ProtocolDeviationResponse(deviation.DaysPastWindow, causes);
    }
}
