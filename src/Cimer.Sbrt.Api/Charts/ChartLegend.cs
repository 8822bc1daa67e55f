using Cimer.Sbrt.Scheduling;
using Cimer.Sbrt.Api.Plans;

namespace Cimer.Sbrt.Api.Charts;

/// <summary>The plan chart's legend: every shape, band and shading it may use, in one or two lines.</summary>
internal static class ChartLegend
{
    private const double Line = 26, ItemGap = 22;

    public static double Height(double width) => (2 * Line) + 8;

    public static void Draw(Svg svg, double top, double width, bool widened, bool deviation)
    {
        var (x, y) = (16.0, top + 10);
        svg.Open("g", ("data-legend", "plan"));
        foreach (var (status, text) in new[] { (FractionStatus.Planned, "planned"), (FractionStatus.Delivered, "delivered"), (FractionStatus.Missed, "missed"), (FractionStatus.Displaced, "displaced") })
        {
            FractionMarks.Draw(svg, x + 11, y, status, pinned: false, status == FractionStatus.Planned ? "n" : null);
            x = Label(svg, x + 28, y, text);
        }

        FractionMarks.Draw(svg, x + 11, y, FractionStatus.Planned, pinned: true, "n");
        x = Label(svg, x + 28, y, "pinned by a physicist");
        svg.Text(x, y + 4, "48 h", 10, fill: Palette.Muted, weight: "600");
        Label(svg, x + 28, y, "elapsed hours between a lesion's fractions");

        (x, y) = (16.0, y + Line);
        x = Swatch(svg, x, y, Palette.Window, Palette.WindowEdge, null, "window W0 (days 1–12)");
        if (widened)
        {
            x = Swatch(svg, x, y, Palette.Widened, Palette.WindowEdge, "4 3", "widened window (±2 days)");
        }

        if (deviation)
        {
            x = Swatch(svg, x, y, Palette.Deviation, Palette.DeviationEdge, null, "past the window (protocol deviation)");
        }

        x = Swatch(svg, x, y, "url(#chart-closure)", Palette.Hatch, null, "closure or holiday");
        x = Swatch(svg, x, y, Palette.ClosedDay, Palette.Rule, null, "closed day");
        svg.Element("rect", ("x", x), ("y", y - 8), ("width", 16), ("height", 16), ("fill", "none"), ("stroke", Palette.Letrozole), ("stroke-dasharray", "4 3"), ("rx", 3));
        Label(svg, x + 22, y, "milestone: CT simulation, letrozole day 1, palbociclib day 21");
        svg.Close();
    }

    private static double Swatch(Svg svg, double x, double y, string fill, string stroke, string? dash, string text)
    {
        svg.Element("rect", ("x", x), ("y", y - 8), ("width", 16), ("height", 16), ("fill", fill), ("stroke", stroke), ("stroke-dasharray", dash), ("rx", 3));
        return Label(svg, x + 22, y, text);
    }

    private static double Label(Svg svg, double x, double y, string text)
    {
        svg.Text(x, y + 4, text, 11, fill: Palette.Ink);
        return x + Svg.Width(text, 11) + ItemGap;
    }
}
