using Cimer.Sbrt.Scheduling;
using Cimer.Sbrt.Api.Plans;

namespace Cimer.Sbrt.Api.Charts;

/// <summary>
/// One shape per fraction status, so the chart reads without colour: planned an open circle,
/// delivered a filled circle with a tick, missed a square with a cross, displaced a triangle with
/// "!"; a pinned fraction wears a dark diamond at its shoulder.
/// </summary>
internal static class FractionMarks
{
    public const double Radius = 11;

    public static void Draw(Svg svg, double cx, double cy, FractionStatus status, bool pinned, string? label)
    {
        var r = Radius;
        switch (status)
        {
            case FractionStatus.Delivered:
                svg.Element("circle", ("cx", cx), ("cy", cy), ("r", r), ("fill", Palette.Delivered));
                svg.Element("path", ("d", $"M{N(cx - 5)} {N(cy)} l3.5 3.5 l6.5 -7"), ("fill", "none"), ("stroke", Palette.Paper), ("stroke-width", 2.2),
                    ("stroke-linecap", "round"), ("stroke-linejoin", "round"));
                label = null;
                break;
            case FractionStatus.Missed:
                svg.Element("rect", ("x", cx - r + 1), ("y", cy - r + 1), ("width", 2 * r - 2), ("height", 2 * r - 2), ("rx", 3), ("fill", Palette.Missed));
                svg.Element("path", ("d", $"M{N(cx - 5)} {N(cy - 5)} l10 10 M{N(cx + 5)} {N(cy - 5)} l-10 10"), ("stroke", Palette.Paper), ("stroke-width", 2.2), ("stroke-linecap", "round"));
                label = null;
                break;
            case FractionStatus.Displaced:
                svg.Element("path", ("d", $"M{N(cx)} {N(cy - r - 1)} L{N(cx + r + 1)} {N(cy + r - 1)} L{N(cx - r - 1)} {N(cy + r - 1)} Z"), ("fill", Palette.Displaced));
                svg.Text(cx, cy + 6, "!", 12, "middle", Palette.Paper, "700");
                label = null;
                break;
            default:
                svg.Element("circle", ("cx", cx), ("cy", cy), ("r", r - 1), ("fill", Palette.Paper), ("stroke", Palette.Planned), ("stroke-width", 2));
                break;
        }

        if (label is not null)
        {
            svg.Text(cx, cy + 4, label, 11, "middle", Palette.Planned, "700");
        }

        if (pinned)
        {
            var (px, py) = (cx + r - 1, cy - r + 1);
            svg.Element("path", ("d", $"M{N(px)} {N(py - 5)} l5 5 l-5 5 l-5 -5 Z"), ("fill", Palette.Pin), ("stroke", Palette.Paper), ("stroke-width", 1.2));
        }
    }

    private static string N(double value) => Svg.Number(value);
}
