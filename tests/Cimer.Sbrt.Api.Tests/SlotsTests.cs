using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class SlotsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task AnOpenDayListsEverySlotOfEveryLinacWithTheCentersOffset()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id, opensAt: "08:00", closesAt: "10:00", slotMinutes: 30);

        var slots = await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-07");

        Assert.Equal(
            ["2026-12-07T08:00:00-05:00", "2026-12-07T08:30:00-05:00", "2026-12-07T09:00:00-05:00", "2026-12-07T09:30:00-05:00"],
            slots.Select(s => s.Start));
        Assert.All(slots, s => Assert.Equal((linac.Id, "free", (string?)null), (s.LinacId, s.Status, s.PlanId)));
        Assert.Equal("2026-12-07T08:30:00-05:00", slots[0].End);
    }

    [ProviderFact]
    public async Task WeekendsAndHolidaysHaveNoSlots()
    {
        var center = await api.CenterAsync(holidayCalendar: "us-federal");
        await api.LinacAsync(center.Id, opensAt: "08:00", closesAt: "09:00", slotMinutes: 60);

        var slots = await api.SlotsAsync(center.Id, "2026-12-24", "2026-12-28");

        // Thursday 24 open, Friday 25 Christmas, the weekend closed, Monday 28 open.
        Assert.Equal(["2026-12-24", "2026-12-28"], slots.Select(s => s.Start[..10]));
    }

    [ProviderFact]
    public async Task SlotsInDowntimeAreNeitherFreeNorBooked()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id, opensAt: "08:00", closesAt: "10:00", slotMinutes: 30);
        await Client.CreatedAsync<Downtime>(await api.PostAsync($"/api/v1/linacs/{linac.Id}/downtimes", new { start = "2026-12-07T08:15", end = "2026-12-07T09:00", reason = "QA" }));

        var slots = await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-07");

        Assert.Equal(["2026-12-07T09:00:00-05:00", "2026-12-07T09:30:00-05:00"], slots.Select(s => s.Start));
    }

    [ProviderFact]
    public async Task TheStatusFilterSplitsFreeFromBooked()
    {
        var (center, _, _, plan) = await api.PlannedPatientAsync();

        var all = await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-18");
        var free = await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-18", "free");
        var booked = await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-18", "booked");

        Assert.Equal(all.Count, free.Count + booked.Count);
        Assert.Equal(plan.Fractions.Length, booked.Count);
        Assert.All(free, s => Assert.Null(s.PlanId));
    }

    [ProviderTheory]
    [InlineData("from=2026-12-01&to=2027-02-02", "to")] // 63 days
    [InlineData("from=2026-12-10&to=2026-12-01", "to")]
    [InlineData("from=2026-02-30&to=2026-03-01", "from")]
    [InlineData("from=2026-12-01&to=2026-12-02&status=taken", "status")]
    public async Task AnImpossibleQueryIs400OnTheField(string query, string field)
    {
        var center = await api.CenterAsync();

        var problem = await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/centers/{center.Id}/slots?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task SixtyTwoDaysIsAllowed()
    {
        var center = await api.CenterAsync();

        await Client.OkAsync<Slot[]>(await api.Http.GetAsync($"/api/v1/centers/{center.Id}/slots?from=2026-12-01&to=2027-02-01"));
    }

    [ProviderFact]
    public async Task SlotsOfAnUnknownCenterIs404() =>
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/centers/nope/slots"), HttpStatusCode.NotFound);
}
