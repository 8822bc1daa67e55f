using Cimer.Sbrt.Api.Web;
using NodaTime;

namespace Cimer.Sbrt.Api.Patients;

/// <summary>
/// The hours a patient can come and the time she prefers, as stored: center-local "HH:mm", null for
/// no limit or no wish. The hours are hard for every plan, the preferred time a tie-break.
/// </summary>
internal sealed record PatientHours(string? AvailableFrom, string? AvailableUntil, string? PreferredTime)
{
    public static PatientHours Of(PatientRow patient) => new(patient.AvailableFrom, patient.AvailableUntil, patient.PreferredTime);

    /// <summary>
    /// <paramref name="current"/> with what was sent: a field left out (or null) keeps its value, "" clears
    /// it, "HH:mm" sets it. Field errors for a time that is not "HH:mm" and for hours that do not leave
    /// <c>availableFrom</c> before <c>availableUntil</c>.
    /// </summary>
    public static PatientHours Merge(PatientHours current, string? from, string? until, string? preferred, FieldErrors errors)
    {
        var merged = new PatientHours(
            One(errors, "availableFrom", from, current.AvailableFrom),
            One(errors, "availableUntil", until, current.AvailableUntil),
            One(errors, "preferredTime", preferred, current.PreferredTime));
        if (merged is { AvailableFrom: { } f, AvailableUntil: { } u } && WireFormat.ParseTime(f) >= WireFormat.ParseTime(u))
        {
            errors.Add(until is null ? "availableFrom" : "availableUntil",
                $"availableFrom ({f}) must be before availableUntil ({u}): both are times of one day, center time.");
        }

        return merged;
    }

    /// <summary>True when a field was sent at all, so the request asks for a change of hours or preferred time.</summary>
    public static bool Sent(string? from, string? until, string? preferred) => from is not null || until is not null || preferred is not null;

    public LocalTime? From => Parse(AvailableFrom);

    public LocalTime? Until => Parse(AvailableUntil);

    public LocalTime? Preferred => Parse(PreferredTime);

    private static LocalTime? Parse(string? text) => text is null ? null : WireFormat.ParseTime(text);

    private static string? One(FieldErrors errors, string field, string? sent, string? current)
    {
        if (sent is null)
        {
            return current;
        }

        if (sent.Trim().Length == 0)
        {
            return null;
        }

        return errors.Time(field, sent.Trim()) is { } time ? WireFormat.Format(time) : current;
    }
}
