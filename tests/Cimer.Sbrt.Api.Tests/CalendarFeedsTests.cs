using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Ical.Net.CalendarComponents;
using NodaTime;
using IcalCalendar = Ical.Net.Calendar;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>The iCalendar feeds read back with Ical.Net, property by property, as a calendar client would.</summary>
public class CalendarFeedsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private const string Zone = "America/New_York";
    private const string December = "from=2026-12-01&to=2026-12-31";

    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task PatientFeed_OneEventPerFraction_TimesInTheCentersZone()
    {
        var (_, linac, patient, plan) = await api.PlannedPatientAsync();

        var (response, calendar) = await FeedAsync($"/api/v1/patients/{patient.Id}/calendar.ics?{December}");

        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal($"{patient.StudyId}: SBRT fractions", calendar.Properties.Get<string>("X-WR-CALNAME"));
        Assert.Equal("PT4H", calendar.Properties.Get<object>("REFRESH-INTERVAL")?.ToString());
        var timeZone = Assert.Single(calendar.TimeZones);
        Assert.Equal(Zone, timeZone.TzId);
        Assert.Contains(timeZone.Children, c => c.Name == "STANDARD");
        Assert.Contains(timeZone.Children, c => c.Name == "DAYLIGHT");
        Assert.Equal(plan.Fractions.Length, calendar.Events.Count);
        foreach (var fraction in plan.Fractions)
        {
            var e = Event(calendar, fraction.Id, "patient");
            AssertAt(fraction, e);
            Assert.Equal($"SBRT fraction {fraction.Number}/5, Lesion 1", e.Summary);
            Assert.Equal((0, "CONFIRMED", linac.Name), (e.Sequence, e.Status, e.Location));
            Assert.Equal(SbrtApp.Start.ToDateTimeUtc(), e.DtStamp!.AsUtc);
            Assert.Equal(SbrtApp.Start.ToDateTimeUtc(), e.LastModified!.AsUtc);
        }
    }

    [ProviderFact]
    public async Task PatientFeed_ADaylightSavingWeek_KeepsWallClockTimesAndShiftsTheirOffsets()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id, dayOne: "2027-03-08");
        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));

        var (_, calendar) = await FeedAsync($"/api/v1/patients/{patient.Id}/calendar.ics?from=2027-03-01&to=2027-03-31");

        Assert.Contains(plan.Fractions, f => f.Start.EndsWith("-05:00", StringComparison.Ordinal));
        Assert.Contains(plan.Fractions, f => f.Start.EndsWith("-04:00", StringComparison.Ordinal));
        Assert.All(plan.Fractions, f => AssertAt(f, Event(calendar, f.Id, "patient")));
    }

    [ProviderFact]
    public async Task LinacFeed_CarriesBusyBlocksAndNoPatientData()
    {
        var (_, linac, patient, plan) = await api.PlannedPatientAsync(lesions: 2);

        var (response, calendar) = await FeedAsync($"/api/v1/linacs/{linac.Id}/calendar.ics?{December}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(plan.Fractions.Length, calendar.Events.Count);
        Assert.All(plan.Fractions, f => AssertAt(f, Event(calendar, f.Id, "linac")));
        Assert.All(calendar.Events, e => Assert.Equal(("Booked", (string?)null), (e.Summary, e.Description)));
        foreach (var leak in new[] { patient.StudyId, patient.Id, plan.Id, "Lesion", "bone", "Gy", "fraction" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [ProviderFact]
    public async Task AMovedFraction_KeepsItsUid_RaisesItsSequence_AndStampsTheChange()
    {
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        var last = plan.Fractions.MaxBy(f => f.StartsAt)!;
        var (_, before) = await FeedAsync($"/api/v1/linacs/{linac.Id}/calendar.ics?{December}");
        api.Clock.Advance(Duration.FromHours(1));

        var moved = await Client.OkAsync<Plan>(await api.MoveAsync(plan, last, new { start = last.Start[..11] + "12:00:00" + last.Start[19..] }));
        var (_, after) = await FeedAsync($"/api/v1/linacs/{linac.Id}/calendar.ics?{December}");

        var was = Event(before, last.Id, "linac");
        var now = Event(after, last.Id, "linac");
        Assert.Equal((0, 1), (was.Sequence, now.Sequence));
        AssertAt(moved.Fractions.Single(f => f.Id == last.Id), now);
        Assert.Equal(12, now.DtStart!.Hour);
        Assert.Equal(api.Clock.GetCurrentInstant().ToDateTimeUtc(), now.LastModified!.AsUtc);
        Assert.Equal(api.Clock.GetCurrentInstant().ToDateTimeUtc(), now.DtStamp!.AsUtc);
        Assert.All(plan.Fractions.Where(f => f.Id != last.Id), f => Assert.Equal(0, Event(after, f.Id, "linac").Sequence));
    }

    [ProviderFact]
    public async Task ACancelledPlan_IsPublishedAsCancelledFor30Days_ThenLeftOut()
    {
        var (_, linac, patient, plan) = await api.PlannedPatientAsync();
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));

        var (_, linacFeed) = await FeedAsync($"/api/v1/linacs/{linac.Id}/calendar.ics?{December}");
        var (_, patientFeed) = await FeedAsync($"/api/v1/patients/{patient.Id}/calendar.ics?{December}");
        api.Clock.Advance(Duration.FromDays(31));
        var (_, later) = await FeedAsync($"/api/v1/patients/{patient.Id}/calendar.ics?{December}");

        Assert.All(plan.Fractions, f => Assert.Equal(("CANCELLED", 1), (Event(linacFeed, f.Id, "linac").Status, Event(linacFeed, f.Id, "linac").Sequence)));
        Assert.All(plan.Fractions, f => Assert.Equal("CANCELLED", Event(patientFeed, f.Id, "patient").Status));
        Assert.Empty(later.Events);
    }

    [ProviderFact]
    public async Task AMissedFraction_IsCancelledAndItsReplacementIsANewEvent()
    {
        var (_, _, patient, plan) = await api.PlannedPatientAsync();
        var first = plan.Fractions.MinBy(f => f.StartsAt)!;
        api.AfterStartOf(first);
        var replanned = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, first, new { outcome = "missed" }));

        var (_, calendar) = await FeedAsync($"/api/v1/patients/{patient.Id}/calendar.ics?{December}");

        Assert.Equal("CANCELLED", Event(calendar, first.Id, "patient").Status);
        Assert.All(replanned.Booked, f => Assert.Equal("CONFIRMED", Event(calendar, f.Id, "patient").Status));
        Assert.Equal(replanned.Fractions.Length, calendar.Events.Count);
    }

    [ProviderFact]
    public async Task IfNoneMatchWithTheETag_Is304_UntilTheFeedChanges()
    {
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        var url = $"/api/v1/linacs/{linac.Id}/calendar.ics?{December}";
        var (first, _) = await FeedAsync(url);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);

        var unchanged = await api.Http.SendAsync(WithIfNoneMatch(url, etag));
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));
        var changed = await api.Http.SendAsync(WithIfNoneMatch(url, etag));

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.Headers.ETag);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [ProviderFact]
    public async Task TheDefaultRange_RunsFrom30DaysAgoTo90DaysAhead()
    {
        var (_, linac, _, plan) = await api.PlannedPatientAsync();

        var (_, now) = await FeedAsync($"/api/v1/linacs/{linac.Id}/calendar.ics");
        api.Clock.Advance(Duration.FromDays(60));
        var (_, later) = await FeedAsync($"/api/v1/linacs/{linac.Id}/calendar.ics");

        Assert.Equal(plan.Fractions.Length, now.Events.Count);
        Assert.Empty(later.Events);
    }

    [ProviderFact]
    public async Task PatientFeed_ByDefault_HoldsTheWholePlan_BeyondTheLinacFeedsHorizon()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);
        // Day 1 is 115 days after the clock: past the linac feed's 90 days ahead.
        var patient = await api.PatientAsync(center.Id, dayOne: "2027-03-15");
        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));

        var (_, whole) = await FeedAsync($"/api/v1/patients/{patient.Id}/calendar.ics");
        var (_, narrowed) = await FeedAsync($"/api/v1/patients/{patient.Id}/calendar.ics?to=2027-03-16");
        var (_, linacFeed) = await FeedAsync($"/api/v1/linacs/{linac.Id}/calendar.ics");

        Assert.Equal(plan.Fractions.Length, whole.Events.Count);
        Assert.All(plan.Fractions, f => AssertAt(f, Event(whole, f.Id, "patient")));
        var early = plan.Fractions.Where(f => f.Start.CompareTo("2027-03-17") < 0).ToList();
        Assert.NotEmpty(early);
        Assert.Equal(early.Select(f => $"{f.Id}.patient@cimer-sbrt").Order(), narrowed.Events.Select(e => e.Uid).Order());
        Assert.Empty(linacFeed.Events);
    }

    [ProviderTheory]
    // Not a date, to before from, and a range too long.
    [InlineData("from=12/07/2026", "from")]
    [InlineData("from=2026-12-10&to=2026-12-01", "to")]
    [InlineData("from=2026-01-01&to=2027-12-31", "to")]
    public async Task ABadRange_Is400(string query, string field)
    {
        var (_, linac, _, _) = await api.PlannedPatientAsync();

        var problem = await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/linacs/{linac.Id}/calendar.ics?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task AnUnknownLinacOrPatient_Is404()
    {
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/linacs/nope/calendar.ics"), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/patients/nope/calendar.ics"), HttpStatusCode.NotFound);
    }

    private async Task<(HttpResponseMessage Response, IcalCalendar Calendar)> FeedAsync(string url)
    {
        var response = await api.Http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return (response, IcalCalendar.Load(text)!);
    }

    private static CalendarEvent Event(IcalCalendar calendar, string fractionId, string view) =>
        Assert.Single(calendar.Events, e => e.Uid == $"{fractionId}.{view}@cimer-sbrt");

    /// <summary>The event starts and ends where the fraction does: center-local wall clock, and the same instants.</summary>
    private static void AssertAt(Fraction fraction, CalendarEvent e)
    {
        var start = DateTimeOffset.Parse(fraction.Start, CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(fraction.End, CultureInfo.InvariantCulture);
        Assert.Equal((Zone, Zone), (e.DtStart!.TzId, e.DtEnd!.TzId));
        Assert.Equal((start.DateTime, end.DateTime), (e.DtStart.Value, e.DtEnd.Value));
        Assert.Equal((start.UtcDateTime, end.UtcDateTime), (e.DtStart.AsUtc, e.DtEnd.AsUtc));
    }

    private static HttpRequestMessage WithIfNoneMatch(string url, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return request;
    }
}
