namespace Cimer.Sbrt.Api.Charts;

/// <summary>The week board's legend: booked, free, down, closed.</summary>
internal static class BoardLegend
{
    public static void Draw(Svg svg, double y)
    {
        var x = 56.0;
        svg.Open("g", ("data-legend", "board"));
        x = Item(svg, x, y, Palette.Booked, Palette.Planned, "booked (study id)");
        x = Item(svg, x, y, Palette.Free, Palette.FreeEdge, "free");
        x = Item(svg, x, y, "url(#board-down)", Palette.DownLines, "linac down (QA, repair)");
        x = Item(svg, x, y, "url(#board-closure)", Palette.Hatch, "closure or holiday");
        Item(svg, x, y, Palette.ClosedDay, Palette.Rule, "closed day");
        svg.Close();
    }

    private static double Item(Svg svg, double x, double y, string fill, string stroke, string text)
    {
        svg.Element("rect", ("x", x), ("y", y - 8), ("width", 22), ("height", 16), ("fill", fill), ("stroke", stroke), ("rx", 2));
        svg.Text(x + 28, y + 4, text, 11);
        return x + 28 + Svg.Width(text, 11) + 24;
    }
}
