using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>Small named building blocks for hand-made requests.</summary>
public static class Fixtures
{
    public static readonly DateTimeZone NewYork = InstanceGenerator.NewYork;

    public static readonly IsoDayOfWeek[] MondayToFriday =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];

    public static readonly IsoDayOfWeek[] EveryDay = [.. MondayToFriday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];

    /// <summary>A Monday in October 2026, far from DST changes and holidays.</summary>
    public static readonly LocalDate QuietMonday = new(2026, 10, 5);

    public static CenterCalendar Center(IEnumerable<IsoDayOfWeek> openDays, params Closure[] closures) => new(NewYork, openDays, closures);

    public static CenterCalendar CenterIn(string zoneId, IEnumerable<IsoDayOfWeek> openDays, params Closure[] closures) =>
        new(DateTimeZoneProviders.Tzdb[zoneId], openDays, closures);

    public static Linac Linac(string id = "L1", int fromHour = 9, int toHour = 17, int slotMinutes = 30) =>
        new(id, new LocalTime(fromHour, 0), new LocalTime(toHour, 0), slotMinutes);

    public static PlanRequest Request(CenterCalendar center, LocalDate dayOne, int lesions = 1, int cap = 3, params Linac[] linacs) => new()
    {
        Center = center,
        Linacs = linacs.Length == 0 ? [Linac()] : linacs,
        Patient = new Patient(2, dayOne, InstanceGenerator.Lesions(lesions)),
        MaxFractionsPerDay = cap,
    };

    public static Instant At(LocalDate date, int hour, int minute = 0) => (date + new LocalTime(hour, minute)).InZoneStrictly(NewYork).ToInstant();

    public static Instant At(PlanRequest request, LocalDate date, int hour, int minute = 0) =>
        (date + new LocalTime(hour, minute)).InZoneStrictly(request.Center.Zone).ToInstant();

    /// <summary>A kept fraction in the grid slot of <paramref name="linac"/> starting at local <paramref name="start"/>.</summary>
    public static KeptFraction Kept(PlanRequest request, Linac linac, string lesionId, LocalDateTime start, KeptReason reason, string id)
    {
        var slot = Spec.Slots(linac, start.Date, request.Center.Zone).Single(s => s.LocalStart == start);
        return new KeptFraction(lesionId, linac.Id, slot.Start, slot.End, reason) { FractionId = id };
    }

    /// <summary>Bookings by other patients of every slot of <paramref name="linac"/> on <paramref name="date"/> at the given local hours.</summary>
    public static IEnumerable<Booking> Book(PlanRequest request, Linac linac, LocalDate date, params int[] hours) =>
        Spec.Slots(linac, date, request.Center.Zone)
            .Where(s => hours.Contains(s.LocalStart.Hour))
            .Select(s => new Booking(linac.Id, s.Start, s.End));
}
