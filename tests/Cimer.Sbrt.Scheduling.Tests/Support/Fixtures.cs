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
}
