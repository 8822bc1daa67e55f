using Cimer.Sbrt.Scheduling;
using Cimer.Sbrt.Api.Plans;
using NodaTime;

namespace Cimer.Sbrt.Api.Charts;

/// <summary>The window bands, the lesion rows with their fraction marks and the hours between them, and the closures' reasons.</summary>
internal static partial class PlanChart
{
    private static void Bands(Svg svg, PlanChartData data, Layout layout)
    {
        var (top, bottom) = (TitleHeight + 2, layout.RowsBottom);
        if (data.IsWidened)
        {
            Band(svg, layout, data.Window, top, bottom, Palette.Widened, "widened", "4 3");
            if (data.Window.Start < data.W0.Start)
            {
                svg.Text(layout.X(data.W0.Start) - 4, top + 12, $"−{Period.DaysBetween(data.Window.Start, data.W0.Start)} d", 10, "end", Palette.Letrozole, "600");
            }

            if (data.Window.End > data.W0.End)
            {
                svg.Text(layout.X(data.W0.End) + layout.Column + 4, top + 12, $"+{Period.DaysBetween(data.W0.End, data.Window.End)} d widened", 10, fill: Palette.Letrozole, weight: "600");
            }
        }

        Band(svg, layout, data.W0, top, bottom, Palette.Window, "w0", null);
        svg.Text(layout.X(data.W0.Start) + (data.W0.Length * layout.Column / 2), top + 12, "W0 · days 1–12", 10, "middle", Palette.Letrozole, "600");
        foreach (var date in data.DeviationDates)
        {
            svg.Element("rect", ("x", layout.X(date)), ("y", top), ("width", layout.Column), ("height", bottom - top),
                ("fill", Palette.Deviation), ("fill-opacity", 0.8), ("stroke", Palette.DeviationEdge), ("data-deviation", Web.WireFormat.Format(date)));
        }

        if (data.DeviationDates.Any())
        {
            svg.Text(layout.X(data.DeviationDates.Last()) + layout.Column + 4, top + 12,
                $"protocol deviation: {data.DeviationDates.Count()} d past the window", 10, fill: Palette.DeviationInk, weight: "600");
        }
    }

    private static void Band(Svg svg, Layout layout, DateInterval dates, double top, double bottom, string fill, string name, string? dash)
    {
        var (x, w) = (layout.X(dates.Start), dates.Length * layout.Column);
        svg.Element("rect", ("x", x), ("y", top), ("width", w), ("height", bottom - top), ("fill", fill), ("fill-opacity", 0.5),
            ("stroke", Palette.WindowEdge), ("stroke-dasharray", dash), ("rx", 4), ("data-window", name));
    }

    private static void Rows(Svg svg, PlanChartData data, Layout layout)
    {
        var byLesion = data.FractionsByStart.ToLookup(f => f.Fraction.LesionId);
        for (var i = 0; i < data.Lesions.Count; i++)
        {
            var (lesion, top) = (data.Lesions[i], layout.RowsTop + (i * RowHeight));
            var fractions = byLesion[lesion.Id].ToList();
            svg.Element("line", ("x1", 12), ("y1", top + RowHeight), ("x2", layout.X(layout.Dates.End) + layout.Column), ("y2", top + RowHeight), ("stroke", Palette.Rule));
            var label = lesion.Label.Length > 24 ? lesion.Label[..23] + "…" : lesion.Label;
            svg.Text(16, top + 28, label, 13, weight: "600");
            var delivered = fractions.Count(f => f.Fraction.Status == FractionStatus.Delivered);
            var missed = fractions.Count(f => f.Fraction.Status == FractionStatus.Missed);
            svg.Text(16, top + 46, $"{delivered} of 5 delivered" + (missed > 0 ? $" · {missed} missed" : ""), 11, fill: Palette.Muted);
            Lesion(svg, data, layout, lesion.Label, fractions, top + 28);
        }
    }

    private static void Lesion(Svg svg, PlanChartData data, Layout layout, string label, IReadOnlyList<(FractionResponse Fraction, OffsetDateTime Start)> fractions, double cy)
    {
        var chain = fractions.Where(f => f.Fraction.Status is FractionStatus.Planned or FractionStatus.Delivered).ToList();
        for (var k = 1; k < chain.Count; k++)
        {
            var (from, to) = (chain[k - 1], chain[k]);
            var (x1, x2) = (layout.Center(from.Start.Date), layout.Center(to.Start.Date));
            svg.Element("line", ("x1", x1), ("y1", cy), ("x2", x2), ("y2", cy), ("stroke", Palette.Hatch), ("stroke-width", 1.5));
            var hours = (to.Start.ToInstant() - from.Start.ToInstant()).TotalHours;
            var text = hours % 1 == 0 ? $"{hours:0} h" : $"{hours:0.#} h";
            Halo(svg, (x1 + x2) / 2, cy - 6, text, "600");
        }

        var sameDay = fractions.GroupBy(f => f.Start.Date).ToDictionary(g => g.Key, g => g.Select(f => f.Fraction.Id).ToList());
        foreach (var (fraction, start) in fractions)
        {
            // A miss and its replacement can share a date: side by side, their times one under the other.
            var peers = sameDay[start.Date];
            var (index, cx) = (peers.IndexOf(fraction.Id), layout.Center(start.Date));
            cx += peers.Count == 1 ? 0 : (peers.IndexOf(fraction.Id) - ((peers.Count - 1) / 2.0)) * (FractionMarks.Radius + 1) * 2 * 0.9;
            var linac = data.LinacNames.GetValueOrDefault(fraction.LinacId, fraction.LinacId);
            var time = start.LocalDateTime.TimeOfDay.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            var status = Data.StoredJson.Name(fraction.Status) + (fraction.Pinned ? ", pinned" : "") + (fraction.Unconfirmed ? ", unconfirmed" : "");
            svg.Open("g", ("data-fraction-id", fraction.Id), ("data-status", Data.StoredJson.Name(fraction.Status)), ("data-pinned", fraction.Pinned ? "true" : null));
            svg.Add("title", $"{label} · fraction {fraction.Number}/5 · {linac} · {PlanChartData.Day(start.Date)} {time} · {status}");
            FractionMarks.Draw(svg, cx, cy, fraction.Status, fraction.Pinned, fraction.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Halo(svg, peers.Count == 1 ? cx : layout.Center(start.Date), cy + 25 + (index * 11), time, null);
            svg.Close();
        }
    }

    /// <summary>Each closure's reason, upright in its column when it fits, and listed under the chart.</summary>
    private static void Closures(Svg svg, PlanChartData data, Layout layout, double listY)
    {
        var closures = data.Calendar.Closures.Where(c => data.Dates.Contains(c.Date)).ToList();
        foreach (var closure in closures)
        {
            var top = layout.RowsTop - 6;
            svg.Open("g", ("data-closure", Web.WireFormat.Format(closure.Date)));
            svg.Add("title", $"{PlanChartData.Day(closure.Date)}: closed, {closure.Reason}");
            svg.Element("rect", ("x", layout.X(closure.Date)), ("y", top), ("width", layout.Column), ("height", layout.RowsBottom - top), ("fill", "url(#chart-closure)"), ("fill-opacity", 0.85));
            var (cx, cy) = (layout.Center(closure.Date), layout.RowsTop + (layout.RowsHeight / 2));
            if (Svg.Width(closure.Reason, 11) < layout.RowsHeight - 8)
            {
                svg.Add("text", closure.Reason, ("x", cx), ("y", cy), ("font-size", 11), ("font-weight", "600"), ("text-anchor", "middle"), ("dominant-baseline", "middle"),
                    ("fill", Palette.Ink), ("stroke", Palette.Paper), ("stroke-width", 3), ("paint-order", "stroke"),
                    ("transform", $"rotate(-90 {Svg.Number(cx)} {Svg.Number(cy)})"));
            }

            svg.Close();
        }

        if (closures.Count > 0)
        {
            svg.Text(Left, listY, "Closed: " + string.Join(" · ", closures.Select(c => $"{PlanChartData.Day(c.Date)} {c.Reason}")), 11, fill: Palette.Muted);
        }
    }

    /// <summary>A small muted label with a white halo, legible over lines, hatching and bands.</summary>
    private static void Halo(Svg svg, double x, double y, string text, string? weight) =>
        svg.Add("text", text, ("x", x), ("y", y), ("font-size", 10), ("text-anchor", "middle"), ("fill", Palette.Muted), ("font-weight", weight),
            ("stroke", Palette.Paper), ("stroke-width", 3), ("stroke-linejoin", "round"), ("paint-order", "stroke"));
}
