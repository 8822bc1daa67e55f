using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using NodaTime;
using FhirSlot = Hl7.Fhir.Model.Slot;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Issue 13: extra linac sessions (openings) and the openings a re-plan suggests, over HTTP.</summary>
public class OpeningsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private const string Saturday = "2026-12-12";

    private readonly Client api = app.Api();

    private Task<HttpResponseMessage> OpenAsync(string linacId, string date, string opensAt, string closesAt, string reason = "Saturday session", bool dryRun = false) =>
        api.PostAsync($"/api/v1/linacs/{linacId}/openings{(dryRun ? "?dryRun=true" : "")}", new { date, opensAt, closesAt, reason });

    private async Task<Opening[]> ListAsync(string linacId, string from = "2026-12-01", string to = "2026-12-31") =>
        await Client.OkAsync<Opening[]>(await api.Http.GetAsync($"/api/v1/linacs/{linacId}/openings?from={from}&to={to}"));

    private Task<HttpResponseMessage> DeleteAsync(string linacId, string openingId, string? reason = "staff unavailable") =>
        api.Http.DeleteAsync($"/api/v1/linacs/{linacId}/openings/{openingId}{(reason is null ? "" : $"?reason={Uri.EscapeDataString(reason)}")}");

    [ProviderFact]
    public async Task PostingAnOpeningAnswers201WithItsSlotsListsItAndIsAudited()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);

        var response = await OpenAsync(linac.Id, Saturday, "08:00", "10:00");

        var opening = await Client.CreatedAsync<Opening>(response);
        Assert.Equal(new Opening(opening.Id, linac.Id, Saturday, "08:00", "10:00", "Saturday session", 4), opening);
        Assert.Equal($"/api/v1/linacs/{linac.Id}/openings?from={Saturday}&to={Saturday}", response.Headers.Location?.OriginalString);
        Assert.Equal([opening], await ListAsync(linac.Id));
        Assert.Empty(await ListAsync(linac.Id, "2026-12-13", "2026-12-31"));
        var (action, oldJson, newJson, reason) = Assert.Single(Records.Audit(app, opening.Id));
        Assert.Equal(("opening.created", null, "Saturday session"), (action, oldJson, reason));
        Assert.Equal(Saturday, JsonDocument.Parse(newJson!).RootElement.GetProperty("date").GetString());
    }

    [ProviderFact]
    public async Task AnOpeningRaisesTheCentersCalendarVersionSoAPlanDecidedBeforeItIsDecidedAgain()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);
        long Version()
        {
            using var connection = app.OpenDatabase();
            return connection.ExecuteScalar<long>("SELECT calendar_version FROM centers WHERE id = @id;", new { id = center.Id });
        }

        var before = Version();
        var opening = await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, Saturday, "08:00", "10:00"));
        var afterCreate = Version();
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(linac.Id, opening.Id)).StatusCode);

        Assert.True(afterCreate > before);
        Assert.True(Version() > afterCreate);
    }

    [ProviderFact]
    public async Task ADryRunAnswers200WithTheOpeningAndSavesNothing()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);
        var before = app.Fingerprint();

        var opening = await Client.OkAsync<Opening>(await OpenAsync(linac.Id, Saturday, "08:00", "09:00", dryRun: true));

        Assert.Equal((Saturday, "08:00", "09:00", 2), (opening.Date, opening.OpensAt, opening.ClosesAt, opening.Slots));
        Assert.Equal(before, app.Fingerprint());
        Assert.Empty(await ListAsync(linac.Id));
    }

    [ProviderTheory]
    [InlineData(Saturday, "10:00", "08:00", "closesAt")] // closes before it opens
    [InlineData(Saturday, "10:00", "10:00", "closesAt")] // empty
    [InlineData(Saturday, "08:00", "08:20", "closesAt")] // not one whole 30-minute slot
    [InlineData("0999-12-12", "08:00", "10:00", "date")] // out of the bounded years
    [InlineData("2026-02-30", "08:00", "10:00", "date")] // no such date
    [InlineData(Saturday, "24:00", "10:00", "opensAt")] // no such time
    public async Task AnImpossibleOpeningIs400OnTheFieldAndSavesNothing(string date, string opensAt, string closesAt, string field)
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);
        var before = app.Fingerprint();

        var problem = await Client.ProblemAsync(await OpenAsync(linac.Id, date, opensAt, closesAt), HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task AnOpeningWithoutAReasonIs400AndForAnUnknownLinacIs404()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);

        var problem = await Client.ProblemAsync(await api.PostAsync($"/api/v1/linacs/{linac.Id}/openings", new { date = Saturday, opensAt = "08:00", closesAt = "10:00" }), HttpStatusCode.BadRequest);

        Assert.Contains("reason", problem.Errors!.Keys);
        await Client.ProblemAsync(await OpenAsync("nope", Saturday, "08:00", "10:00"), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/linacs/nope/openings"), HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task AnOpeningOverlappingAnotherOfTheLinacIs409ButOneRightAfterItIsFine()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);
        var other = await api.LinacAsync(center.Id, name: "TrueBeam 2");
        await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, Saturday, "08:00", "10:00"));

        var problem = await Client.ProblemAsync(await OpenAsync(linac.Id, Saturday, "09:30", "11:00"), HttpStatusCode.Conflict);

        Assert.Contains("08:00", problem.Detail, StringComparison.Ordinal);
        await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, Saturday, "10:00", "11:00"));
        await Client.CreatedAsync<Opening>(await OpenAsync(other.Id, Saturday, "09:00", "11:00"));
        Assert.Equal(2, (await ListAsync(linac.Id)).Length);
    }

    [ProviderFact]
    public async Task OpeningsNeedTheAdminRoleToChangeAndAnyRoleToRead()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);
        var opening = await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, Saturday, "08:00", "10:00"));
        var viewer = app.Api(Tokens.For("viewer", "scheduler", "physicist"));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/linacs/{linac.Id}/openings", new { date = Saturday, opensAt = "10:00", closesAt = "11:00", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.DeleteAsync($"/api/v1/linacs/{linac.Id}/openings/{opening.Id}?reason=x")).StatusCode);
        Assert.Single(await Client.OkAsync<Opening[]>(await viewer.Http.GetAsync($"/api/v1/linacs/{linac.Id}/openings?from=2026-12-01&to=2026-12-31")));
    }

    [ProviderFact]
    public async Task DeletingAnOpeningAnswers204IsAuditedAndNeedsAReasonAndAKnownOpening()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);
        var opening = await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, Saturday, "08:00", "10:00"));

        var noReason = await Client.ProblemAsync(await DeleteAsync(linac.Id, opening.Id, reason: null), HttpStatusCode.BadRequest);
        await Client.ProblemAsync(await DeleteAsync(linac.Id, "nope"), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await DeleteAsync("nope", opening.Id), HttpStatusCode.NotFound);
        var deleted = await DeleteAsync(linac.Id, opening.Id);

        Assert.Contains("reason", noReason.Errors!.Keys);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await ListAsync(linac.Id));
        var (action, oldJson, newJson, reason) = Records.Audit(app, opening.Id)[^1];
        Assert.Equal(("opening.deleted", null, "staff unavailable"), (action, newJson, reason));
        Assert.NotNull(oldJson);
    }

    [ProviderFact]
    public async Task ASaturdayOpeningShowsFreeSlotsInTheSlotsFeedInFhirAndOnTheBoard()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);
        Assert.Empty(await api.SlotsAsync(center.Id, Saturday, Saturday));

        await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, Saturday, "08:00", "10:00"));

        var slots = await api.SlotsAsync(center.Id, Saturday, Saturday);
        Assert.Equal(4, slots.Count);
        Assert.All(slots, s => Assert.Equal((linac.Id, "free"), (s.LinacId, s.Status)));
        Assert.Equal("2026-12-12T08:00:00-05:00", slots[0].Start);

        var fhir = await FhirReader.SearchAllAsync<FhirSlot>(api.Http, $"/fhir/r4/Slot?schedule=Schedule/{linac.Id}&start=ge2026-12-12&start=lt2026-12-13");
        Assert.Equal(4, fhir.Count);
        Assert.All(fhir, s => Assert.Equal(FhirSlot.SlotStatus.Free, s.Status));

        var board = await api.Http.GetAsync($"/api/v1/centers/{center.Id}/board.svg?from=2026-12-07&to=2026-12-13");
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        var svg = XDocument.Parse(await board.Content.ReadAsStringAsync()).Root!;
        var saturday = Instant.FromUtc(2026, 12, 12, 13, 0);
        var cells = svg.Descendants().Where(e => (string?)e.Attribute("data-slot-start") is { } start
            && start.StartsWith("2026-12-12T1", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, cells.Count);
        Assert.All(cells, c => Assert.Equal("free", (string?)c.Attribute("data-status")));
        Assert.DoesNotContain(svg.Descendants(), e => (string?)e.Attribute("data-closed") == Saturday);
        Assert.Contains(cells, c => ((string)c.Attribute("data-slot-start")!).StartsWith(saturday.ToString("uuuu-MM-dd'T'HH:mm", null), StringComparison.Ordinal));
    }

    /// <summary>
    /// One lesion planned from Monday 2026-12-07 on one linac; the linac is down from the day after its last
    /// fraction to the end of W0 (Friday 12-18), and that last fraction is missed at 17:45 that day: its
    /// replacement can come no sooner than Monday 12-21, past the window.
    /// </summary>
    private async Task<(Center Center, Linac Linac, Plan Missed)> MissPastTheWindowAsync()
    {
        var (center, linac, _, plan) = await api.PlannedPatientAsync();
        var last = plan.Booked.MaxBy(f => f.StartsAt)!;
        var day = LocalDate.FromDateTime(last.StartsAt.DateTime);
        Assert.True(day < new LocalDate(2026, 12, 18), $"The last fraction is on {day}: the set-up needs it before Friday 12-18.");
        await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{day.PlusDays(1):yyyy-MM-dd}T00:00", "2026-12-19T00:00", "annual QA"));
        plan = await api.GetPlanAsync(plan.Id);
        api.Clock.Reset(Instant.FromDateTimeOffset(DateTimeOffset.Parse($"{day:yyyy-MM-dd}T17:45:00-05:00", System.Globalization.CultureInfo.InvariantCulture)));

        var missed = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, last, new { outcome = "missed", at = last.Start, reason = "patient unwell" }));

        Assert.NotNull(missed.ProtocolDeviation);
        return (center, linac, missed);
    }

    [ProviderFact]
    public async Task AMissEndingPastTheWindowSuggestsOpeningsAndCreatingTheFirstThenReplanningRemovesTheDeviation()
    {
        var (_, linac, missed) = await MissPastTheWindowAsync();

        var suggestion = Assert.IsType<OpeningSuggestion[]>(missed.OpeningSuggestions)[0];
        Assert.Equal(linac.Id, suggestion.LinacId);
        Assert.True(suggestion.Minutes >= 30);
        Assert.True(string.CompareOrdinal(suggestion.Date, "2026-12-18") <= 0, $"{suggestion.Date} is past W0");

        var opening = await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, suggestion.Date, suggestion.OpensAt, suggestion.ClosesAt, "suggested by the miss"));
        var replanned = await Client.OkAsync<Plan>(await api.ReplanAsync(missed.Id, missed.Version, "use the extra session"));

        Assert.Null(replanned.ProtocolDeviation);
        Assert.Empty(replanned.OpeningSuggestions!);
        Assert.Contains(replanned.Booked, f => f.Start.StartsWith(suggestion.Date, StringComparison.Ordinal) && f.LinacId == linac.Id
            && string.CompareOrdinal(f.Start[11..16], suggestion.OpensAt) >= 0);
        PlanChecks.KeepsTheRules(replanned, lesions: 1);

        // The opening now holds a fraction: it cannot be taken away under it.
        var before = app.Fingerprint();
        var problem = await Client.ProblemAsync(await DeleteAsync(linac.Id, opening.Id), HttpStatusCode.Conflict);
        Assert.Contains(missed.Id, problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task ASaturdayOpeningIsUsedByAnAskedReplanAndShortensTheDeviation()
    {
        var (_, linac, missed) = await MissPastTheWindowAsync();
        var pastBefore = missed.ProtocolDeviation!.DaysPastWindow;

        await Client.CreatedAsync<Opening>(await OpenAsync(linac.Id, "2026-12-19", "08:00", "12:00", "Saturday session for deviating plans"));
        var replanned = await Client.OkAsync<Plan>(await api.ReplanAsync(missed.Id, missed.Version, "use the Saturday session"));

        Assert.Contains(replanned.Booked, f => f.Start.StartsWith("2026-12-19", StringComparison.Ordinal));
        Assert.True((replanned.ProtocolDeviation?.DaysPastWindow ?? 0) < pastBefore, JsonSerializer.Serialize(replanned, Client.Json));
        Assert.NotNull(replanned.Changes);
        PlanChecks.KeepsTheRules(replanned, lesions: 1);
    }

    [ProviderFact]
    public async Task ADowntimeThatPushesAPlanPastItsWindowReportsOpeningSuggestionsInItsImpact()
    {
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        var last = plan.Booked.MaxBy(f => f.StartsAt)!;
        var day = LocalDate.FromDateTime(last.StartsAt.DateTime);

        // Down from the last fraction's day to Friday 12-18 at closing: its replacement can only come Monday 12-21.
        var added = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{day:yyyy-MM-dd}T00:00", "2026-12-18T18:00", "magnetron"));

        var impact = Assert.Single(added.Impact.Plans);
        Assert.Equal("replanned", impact.Outcome);
        Assert.NotNull(impact.ProtocolDeviation);
        var suggestions = Assert.IsType<OpeningSuggestion[]>(impact.OpeningSuggestions);
        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, s => Assert.Equal(linac.Id, s.LinacId));
        Assert.All(suggestions, s => Assert.True(string.CompareOrdinal(s.Date, "2026-12-18") <= 0, $"{s.Date} is past W0"));
        Assert.Equal(30, suggestions[0].Minutes);

        // The same downtime on a linac with room elsewhere re-plans inside the window: nothing to suggest.
        var (_, spare, _, roomy) = await api.PlannedPatientAsync();
        var roomyLast = roomy.Booked.MaxBy(f => f.StartsAt)!;
        var inside = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(spare.Id, roomyLast.Start[..16], roomyLast.End[..16], "QA"));
        var fits = Assert.Single(inside.Impact.Plans);
        Assert.Null(fits.ProtocolDeviation);
        Assert.Empty(fits.OpeningSuggestions!);
    }
}
