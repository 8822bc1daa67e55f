using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>A protocol deviation in the contract's shape: the core names each cause (a miss, a downtime, a closure).</summary>
internal static class DeviationCauses
{
    public static ProtocolDeviationResponse Describe(ProtocolDeviation deviation) =>
        new(deviation.DaysPastWindow, [.. deviation.Causes.Select(c => new DeviationCauseResponse(c.Kind, c.Id, WireFormat.Format(c.Date)))]);
}
