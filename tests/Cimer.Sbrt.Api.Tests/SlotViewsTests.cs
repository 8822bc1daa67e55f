using System.Globalization;
using System.Xml.Linq;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using FhirSlot = Hl7.Fhir.Model.Slot;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// The slots feed, FHIR Slots and the board read one slot grid: for the same linac and dates they list
/// the same free and booked slots, slot by slot, and FHIR's <c>busy-unavailable</c> are exactly the slots
/// the feed leaves out (a closure's regular slots, downtime), fractions kept there included.
/// </summary>
public class SlotViewsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private const string First = "2026-12-07", Last = "2026-12-20";

    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task FeedFhirAndBoard_AgreeSlotBySlot_OverAClosureWithAnOpening_AWeekendOpening_AndDowntime()
    {
        var (center, linac, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Booked.OrderBy(f => f.StartsAt).ToArray();
        var (delivered, pinned) = (ordered[0], ordered[2]);
        var closed = pinned.Start[..10];
        Assert.True(pinned.StartsAt.Hour < 17, $"The pinned fraction starts at {pinned.Start}: the set-up needs it before the closure day's opening.");
        await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, "2026-12-12", "08:00", "09:00"));
        await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, closed, "17:00", "19:00"));
        plan = await api.DeliverBeforeAsync(plan, delivered.StartsAt.AddMinutes(1));
        plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, pinned, new { pinned = true, reason = "patient's transport booked" }));
        await Client.CreatedAsync<ClosureAdded>(await api.ClosureAsync(center.Id, closed, "snow day"));
        await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, delivered.Start[..16], delivered.End[..16], "logged late"));
        await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, "2026-12-16T12:00", "2026-12-16T13:00", "QA"));
        plan = await api.GetPlanAsync(plan.Id);

        var feed = await api.SlotsAsync(center.Id, First, Last);
        var fhir = await FhirReader.SearchAllAsync<FhirSlot>(api.Http, $"/fhir/r4/Slot?schedule=Schedule/{linac.Id}&start=ge{First}&start=lt2026-12-21&_count=2000");
        var board = await BoardCellsAsync(center.Id);

        // Free and booked: the same slots, in the same order, with the same status.
        var bookable = fhir.Where(s => s.Status is FhirSlot.SlotStatus.Free or FhirSlot.SlotStatus.Busy).ToList();
        Assert.Equal(
            bookable.Select(s => (linac.Id, s.Start!.Value, s.End!.Value, s.Status == FhirSlot.SlotStatus.Free ? "free" : "booked")),
            feed.Select(s => (s.LinacId, Moment(s.Start), Moment(s.End), s.Status)));
        Assert.Equal(plan.Booked.Count(f => f.Id != delivered.Id && f.Id != pinned.Id), feed.Count(s => s.Status == "booked"));

        // Unavailable: what the feed leaves out, each saying why, the kept fractions' slots among them.
        var unavailable = fhir.Where(s => s.Status == FhirSlot.SlotStatus.BusyUnavailable).ToList();
        Assert.Equal(fhir.Count, bookable.Count + unavailable.Count);
        Assert.Equal(18 + 1 + 2, unavailable.Count);
        Assert.Equal("Linac down: logged late", unavailable.Single(s => s.Start == delivered.StartsAt).Comment);
        Assert.Equal("Center closed: snow day", unavailable.Single(s => s.Start == pinned.StartsAt).Comment);
        Assert.All(unavailable.Where(s => s.Comment!.StartsWith("Center closed", StringComparison.Ordinal)), s => Assert.Equal(closed, Day(s.Start!.Value)));
        Assert.DoesNotContain(feed, s => unavailable.Any(u => u.Start == Moment(s.Start)));

        // The closure day offers its opening's four slots (17:00 to 18:00 regular ones give way), the Saturday its two.
        Assert.Equal(4, feed.Count(s => s.Start.StartsWith(closed, StringComparison.Ordinal)));
        Assert.All(feed.Where(s => s.Start.StartsWith(closed, StringComparison.Ordinal)), s => Assert.Equal("free", s.Status));
        Assert.Equal(2, feed.Count(s => s.Start.StartsWith("2026-12-12", StringComparison.Ordinal)));

        // The board draws the feed's slots and the down ones, and no closed one.
        Assert.Equal(
            feed.Select(s => (Moment(s.Start), s.Status)).Concat(unavailable.Where(s => s.Comment!.StartsWith("Linac down", StringComparison.Ordinal)).Select(s => (s.Start!.Value, "down"))).Order(),
            board.Select(c => (c.Start, c.Status)).Order());
        Assert.Equal(plan.Id, board.Single(c => c.Start == delivered.StartsAt).PlanId);
    }

    private Task<HttpResponseMessage> OpenAsync(string linacId, string date, string opensAt, string closesAt) =>
        api.PostAsync($"/api/v1/linacs/{linacId}/openings", new { date, opensAt, closesAt, reason = "extra session" });

    private async Task<List<(DateTimeOffset Start, string Status, string? PlanId)>> BoardCellsAsync(string centerId)
    {
        var response = await api.Http.GetAsync($"/api/v1/centers/{centerId}/board.svg?from={First}&to={Last}");
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        return [.. svg.Descendants().Where(e => e.Attribute("data-slot-start") is not null)
            .Select(e => (Moment((string)e.Attribute("data-slot-start")!), (string)e.Attribute("data-status")!, (string?)e.Attribute("data-plan-id")))];
    }

    private static DateTimeOffset Moment(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset start) => start.ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
