using System.Globalization;
using Cimer.Sbrt.Api.Slots;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Charts;

/// <summary>
/// A center's linacs over up to two weeks: a column per date split into one lane per linac, time of
/// day downwards, each slot a cell from the slot grid the slots feed reads: booked (blue, with the
/// study id), free (white) or down (hatched); closed days shaded with their reason.
/// </summary>
internal static class WeekBoard
{
    private const double Left = 56, Right = 16, Top = 112, TargetWidth = 1320, PixelsPerMinute = 0.8, ClosedWidth = 30, Gap = 5;

    public static string Draw(string centerName, CenterSlotGrid grid, IReadOnlyDictionary<string, string> studyIds)
    {
        var (opens, closes) = Hours(grid);
        var columns = Columns(grid);
        var lanes = Math.Max(1, grid.Linacs.Count);
        var bottom = Top + ((closes - opens) * PixelsPerMinute);
        var width = columns.Values.Max(c => c.X + c.Width) + (Gap / 2) + Right;
        var svg = new Svg(width, bottom + 52, $"{centerName}: linac board {PlanChartData.Day(grid.First)} to {PlanChartData.Day(grid.Last)}");
        svg.Open("defs");
        Palette.HatchPattern(svg, "board-down", Palette.DownLines, Palette.DownGround);
        Palette.HatchPattern(svg, "board-closure");
        svg.Close();
        svg.Text(Left, 26, $"{centerName} · linac board", 17, weight: "600");
        svg.Text(Left, 46, $"{PlanChartData.Day(grid.First)} – {PlanChartData.Day(grid.Last)} {grid.Last.Year} · {grid.Calendar.Zone.Id} · "
            + $"{grid.Cells.Count(c => c.State == SlotState.Booked)} booked, {grid.Cells.Count(c => c.State == SlotState.Free)} free", 12, fill: Palette.Muted);
        double Y(LocalTime time) => Top + (((time.Hour * 60) + time.Minute - opens) * PixelsPerMinute);

        for (var hour = (opens + 59) / 60; hour * 60 <= closes; hour++)
        {
            var y = Y(new LocalTime(hour, 0));
            svg.Element("line", ("x1", Left - 4), ("y1", y), ("x2", width - Right), ("y2", y), ("stroke", Palette.Rule));
            svg.Text(Left - 8, y + 4, $"{hour:00}:00", 10, "end", Palette.Muted);
        }

        foreach (var (date, (x, w)) in columns)
        {
            Header(svg, grid, date, x, w, w / lanes);
            if (!grid.Treats(date))
            {
                Closed(svg, grid.Calendar, date, x, w, Top, bottom);
            }
        }

        // A closure's regular slots are the shaded column, not cells.
        foreach (var cell in grid.Cells.Where(c => c.State != SlotState.Closed))
        {
            var index = IndexOf(grid.Linacs, cell.Slot.LinacId);
            var (dayX, dayWidth) = columns[cell.Slot.Start.Date];
            var lane = dayWidth / lanes;
            var x = dayX + (index * lane);
            var (y1, y2) = (Y(cell.Slot.Start.TimeOfDay), cell.Slot.End.Date == cell.Slot.Start.Date ? Y(cell.Slot.End.TimeOfDay) : bottom);
            Cell(svg, cell, grid.Linacs[index], studyIds, x + 1, y1 + 1, lane - 2, y2 - y1 - 2);
        }

        BoardLegend.Draw(svg, bottom + 30);
        return svg.Finish();
    }

    /// <summary>Where each date's column starts and how wide it is: closed days narrow, open days share the rest.</summary>
    private static Dictionary<LocalDate, (double X, double Width)> Columns(CenterSlotGrid grid)
    {
        var dates = Enumerable.Range(0, Period.DaysBetween(grid.First, grid.Last) + 1).Select(grid.First.PlusDays).ToList();
        var closed = dates.Count(d => !grid.Treats(d));
        var open = Math.Max(1, dates.Count - closed);
        var openWidth = Math.Min(240, (TargetWidth - Left - Right - (closed * (ClosedWidth + Gap))) / open - Gap);
        var (x, columns) = (Left, new Dictionary<LocalDate, (double, double)>());
        foreach (var date in dates)
        {
            var w = grid.Treats(date) ? openWidth : ClosedWidth;
            columns[date] = (x + (Gap / 2), w);
            x += w + Gap;
        }

        return columns;
    }

    private static void Header(Svg svg, CenterSlotGrid grid, LocalDate date, double x, double width, double lane)
    {
        var title = PlanChartData.Day(date);
        if (!grid.Treats(date))
        {
            svg.Text(x + (width / 2), 64, date.DayOfWeek.ToString()[..3], 11, "middle", Palette.Muted);
            svg.Text(x + (width / 2), 80, date.Day.ToString(CultureInfo.InvariantCulture), 13, "middle", Palette.Muted, "600");
            return;
        }

        svg.Text(x + (width / 2), 76, Svg.Width(title, 13) < width ? title : date.Day.ToString(CultureInfo.InvariantCulture), 13, "middle", Palette.Ink, "600");

        for (var i = 0; i < grid.Linacs.Count; i++)
        {
            var name = grid.Linacs[i].Name;
            var shown = Svg.Width(name, 10) < lane - 12 ? name : Short(name);
            svg.Text(x + (i * lane) + (lane / 2), 98, shown, 10, "middle", Palette.Muted);
        }
    }

    private static void Closed(Svg svg, CenterCalendar calendar, LocalDate date, double x, double width, double top, double bottom)
    {
        var closure = calendar.ClosureOn(date);
        svg.Open("g", ("data-closure", closure is null ? null : WireFormat.Format(date)), ("data-closed", WireFormat.Format(date)));
        svg.Add("title", closure is null ? $"{PlanChartData.Day(date)}: closed" : $"{PlanChartData.Day(date)}: closed, {closure.Reason}");
        svg.Element("rect", ("x", x), ("y", top), ("width", width), ("height", bottom - top), ("fill", closure is null ? Palette.ClosedDay : "url(#board-closure)"), ("rx", 3));
        var (cx, cy) = (x + (width / 2), (top + bottom) / 2);
        svg.Add("text", closure?.Reason ?? "closed", ("x", cx), ("y", cy), ("font-size", 12), ("text-anchor", "middle"), ("dominant-baseline", "middle"),
            ("fill", closure is null ? Palette.Muted : Palette.Ink), ("transform", $"rotate(-90 {Svg.Number(cx)} {Svg.Number(cy)})"));
        svg.Close();
    }

    private static void Cell(Svg svg, SlotCell cell, Linac linac, IReadOnlyDictionary<string, string> studyIds, double x, double y, double width, double height)
    {
        var studyId = cell.PlanId is { } planId ? studyIds.GetValueOrDefault(planId) : null;
        var times = $"{PlanChartData.Day(cell.Slot.Start.Date)} {cell.Slot.Start.TimeOfDay:HH:mm}–{cell.Slot.End.TimeOfDay:HH:mm}";
        var (fill, stroke, what) = cell.State switch
        {
            SlotState.Booked => (Palette.Booked, Palette.Planned, $"booked: {studyId}"),
            SlotState.Down => ("url(#board-down)", Palette.DownLines, "down: " + string.Join(", ", cell.Downtimes.Select(d => d.Reason).Distinct())),
            _ => (Palette.Free, Palette.FreeEdge, "free"),
        };
        svg.Open("g", ("data-linac-id", cell.Slot.LinacId), ("data-slot-start", WireFormat.ToUtc(cell.Slot.Start.ToInstant())),
            ("data-status", Data.StoredJson.Name(cell.State)), ("data-plan-id", cell.PlanId));
        svg.Add("title", $"{linac.Name} · {times} · {what}" + (cell.State == SlotState.Down && studyId is not null ? $" (booked: {studyId})" : ""));
        svg.Element("rect", ("x", x), ("y", y), ("width", width), ("height", height), ("fill", fill), ("stroke", stroke), ("rx", 2));
        if (studyId is not null && height >= 10)
        {
            // The whole study id at 11 px, else at 10 or 9, else its number alone (the tooltip has it all).
            var size = new[] { 11.0, 10, 9 }.Where(s => s <= height - 3).FirstOrDefault(s => Svg.Width(studyId, s) < width - 6);
            var label = size > 0 ? studyId : studyId[(studyId.LastIndexOf('-') + 1)..];
            size = size > 0 ? size : Math.Min(11, height - 3);
            svg.Text(x + (width / 2), y + (height / 2) + (size * 0.35), label, size, "middle", Palette.BookedInk, "600");
        }

        svg.Close();
    }

    /// <summary>The hours drawn: every linac's regular hours and its openings in the board's dates, in whole hours.</summary>
    private static (int Opens, int Closes) Hours(CenterSlotGrid grid)
    {
        var spans = grid.Linacs.Select(l => (l.OpensAt, l.ClosesAt))
            .Concat(grid.Linacs.SelectMany(l => l.Openings).Where(o => o.Date >= grid.First && o.Date <= grid.Last).Select(o => (o.OpensAt, o.ClosesAt)))
            .ToList();
        return spans.Count == 0 ? (8 * 60, 18 * 60)
            : (spans.Min(s => (s.OpensAt.Hour * 60) + s.OpensAt.Minute) / 60 * 60, (spans.Max(s => (s.ClosesAt.Hour * 60) + s.ClosesAt.Minute) + 59) / 60 * 60);
    }

    private static int IndexOf(IReadOnlyList<Linac> linacs, string id) => linacs.Select((l, i) => (l, i)).First(x => x.l.Id == id).i;

    /// <summary>"TrueBeam 1" as "TB1": capitals and digits, for lanes too narrow for the name.</summary>
    private static string Short(string name)
    {
        var letters = new string([.. name.Where(c => char.IsUpper(c) || char.IsDigit(c))]);
        return letters.Length > 0 ? letters : name[..Math.Min(3, name.Length)];
    }
}
