namespace Cimer.Sbrt.Api.Charts;

/// <summary>
/// The pictures' colours. Calm on white, every text at least 4.5:1 against its background, and no
/// status told by colour alone: each also has its own shape (marks) or pattern (cells, days).
/// </summary>
internal static class Palette
{
    public const string Paper = "#ffffff";
    public const string Ink = "#1f2933";
    public const string Muted = "#52606d";
    public const string Rule = "#d9e2ec";
    public const string ClosedDay = "#f1f3f5";
    public const string Hatch = "#9aa5b1";
    public const string HatchGround = "#eef1f4";

    public const string Planned = "#1d4ed8";
    public const string Delivered = "#0f766e";
    public const string Missed = "#b91c1c";
    public const string Displaced = "#b45309";
    public const string Pin = "#111827";

    public const string Window = "#e0f2fe";
    public const string WindowEdge = "#38bdf8";
    public const string Widened = "#f0f9ff";
    public const string Deviation = "#fef3c7";
    public const string DeviationEdge = "#d97706";
    public const string DeviationInk = "#92400e";

    public const string Simulation = "#6d28d9";
    public const string Letrozole = "#0369a1";
    public const string Palbociclib = "#be185d";

    public const string Booked = "#dbeafe";
    public const string BookedInk = "#1e3a8a";
    public const string Free = "#ffffff";
    public const string FreeEdge = "#cbd2d9";
    public const string DownLines = "#d97706";
    public const string DownGround = "#fff7ed";

    /// <summary>Defines a diagonal hatch pattern <paramref name="id"/> (for closures and downtime).</summary>
    public static void HatchPattern(Svg svg, string id, string lines = Hatch, string ground = HatchGround)
    {
        svg.Open("pattern", ("id", id), ("width", 8), ("height", 8), ("patternUnits", "userSpaceOnUse"), ("patternTransform", "rotate(45)"))
            .Element("rect", ("width", 8), ("height", 8), ("fill", ground))
            .Element("line", ("x1", 0), ("y1", 0), ("x2", 0), ("y2", 8), ("stroke", lines), ("stroke-width", 2.5))
            .Close();
    }
}
