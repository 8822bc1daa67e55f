using Cimer.Sbrt.Api.Web;
using NodaTime;

namespace Cimer.Sbrt.Api.Jobs;

/// <summary>The <c>Jobs</c> section: when the nightly reconciliation runs and what it may do.</summary>
internal sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Reconciliation triggers keep out of 01:00-03:00 local (both ends included), where daylight-saving changes skip or repeat an hour.</summary>
    public static readonly LocalTime QuietFrom = new(1, 0), QuietTo = new(3, 0);

    /// <summary>Center-local time of the nightly reconciliation, "HH:mm"; default "21:00", after the linacs close.</summary>
    public string ReconcileAt { get; set; } = "21:00";

    /// <summary>
    /// When set (1 to 168 hours), reconciliation records a fraction still unconfirmed this long after
    /// its start as missed and re-plans its plan. Default off: a person confirms or records it.
    /// </summary>
    public int? AutoMissUnconfirmedAfterHours { get; set; }

    /// <summary>
    /// True (default): each center's cron trigger fires on its own and a start catches up on runs
    /// missed while the service was down. False: jobs run only when triggered (tests do this).
    /// </summary>
    public bool Enabled { get; set; } = true;

    public LocalTime ReconcileTime => WireFormat.ParseTime(ReconcileAt);

    public bool IsValid() =>
        WireFormat.Time.Parse(ReconcileAt ?? "") is { Success: true } parsed
        && (parsed.Value < QuietFrom || parsed.Value > QuietTo)
        && AutoMissUnconfirmedAfterHours is null or (>= 1 and <= 168);
}
