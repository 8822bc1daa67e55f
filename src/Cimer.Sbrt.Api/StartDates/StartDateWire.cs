namespace Cimer.Sbrt.Api.StartDates;

/// <summary>What the best plan would be for a patient starting on one day 1 (nothing is booked).</summary>
/// <param name="DayOne">The candidate day 1.</param>
/// <param name="Feasible">True when a plan exists around today's bookings.</param>
/// <param name="DeviationDays">Days that plan reaches outside W0 (0 to 4); null when infeasible.</param>
/// <param name="SpanDays">Calendar days from its first fraction to its last, inclusive; null when infeasible.</param>
/// <param name="Visits">Dates it treats; null when infeasible.</param>
/// <param name="FirstFraction">Its first fraction's start, a moment in the center's offset; null when infeasible.</param>
/// <param name="LastFraction">Its last fraction's start; null when infeasible.</param>
/// <param name="Code">The scheduler's code when infeasible (windowTooShort, dailyCapTooLow, linacsUnavailable, noSimulationDay, noLinac).</param>
/// <param name="Reason">Why not, in words; null when feasible.</param>
internal sealed record StartDateResponse(
    string DayOne, bool Feasible, int? DeviationDays, int? SpanDays, int? Visits, string? FirstFraction, string? LastFraction, string? Code, string? Reason);
