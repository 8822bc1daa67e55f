using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Api.Charts;

/// <summary>
/// What the plan chart draws: the plan exactly as <c>GET /plans/{id}</c> answers it, plus the names
/// the JSON leaves to ids (study id, lesion labels, linac names) and the center's calendar over the
/// chart's dates. Nothing here decides a rule; the dates it computes are the drawing's own.
/// </summary>
internal sealed record PlanChartData(
    PlanResponse Plan, string StudyId, string CenterName, IReadOnlyList<(string Id, string Label)> Lesions,
    IReadOnlyDictionary<string, string> LinacNames, CenterCalendar Calendar)
{
    public static readonly LocalDatePattern DayPattern = LocalDatePattern.Create("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);

    public LocalDate DayOne => WireFormat.ParseDate(Plan.DayOne);

    /// <summary>W0 = D1..D1+11, whatever window the plan uses.</summary>
    public DateInterval W0 => new(DayOne, DayOne.PlusDays(11));

    public DateInterval Window => new(WireFormat.ParseDate(Plan.Window.Start), WireFormat.ParseDate(Plan.Window.End));

    public bool IsWidened => Window.Start != W0.Start || Window.End != W0.End;

    public LocalDate? Milestone(MilestoneKind kind) =>
        Plan.Milestones.Where(m => m.Kind == kind).Select(m => (LocalDate?)WireFormat.ParseDate(m.Date)).FirstOrDefault();

    /// <summary>The chart's columns: simulation (or D1-7) to palbociclib start (or D1+20), stretched to every fraction.</summary>
    public DateInterval Dates
    {
        get
        {
            var dates = Fractions.Select(f => f.Date)
                .Append(Milestone(MilestoneKind.Simulation) ?? DayOne.PlusDays(-7))
                .Append(Milestone(MilestoneKind.PalbociclibStart) ?? DayOne.PlusDays(20))
                .Append(Window.Start).Append(Window.End).ToList();
            return new DateInterval(dates.Min(), dates.Max());
        }
    }

    /// <summary>Dates past the window the plan runs into (its protocol deviation), if any.</summary>
    public IEnumerable<LocalDate> DeviationDates =>
        Plan.ProtocolDeviation is { DaysPastWindow: > 0 } deviation
            ? Enumerable.Range(1, deviation.DaysPastWindow).Select(i => Window.End.PlusDays(i))
            : [];

    /// <summary>The fractions with their starts as moments in the center's offset, in start order.</summary>
    public IReadOnlyList<(FractionResponse Fraction, OffsetDateTime Start)> FractionsByStart =>
        [.. Plan.Fractions.Select(f => (f, WireFormat.TryMoment(f.Start).Value)).OrderBy(x => x.Item2.ToInstant())];

    private IEnumerable<OffsetDateTime> Fractions => FractionsByStart.Select(f => f.Start);

    public static string Day(LocalDate date) => DayPattern.Format(date);
}
