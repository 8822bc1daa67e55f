using System.Net;
using System.Xml.Linq;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>The SVG pictures read as documents: what they mark is what the JSON and the slots feed say.</summary>
public class ChartsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task PlanChart_MarksEveryFractionWithItsStatus_TheWindowsAndTheClosures()
    {
        var clinic = await ChristmasClinic.OpenAsync(api);
        var plan = await api.GetPlanAsync(clinic.FivePlan.Id);

        var svg = await SvgAsync($"/api/v1/plans/{plan.Id}/chart.svg");

        var marks = svg.Descendants().Where(e => e.Attribute("data-fraction-id") is not null).ToList();
        Assert.Equal(plan.Fractions.Length, marks.Count);
        Assert.Equal(
            plan.Fractions.Select(f => (f.Id, f.Status)).Order(),
            marks.Select(m => ((string)m.Attribute("data-fraction-id")!, (string)m.Attribute("data-status")!)).Order());
        Assert.Contains(marks, m => (string)m.Attribute("data-status")! == "delivered");
        Assert.Equal(clinic.Missed.Id, marks.Single(m => (string)m.Attribute("data-status")! == "missed").Attribute("data-fraction-id")!.Value);
        Assert.All(marks, m => Assert.Matches(@"· fraction [1-5]/5 · TrueBeam [12] · \w{3} \d+ \w{3} \d\d:\d\d · ", m.Element(Name("title"))!.Value));
        Assert.True(plan.Window.DeviationDays > 0 || plan.Window.Start != plan.DayOne, "the 5-lesion plan uses the widened window");
        Assert.Equal(["w0", "widened"], svg.Descendants().Select(e => (string?)e.Attribute("data-window")).OfType<string>().Order());
        var closures = svg.Descendants().Select(e => (string?)e.Attribute("data-closure")).OfType<string>().ToList();
        Assert.Contains("2026-12-25", closures);
        Assert.Contains("2027-01-01", closures);
        Assert.Contains(svg.Descendants(Name("text")), t => t.Value == "Christmas Day" || t.Value.Contains("Christmas", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task PlanChart_WritesTheElapsedHoursBetweenALesionsFractions()
    {
        var clinic = await ChristmasClinic.OpenAsync(api);

        var svg = await SvgAsync($"/api/v1/plans/{clinic.ThreePlan.Id}/chart.svg");

        var gaps = svg.Descendants(Name("text")).Where(t => !t.Ancestors().Any(a => a.Attribute("data-legend") is not null)).Select(t => t.Value).Where(t => t.EndsWith(" h", StringComparison.Ordinal)).ToList();
        Assert.Equal(3 * 4, gaps.Count);
        Assert.All(gaps, g => Assert.True(double.Parse(g[..^2], System.Globalization.CultureInfo.InvariantCulture) >= 48, g));
        Assert.Single(svg.Descendants(), e => (string?)e.Attribute("data-pinned") == "true");
        Assert.Equal(["w0"], svg.Descendants().Select(e => (string?)e.Attribute("data-window")).OfType<string>());
    }

    [ProviderFact]
    public async Task PlanChart_OfAnUnknownPlan_IsA404Problem() =>
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/plans/nope/chart.svg"), HttpStatusCode.NotFound);

    [ProviderFact]
    public async Task Board_CellsAreTheSlotsFeedsSlots_BookedOnesNamingTheStudyId()
    {
        var clinic = await ChristmasClinic.OpenAsync(api);
        var slots = await api.SlotsAsync(clinic.Center.Id, "2026-12-21", "2026-12-27");

        var svg = await SvgAsync($"/api/v1/centers/{clinic.Center.Id}/board.svg?from=2026-12-21&to=2026-12-27");

        var cells = svg.Descendants().Where(e => e.Attribute("data-slot-start") is not null).ToList();
        Assert.Equal(
            slots.Select(s => (s.LinacId, Instant(s.Start), s.Status)).Order(),
            cells.Where(c => (string)c.Attribute("data-status")! != "down")
                .Select(c => ((string)c.Attribute("data-linac-id")!, (string)c.Attribute("data-slot-start")!, (string)c.Attribute("data-status")!)).Order());
        var down = cells.Where(c => (string)c.Attribute("data-status")! == "down").ToList();
        Assert.Equal(8, down.Count);
        Assert.All(down, c => Assert.Equal(clinic.Linacs[1].Id, (string)c.Attribute("data-linac-id")!));
        var planIds = new Dictionary<string, string> { [clinic.FivePlan.Id] = clinic.Five.StudyId, [clinic.ThreePlan.Id] = clinic.Three.StudyId };
        Assert.All(cells.Where(c => (string)c.Attribute("data-status")! == "booked"), c =>
            Assert.Contains(planIds[(string)c.Attribute("data-plan-id")!], c.Element(Name("text"))!.Value, StringComparison.Ordinal));
        Assert.Contains("2026-12-25", svg.Descendants().Select(e => (string?)e.Attribute("data-closure")));
    }

    [ProviderFact]
    public async Task Board_WithoutARange_IsTheCurrentWeekInTheCentersZone()
    {
        var clinic = await ChristmasClinic.OpenAsync(api);
        Assert.Equal(new NodaTime.LocalDate(2026, 12, 22), clinic.Today(api));

        var svg = await SvgAsync($"/api/v1/centers/{clinic.Center.Id}/board.svg");

        var starts = svg.Descendants().Select(e => (string?)e.Attribute("data-slot-start")).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.Equal("2026-12-21T13:00:00Z", starts[0]);
        Assert.StartsWith("2026-12-24T", starts[^1], StringComparison.Ordinal);
        Assert.Contains(svg.Descendants(Name("text")), t => t.Value.StartsWith("Mon 21 Dec", StringComparison.Ordinal));
        Assert.Contains("2026-12-27", svg.Descendants().Select(e => (string?)e.Attribute("data-closed")));
        Assert.DoesNotContain("2026-12-28", svg.Descendants().Select(e => (string?)e.Attribute("data-closed")));
    }

    // Why these: a date that is not one, an end before the start, and 15 days where 14 is the most.
    [ProviderTheory]
    [InlineData("from=21-12-2026", "from")]
    [InlineData("from=2026-12-21&to=2026-12-20", "to")]
    [InlineData("from=2026-12-21&to=2027-01-04", "to")]
    public async Task Board_WithABadOrTooLongRange_IsA400Problem(string query, string field)
    {
        var center = await api.CenterAsync();

        var problem = await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/centers/{center.Id}/board.svg?{query}"), HttpStatusCode.BadRequest);

        Assert.True(problem.Errors!.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
    }

    [ProviderFact]
    public async Task Board_OfAnUnknownCenter_IsA404Problem() =>
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/centers/nope/board.svg"), HttpStatusCode.NotFound);

    [ProviderFact]
    public async Task ThePage_IsServedWithoutAToken_UnderItsContentSecurityPolicy_AndSwaggerUiIsNot()
    {
        var anonymous = app.Api(token: null).Http;

        foreach (var path in new[] { "/", "/app.js", "/app.css" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(
                "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
                response.Headers.GetValues("Content-Security-Policy").Single());
        }

        Assert.Equal("text/html", (await anonymous.GetAsync("/")).Content.Headers.ContentType?.MediaType);
        Assert.False((await anonymous.GetAsync("/swagger/index.html")).Headers.Contains("Content-Security-Policy"));
    }

    private async Task<XElement> SvgAsync(string path)
    {
        var response = await api.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var root = XDocument.Parse(text).Root!;
        Assert.Equal(Name("svg"), root.Name);
        return root;
    }

    private static XName Name(string local) => XName.Get(local, "http://www.w3.org/2000/svg");

    private static string Instant(string moment) =>
        NodaTime.Text.InstantPattern.ExtendedIso.Format(NodaTime.Instant.FromDateTimeOffset(DateTimeOffset.Parse(moment, System.Globalization.CultureInfo.InvariantCulture)));
}
