namespace Cimer.Sbrt.Api.Centers;

/// <summary>A row of <c>centers</c>, as stored.</summary>
internal sealed class CenterRow
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string TimeZone { get; init; } = "";
    public string OpenDays { get; init; } = "";
    public string? HolidayCalendar { get; init; }

    /// <summary>Raised by the database on every write to the center's closures, linacs and downtimes.</summary>
    public long CalendarVersion { get; init; }
}

/// <summary>A row of <c>closures</c>, as stored.</summary>
internal sealed class ClosureRow
{
    public string Id { get; init; } = "";
    public string Date { get; init; } = "";
    public string Reason { get; init; } = "";
}
