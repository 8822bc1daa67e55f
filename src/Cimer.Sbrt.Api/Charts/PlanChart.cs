using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Charts;

/// <summary>
/// A plan as a picture: one row per lesion, one column per date from simulation to palbociclib,
/// the window as a band, closed days and closures shaded, milestones as marked columns. Rows and
/// marks are in <c>PlanChart.Rows.cs</c>, the legend in <see cref="ChartLegend"/>.
/// </summary>
internal static partial class PlanChart
{
    private const double Left = 176, Right = 16, TitleHeight = 58, BandRow = 18, HeaderHeight = 44, MilestoneRow = 26, RowHeight = 68;
    private const double TargetWidth = 1320;

    public static string Draw(PlanChartData data)
    {
        var dates = data.Dates;
        var column = Math.Clamp((TargetWidth - Left - Right) / dates.Length, 34, 56);
        var layout = new Layout(dates, column, TitleHeight + BandRow + HeaderHeight + MilestoneRow, data.Lesions.Count * RowHeight);
        var legendTop = layout.RowsBottom + 44;
        var width = Left + (dates.Length * column) + Right;
        var svg = new Svg(width, legendTop + ChartLegend.Height(width), $"{data.StudyId}: I-SBRT plan, day 1 {PlanChartData.Day(data.DayOne)}");
        svg.Open("defs");
        Palette.HatchPattern(svg, "chart-closure");
        svg.Close();

        Title(svg, data);
        Shading(svg, data, layout);
        Bands(svg, data, layout);
        Header(svg, data, layout);
        Milestones(svg, data, layout);
        Closures(svg, data, layout, legendTop - 22);
        Rows(svg, data, layout);
        ChartLegend.Draw(svg, legendTop, width, data.IsWidened, data.DeviationDates.Any());
        return svg.Finish();
    }

    private sealed record Layout(DateInterval Dates, double Column, double RowsTop, double RowsHeight)
    {
        public double RowsBottom => RowsTop + RowsHeight;

        public double X(LocalDate date) => Left + (Period.DaysBetween(Dates.Start, date) * Column);

        public double Center(LocalDate date) => X(date) + (Column / 2);
    }

    private static void Title(Svg svg, PlanChartData data)
    {
        var plan = data.Plan;
        svg.Text(Left, 26, $"{data.StudyId} · I-SBRT plan", 17, weight: "600");
        var fractions = plan.Fractions.Count(f => f.Status != FractionStatus.Missed);
        svg.Text(Left, 46, $"{data.CenterName} ({data.Calendar.Zone.Id}) · day 1 {PlanChartData.Day(data.DayOne)} · version {plan.Version} · {Wire(plan.Status)} · "
            + $"{fractions} fractions on {plan.Summary.Visits} visits over {plan.Summary.SpanDays} days", 12, fill: Palette.Muted);
    }

    /// <summary>Days the weekly pattern closes, shaded light under the bands (closures are hatched over them).</summary>
    private static void Shading(Svg svg, PlanChartData data, Layout layout)
    {
        foreach (var date in Each(layout.Dates).Where(d => !data.Calendar.IsRegularOpenDay(d)))
        {
            var top = TitleHeight + BandRow;
            svg.Element("rect", ("x", layout.X(date)), ("y", top), ("width", layout.Column), ("height", layout.RowsBottom - top), ("fill", Palette.ClosedDay));
        }
    }

    /// <summary>The date header, over the bands.</summary>
    private static void Header(Svg svg, PlanChartData data, Layout layout)
    {
        var headerTop = TitleHeight + BandRow;
        var month = -1;
        foreach (var date in Each(layout.Dates))
        {
            var weekend = !data.Calendar.IsOpen(date);
            svg.Text(layout.Center(date), headerTop + 12, date.DayOfWeek.ToString()[..2], 10, "middle", Palette.Muted);
            svg.Text(layout.Center(date), headerTop + 29, date.Day.ToString(System.Globalization.CultureInfo.InvariantCulture), 13, "middle",
                weekend ? Palette.Muted : Palette.Ink, weekend ? null : "600");
            if (date.Month != month)
            {
                svg.Text(layout.Center(date), headerTop + 42, date.ToString("MMM", System.Globalization.CultureInfo.InvariantCulture), 9, "middle", Palette.Muted);
                month = date.Month;
            }
        }

        svg.Element("line", ("x1", Left), ("y1", headerTop + HeaderHeight + 2), ("x2", layout.X(layout.Dates.End) + layout.Column),
            ("y2", headerTop + HeaderHeight + 2), ("stroke", Palette.Rule));
    }

    private static void Milestones(Svg svg, PlanChartData data, Layout layout)
    {
        var y = TitleHeight + BandRow + HeaderHeight + 6;
        Milestone(svg, layout, data.Milestone(MilestoneKind.Simulation), "CT simulation", Palette.Simulation, "end", y);
        Milestone(svg, layout, data.Milestone(MilestoneKind.LetrozoleStart), "Letrozole · day 1", Palette.Letrozole, "start", y);
        Milestone(svg, layout, data.Milestone(MilestoneKind.PalbociclibStart), "Palbociclib · day 21", Palette.Palbociclib, "end", y);
    }

    private static void Milestone(Svg svg, Layout layout, LocalDate? date, string label, string colour, string anchor, double y)
    {
        if (date is not { } d)
        {
            return;
        }

        var (cx, x) = (layout.Center(d), layout.X(d));
        svg.Open("g", ("data-milestone", label));
        svg.Element("rect", ("x", x + 1), ("y", y), ("width", layout.Column - 2), ("height", layout.RowsBottom - y), ("fill", "none"),
            ("stroke", colour), ("stroke-width", 1.5), ("stroke-dasharray", "4 3"), ("rx", 3));
        svg.Element("path", ("d", $"M{Svg.Number(cx - 5)} {Svg.Number(y + 4)} h10 l-5 7 Z"), ("fill", colour));
        var tx = anchor == "end" ? x - 2 : x + layout.Column + 2;
        svg.Text(tx, y + 12, label, 11, anchor, colour, "600");
        svg.Add("title", $"{label}: {PlanChartData.Day(d)}");
        svg.Close();
    }

    private static IEnumerable<LocalDate> Each(DateInterval dates)
    {
        for (var date = dates.Start; date <= dates.End; date = date.PlusDays(1))
        {
            yield return date;
        }
    }

    private static string Wire(LocalDate date) => Web.WireFormat.Format(date);

    private static string Wire<T>(T value)
        where T : struct, Enum => Data.StoredJson.Name(value);
}
