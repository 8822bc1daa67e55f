using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// <see cref="SlotGrid.Cells"/>: the one answer to "what is this slot" that the slots feed, FHIR and the
/// board share. Each case is one the views used to tell apart, or one a lookup by start would get wrong.
/// </summary>
public sealed class SlotGridCellsTests
{
    private static readonly LocalDate Monday = Fixtures.QuietMonday, Wednesday = Monday.PlusDays(2), Saturday = Monday.PlusDays(5);

    [Fact]
    public void Cells_BookedSlotUnderDowntime_IsDownAndStillNamesItsPlan()
    {
        var linac = Linac(9, 11, 60) with { Downtimes = [new Downtime(Monday + new LocalTime(9, 30), Monday + new LocalTime(9, 45), "QA")] };

        var cells = SlotGrid.Cells(Center(), [linac], Monday, Monday, [Book("plan-a", linac, Monday, 9, 0, 60)]);

        Assert.Equal([(SlotState.Down, "plan-a"), (SlotState.Free, null)], cells.Select(c => (c.State, c.PlanId)));
        Assert.Equal("QA", Assert.Single(cells[0].Downtimes).Reason);
        Assert.Empty(cells[1].Downtimes);
    }

    [Fact]
    public void Cells_ClosureOnAWeekday_ClosesTheRegularSlots_EvenABookedOne_AndNamesTheClosure()
    {
        var linac = Linac(9, 11, 60);
        var snow = new Closure(Wednesday, "Snow day");

        var cells = SlotGrid.Cells(Center(snow), [linac], Wednesday, Wednesday, [Book("plan-a", linac, Wednesday, 10, 0, 60)]);

        Assert.Equal([(9, SlotState.Closed, null), (10, SlotState.Closed, "plan-a")], cells.Select(c => (c.Slot.Start.Hour, c.State, c.PlanId)));
        Assert.All(cells, c => Assert.Same(snow, c.Closure));
    }

    [Fact]
    public void Cells_ClosureWithAnOpening_OpeningSlotsAreFree_RegularSlotsTheyOverlapAreGone()
    {
        // Regular 09:00-11:00 by the hour; the opening 10:30-12:30 cuts 10:30 and 11:30, and 10:00-11:00 overlaps it.
        var linac = Linac(9, 11, 60) with { Openings = [new Opening(Wednesday, new LocalTime(10, 30), new LocalTime(12, 30), "overtime")] };

        var cells = SlotGrid.Cells(Center(new Closure(Wednesday, "Snow day")), [linac], Wednesday, Wednesday, []);

        Assert.Equal(
            [(new LocalTime(9, 0), SlotState.Closed), (new LocalTime(10, 30), SlotState.Free), (new LocalTime(11, 30), SlotState.Free)],
            cells.Select(c => (c.Slot.Start.TimeOfDay, c.State)));
        Assert.Null(cells[1].Closure);
    }

    [Fact]
    public void Cells_ClosedWeekend_HasNoSlots_EvenWithAClosure_ButAnOpeningsSlotsAre()
    {
        var opened = Linac(9, 11, 60) with { Id = "L2", Openings = [new Opening(Saturday, new LocalTime(8, 0), new LocalTime(9, 0), "QA-free Saturday")] };

        var cells = SlotGrid.Cells(Center(new Closure(Saturday, "Parade")), [Linac(9, 11, 60), opened], Saturday, Saturday.PlusDays(1), []);

        var cell = Assert.Single(cells);
        Assert.Equal(("L2", new LocalTime(8, 0), SlotState.Free, (Closure?)null), (cell.Slot.LinacId, cell.Slot.Start.TimeOfDay, cell.State, cell.Closure));
    }

    [Fact]
    public void Cells_ClosureWinsOverDowntime()
    {
        var linac = Linac(9, 10, 60) with { Downtimes = [new Downtime(Wednesday + new LocalTime(0, 0), Wednesday.PlusDays(1) + new LocalTime(0, 0), "Repair")] };

        var cell = Assert.Single(SlotGrid.Cells(Center(new Closure(Wednesday, "Snow day")), [linac], Wednesday, Wednesday, []));

        Assert.Equal((SlotState.Closed, "Repair"), (cell.State, Assert.Single(cell.Downtimes).Reason));
    }

    // Why these: the last slot that fits before closing, a downtime ending exactly where a slot starts and one
    // starting exactly where a slot ends (ends are exclusive), and a booking at closing time, which is no slot's.
    [Fact]
    public void Cells_AtTheEdges_EndsAreExclusive_AndABookingOutsideTheHoursHoldsNothing()
    {
        // 09:00-10:50 by 45 minutes: 09:00 and 09:45 fit, 10:30 would end at 11:15.
        var linac = Linac(9, 0, 45) with
        {
            ClosesAt = new LocalTime(10, 50),
            Downtimes = [new Downtime(Monday + new LocalTime(8, 0), Monday + new LocalTime(9, 0), "warm-up"), new Downtime(Monday + new LocalTime(10, 30), Monday + new LocalTime(12, 0), "QA")],
        };

        var cells = SlotGrid.Cells(Center(), [linac], Monday, Monday, [Book("late", linac, Monday, 10, 50, 45), Book("last", linac, Monday, 9, 45, 45)]);

        Assert.Equal(
            [(new LocalTime(9, 0), SlotState.Free, null), (new LocalTime(9, 45), SlotState.Booked, "last")],
            cells.Select(c => (c.Slot.Start.TimeOfDay, c.State, c.PlanId)));
        Assert.Equal(new LocalTime(10, 30), cells[^1].Slot.End.TimeOfDay);
    }

    [Fact]
    public void Cells_ABookingAcrossTwoSlots_HoldsBoth_AsTheSolverReadsIt()
    {
        // Rule 5 never makes one; a fraction moved by hand before the grid changed could be one.
        var linac = Linac(9, 11, 30);

        var cells = SlotGrid.Cells(Center(), [linac], Monday, Monday, [Book("plan-a", linac, Monday, 9, 15, 30), Book("plan-b", linac, Monday, 10, 0, 60)]);

        Assert.Equal(
            [(SlotState.Booked, "plan-a"), (SlotState.Booked, "plan-a"), (SlotState.Booked, "plan-b"), (SlotState.Booked, "plan-b")],
            cells.Select(c => (c.State, c.PlanId)));
    }

    [Fact]
    public void Cells_OrderByStartThenLinacId_AcrossDays()
    {
        var (b, a) = (Linac(9, 10, 30) with { Id = "B" }, Linac(9, 10, 60) with { Id = "A" });

        var cells = SlotGrid.Cells(Center(), [b, a], Monday, Monday.PlusDays(1), []);

        var (monday, tuesday) = (Monday + new LocalTime(9, 0), Monday.PlusDays(1) + new LocalTime(9, 0));
        Assert.Equal(
            [("A", monday), ("B", monday), ("B", monday.PlusMinutes(30)), ("A", tuesday), ("B", tuesday), ("B", tuesday.PlusMinutes(30))],
            cells.Select(c => (c.Slot.LinacId, c.Slot.Start.LocalDateTime)));
        Assert.Empty(SlotGrid.Cells(Center(), [a], Monday, Monday.PlusDays(-1), []));
    }

    /// <summary>
    /// A week with a closure that an opening partly lifts, an opening on a weekend, downtimes, bookings on a
    /// closure, under downtime and off the grid: free is exactly where the solver may put a new fraction.
    /// </summary>
    [Fact]
    public void Cells_FreeIsWhereTheSolverMayBook()
    {
        var l1 = Linac(9, 12, 30) with
        {
            Openings = [new Opening(Wednesday, new LocalTime(10, 0), new LocalTime(13, 0), "catch-up")],
            Downtimes = [new Downtime(Monday.PlusDays(1) + new LocalTime(9, 15), Monday.PlusDays(1) + new LocalTime(10, 0), "QA")],
        };
        var l2 = Linac(8, 11, 45) with
        {
            Id = "L2",
            Openings = [new Opening(Saturday, new LocalTime(8, 0), new LocalTime(10, 0), "QA-free Saturday")],
            Downtimes = [new Downtime(Saturday + new LocalTime(9, 0), Saturday + new LocalTime(9, 30), "MLC")],
        };
        var center = Center(new Closure(Wednesday, "Snow day"));
        PlanBooking[] bookings =
        [
            Book("a", l1, Monday, 9, 0, 30), Book("b", l1, Monday.PlusDays(1), 9, 30, 30), Book("c", l1, Wednesday, 9, 0, 30),
            Book("d", l2, Monday.PlusDays(3), 8, 45, 45), Book("e", l1, Monday.PlusDays(4), 10, 15, 30), Book("f", l1, Wednesday, 11, 0, 30),
        ];
        var request = Fixtures.Request(center, Monday, linacs: [l1, l2]) with { Bookings = [.. bookings.Select(b => b.Booking)] };

        var cells = SlotGrid.Cells(center, [l1, l2], Monday, Monday.PlusDays(6), bookings);
        var instance = Instance.Build(request, Monday, Monday.PlusDays(6), new SlotGridCache());

        var solver = instance.Days.SelectMany(d => d.Linacs.SelectMany(l => l.Free.Select((free, j) => (Free: free, request.Linacs[l.Linac].Id, Start: l.Start[j]))))
            .Where(s => s.Free).Select(s => (s.Id, s.Start)).Order();
        var free = cells.Where(c => c.State == SlotState.Free).Select(c => (c.Slot.LinacId, c.Slot.Start.ToInstant().ToUnixTimeTicks())).Order();
        Assert.Equal(solver, free);
        Assert.Equal(
            ["a", "b", "c", "f", "d", "e", "e"],
            cells.Where(c => c.PlanId is not null).Select(c => c.PlanId!));
        Assert.Equal(
            [SlotState.Booked, SlotState.Down, SlotState.Closed, SlotState.Booked, SlotState.Booked, SlotState.Booked, SlotState.Booked],
            cells.Where(c => c.PlanId is not null).Select(c => c.State));
    }

    private static CenterCalendar Center(params Closure[] closures) => Fixtures.Center(Fixtures.MondayToFriday, closures);

    private static Linac Linac(int fromHour, int toHour, int slotMinutes) => Fixtures.Linac("L1", fromHour, toHour, slotMinutes);

    private static PlanBooking Book(string planId, Linac linac, LocalDate date, int hour, int minute, int minutes)
    {
        var start = Fixtures.At(date, hour, minute);
        return new PlanBooking(planId, new Booking(linac.Id, start, start + Duration.FromMinutes(minutes)));
    }
}
