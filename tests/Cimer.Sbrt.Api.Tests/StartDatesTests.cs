using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

public class StartDatesTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task StartDatesOverAMonthAreWhatTheCoreAnswersAroundTheCentersBookingsAndBookNothing()
    {
        var (center, linac, _, plan) = await api.PlannedPatientAsync(lesions: 2);

        var answered = await Client.OkAsync<StartDate[]>(await api.StartDatesAsync(center.Id, "lesions=3&from=2026-12-01&to=2026-12-31&maxFractionsPerDay=2"));

        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var (from, to) = (new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 31));
        var template = new PlanRequest
        {
            Center = new CenterCalendar(zone, [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday],
                HolidayCalendars.Closures("us-federal", from.PlusDays(-10), to.PlusDays(25))),
            Linacs = [new Scheduling.Linac(linac.Id, new LocalTime(8, 0), new LocalTime(18, 0), 30) { Name = linac.Name }],
            Bookings = [.. plan.Booked.Select(f => new Booking(f.LinacId, Instant.FromDateTimeOffset(f.StartsAt), Instant.FromDateTimeOffset(DateTimeOffset.Parse(f.End, System.Globalization.CultureInfo.InvariantCulture))))],
            Patient = new Scheduling.Patient(2, from, [new Scheduling.Lesion("a", "A"), new Scheduling.Lesion("b", "B"), new Scheduling.Lesion("c", "C")]),
            MaxFractionsPerDay = 2,
            NotBefore = SbrtApp.Start,
        };
        var expected = Scheduling.StartDates.Find(template, from, to);

        Assert.Equal(31, answered.Length);
        Assert.Equal(
            expected.Select(o => (o.DayOne.ToString("uuuu-MM-dd", null), o.Feasible, o.DeviationDays, o.SpanDays, o.Visits, o.Code, o.Reason, o.FirstFraction?.ToOffsetDateTime().ToDateTimeOffset())),
            answered.Select(o => (o.DayOne, o.Feasible, o.DeviationDays, o.SpanDays, o.Visits, o.Code, o.Reason, o.FirstFraction is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(o.FirstFraction, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains(answered, o => o.Feasible);
        Assert.Contains(answered, o => !o.Feasible && o.Reason is not null);
        Assert.Equal(10, (await api.SlotsAsync(center.Id, "2026-11-20", "2027-01-20", "booked")).Count);
    }

    // Why these: each bound of the contract, just outside it.
    [ProviderTheory]
    [InlineData("lesions=0&from=2027-01-04&to=2027-01-29", "lesions")]
    [InlineData("lesions=6&from=2027-01-04&to=2027-01-29", "lesions")]
    [InlineData("from=2027-01-04&to=2027-01-29", "lesions")]
    [InlineData("lesions=3&from=2027-01-04&to=2027-03-08", "to")]
    [InlineData("lesions=3&from=2027-01-29&to=2027-01-04", "to")]
    [InlineData("lesions=3&from=2027-01-04&to=2027-01-29&maxFractionsPerDay=6", "maxFractionsPerDay")]
    [InlineData("lesions=3&from=04/01/2027", "from")]
    public async Task AStartDateQueryOutsideTheContractIs400OnTheField(string query, string field)
    {
        var center = await api.CenterAsync();

        var problem = await Client.ProblemAsync(await api.StartDatesAsync(center.Id, query), HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task SixtyTwoDaysIsTheLongestRangeAndGivesOneEntryPerDate()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);

        var answered = await Client.OkAsync<StartDate[]>(await api.StartDatesAsync(center.Id, "lesions=1&from=2027-01-01&to=2027-03-04"));

        Assert.Equal(63, answered.Length);
        Assert.Equal("2027-03-04", answered[^1].DayOne);
        Assert.Equal(63, answered.Select(o => o.DayOne).Distinct().Count());
    }

    [ProviderFact]
    public async Task StartDatesForAnUnknownCenterAre404()
    {
        await Client.ProblemAsync(await api.StartDatesAsync("no-such-center", "lesions=1"), HttpStatusCode.NotFound);
    }
}
