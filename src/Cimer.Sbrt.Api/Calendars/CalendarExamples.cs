namespace Cimer.Sbrt.Api.Calendars;

/// <summary>The feeds as the service gave them (one linac and patient, day 1 Monday 2026-12-14), shown beside each feed's 200.</summary>
internal static class CalendarExamples
{
    public const string LinacCalendar = """
        BEGIN:VCALENDAR
        METHOD:PUBLISH
        PRODID:-//CIMER//Cimer.Sbrt//EN
        REFRESH-INTERVAL;VALUE=DURATION:PT4H
        VERSION:2.0
        X-PUBLISHED-TTL:PT4H
        X-WR-CALNAME:TrueBeam 1 (Weill Cornell Medicine): SBRT bookings
        X-WR-TIMEZONE:America/New_York
        BEGIN:VTIMEZONE
        TZID:America/New_York
        X-LIC-LOCATION:America/New_York
        BEGIN:STANDARD
        DTSTART:20241103T020000
        RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
        TZNAME:EST
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:20250309T020000
        RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
        TZNAME:EDT
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        END:DAYLIGHT
        END:VTIMEZONE
        BEGIN:VEVENT
        DTEND;TZID=America/New_York:20261214T083000
        DTSTAMP:20261207T123319Z
        DTSTART;TZID=America/New_York:20261214T080000
        SEQUENCE:0
        STATUS:CONFIRMED
        SUMMARY:Booked
        UID:01a2507e8a617b348fe03bf913cfac30.linac@cimer-sbrt
        END:VEVENT
        END:VCALENDAR
        """;

    public const string PatientCalendar = """
        BEGIN:VCALENDAR
        METHOD:PUBLISH
        PRODID:-//CIMER//Cimer.Sbrt//EN
        REFRESH-INTERVAL;VALUE=DURATION:PT4H
        VERSION:2.0
        X-PUBLISHED-TTL:PT4H
        X-WR-CALNAME:CIMER-017: SBRT fractions
        X-WR-TIMEZONE:America/New_York
        BEGIN:VTIMEZONE
        TZID:America/New_York
        X-LIC-LOCATION:America/New_York
        BEGIN:STANDARD
        DTSTART:20241103T020000
        RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
        TZNAME:EST
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:20250309T020000
        RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
        TZNAME:EDT
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        END:DAYLIGHT
        END:VTIMEZONE
        BEGIN:VEVENT
        DTEND;TZID=America/New_York:20261214T083000
        DTSTAMP:20261207T123319Z
        DTSTART;TZID=America/New_York:20261214T080000
        LAST-MODIFIED:20261207T123319Z
        LOCATION:TrueBeam 1
        SEQUENCE:0
        STATUS:CONFIRMED
        SUMMARY:SBRT fraction 1/5\\, T8 vertebra
        UID:01a2507e8a617b348fe03bf913cfac30.patient@cimer-sbrt
        END:VEVENT
        END:VCALENDAR
        """;
}
