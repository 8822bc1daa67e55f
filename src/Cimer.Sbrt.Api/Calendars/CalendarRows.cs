namespace Cimer.Sbrt.Api.Calendars;

/// <summary>One fraction as a calendar event reads it: live, cancelled with its plan, missed, or dropped by a re-plan.</summary>
internal sealed class CalendarFractionRow
{
    public string Id { get; init; } = "";
    public string LesionLabel { get; init; } = "";
    public long Number { get; init; }
    public string LinacName { get; init; } = "";
    public string StartUtc { get; init; } = "";
    public string EndUtc { get; init; } = "";

    /// <summary>planned, delivered, missed, displaced, or dropped (no longer in the plan).</summary>
    public string Status { get; init; } = "";
    public long Cancelled { get; init; }
    public long Sequence { get; init; }
    public string ChangedUtc { get; init; } = "";

    /// <summary>Still holding its slot: published as confirmed; anything else is a cancelled event.</summary>
    public bool HoldsSlot => Status is "planned" or "delivered" && Cancelled == 0;
}

/// <summary>What a feed's calendar is named after, and in which zone its times are.</summary>
internal sealed class CalendarOwnerRow
{
    public string Name { get; init; } = "";
    public string CenterName { get; init; } = "";
    public string TimeZone { get; init; } = "";
}
