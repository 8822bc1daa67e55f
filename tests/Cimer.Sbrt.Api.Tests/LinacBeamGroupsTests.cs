using System.Net;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Issue 13: beam-matched groups of linacs, over HTTP.</summary>
public class LinacBeamGroupsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private async Task<Linac> LinacAsync(string centerId, string name, string? beamGroup) =>
        await Client.CreatedAsync<Linac>(await api.PostAsync($"/api/v1/centers/{centerId}/linacs",
            new { name, opensAt = "08:00", closesAt = "18:00", slotMinutes = 30, beamGroup }));

    /// <summary>A center with TrueBeams 1 and 2 (group truebeam) and a Halcyon (group halcyon), and a one-lesion patient planned on truebeam.</summary>
    private async Task<(Center Center, Linac Tb1, Linac Tb2, Linac Halcyon, Plan Plan)> TrueBeamPlanAsync()
    {
        var center = await api.CenterAsync();
        var tb1 = await LinacAsync(center.Id, "TrueBeam 1", "truebeam");
        var tb2 = await LinacAsync(center.Id, "TrueBeam 2", "truebeam");
        var halcyon = await LinacAsync(center.Id, "Halcyon", "halcyon");
        var patient = await api.PatientAsync(center.Id);
        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id, new { beamGroup = "truebeam" }));
        Assert.All(plan.Booked, f => Assert.Contains(f.LinacId, new[] { tb1.Id, tb2.Id }));
        return (center, tb1, tb2, halcyon, plan);
    }

    private Task<HttpResponseMessage> PatchAsync(string linacId, long? ifMatch, object body) =>
        api.ChangeAsync(HttpMethod.Patch, $"/api/v1/linacs/{linacId}", ifMatch, body);

    [ProviderFact]
    public async Task ALinacCreatedWithABeamGroupAnswersItWithVersionOneAsItsETag()
    {
        var center = await api.CenterAsync();

        var response = await api.PostAsync($"/api/v1/centers/{center.Id}/linacs", new { name = "TrueBeam 1", opensAt = "08:00", closesAt = "18:00", slotMinutes = 30, beamGroup = "truebeam" });

        var linac = await Client.CreatedAsync<Linac>(response);
        Assert.Equal("truebeam", linac.BeamGroup);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        var read = await api.Http.GetAsync($"/api/v1/linacs/{linac.Id}");
        Assert.Equal("truebeam", (await Client.OkAsync<Linac>(read)).BeamGroup);
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());
        Assert.Null((await api.LinacAsync(center.Id, name: "Old one")).BeamGroup);
    }

    [ProviderFact]
    public async Task ABeamGroupLongerThan64CharactersIs400OnCreateAndOnPatch()
    {
        var center = await api.CenterAsync();
        var tooLong = new string('g', 65);

        var created = await api.PostAsync($"/api/v1/centers/{center.Id}/linacs", new { name = "TB", opensAt = "08:00", closesAt = "18:00", slotMinutes = 30, beamGroup = tooLong });
        var linac = await api.LinacAsync(center.Id);
        var patched = await PatchAsync(linac.Id, 1, new { beamGroup = tooLong, reason = "typo" });

        Assert.Contains("beamGroup", (await Client.ProblemAsync(created, HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("beamGroup", (await Client.ProblemAsync(patched, HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [ProviderFact]
    public async Task PatchingTheBeamGroupWithTheCurrentETagChangesItRaisesTheVersionAndIsAudited()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);

        var response = await PatchAsync(linac.Id, 1, new { beamGroup = "truebeam", reason = "beam matched after commissioning" });

        var patched = await Client.OkAsync<Linac>(response);
        Assert.Equal(("truebeam", "\"2\""), (patched.BeamGroup, response.Headers.ETag?.ToString()));
        var (action, oldJson, newJson, reason) = Records.Audit(app, linac.Id)[^1];
        Assert.Equal(("linac.updated", "beam matched after commissioning"), (action, reason));
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(oldJson!).RootElement.GetProperty("beamGroup").ValueKind);
        Assert.Equal("truebeam", JsonDocument.Parse(newJson!).RootElement.GetProperty("beamGroup").GetString());

        var cleared = await Client.OkAsync<Linac>(await PatchAsync(linac.Id, 2, new { beamGroup = (string?)null, reason = "decommissioned match" }));
        Assert.Null(cleared.BeamGroup);
    }

    [ProviderFact]
    public async Task APatchWithoutIfMatchIs428WithAStaleOneIs412WithoutAReasonIs400AndForAnUnknownLinacIs404()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);
        var before = app.Fingerprint();

        await Client.ProblemAsync(await PatchAsync(linac.Id, null, new { beamGroup = "truebeam", reason = "x" }), HttpStatusCode.PreconditionRequired);
        await Client.ProblemAsync(await PatchAsync(linac.Id, 7, new { beamGroup = "truebeam", reason = "x" }), HttpStatusCode.PreconditionFailed);
        var noReason = await Client.ProblemAsync(await PatchAsync(linac.Id, 1, new { beamGroup = "truebeam" }), HttpStatusCode.BadRequest);
        await Client.ProblemAsync(await PatchAsync("nope", 1, new { beamGroup = "truebeam", reason = "x" }), HttpStatusCode.NotFound);

        Assert.Contains("reason", noReason.Errors!.Keys);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task PatchingALinacNeedsTheAdminRole()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);
        var physicist = app.Api(Tokens.For("physicist", "scheduler"));

        var response = await physicist.ChangeAsync(HttpMethod.Patch, $"/api/v1/linacs/{linac.Id}", 1, new { beamGroup = "truebeam", reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [ProviderFact]
    public async Task APlanAskedForAnUnknownBeamGroupIs400NamingTheCentersGroups()
    {
        var center = await api.CenterAsync();
        await LinacAsync(center.Id, "TrueBeam 1", "truebeam");
        var patient = await api.PatientAsync(center.Id);

        var problem = await Client.ProblemAsync(await api.PlanAsync(patient.Id, new { beamGroup = "ethos" }), HttpStatusCode.BadRequest);

        var message = Assert.Single(problem.Errors!["beamGroup"]);
        Assert.Contains("ethos", message, StringComparison.Ordinal);
        Assert.Contains("truebeam", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/api/v1/patients/{patient.Id}/plan")).StatusCode);
    }

    [ProviderFact]
    public async Task APlanAskedForTheHalcyonGroupUsesOnlyTheHalcyon()
    {
        var center = await api.CenterAsync();
        await LinacAsync(center.Id, "TrueBeam 1", "truebeam");
        var halcyon = await LinacAsync(center.Id, "Halcyon", "halcyon");
        var patient = await api.PatientAsync(center.Id, lesions: 2);

        var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id, new { beamGroup = "halcyon" }));

        Assert.All(plan.Booked, f => Assert.Equal(halcyon.Id, f.LinacId));
    }

    [ProviderFact]
    public async Task APlanStartedOnTrueBeamStaysInItsGroupThroughADowntime()
    {
        var (_, tb1, tb2, halcyon, plan) = await TrueBeamPlanAsync();
        var first = plan.Booked.MinBy(f => f.StartsAt)!;
        var day = first.Start[..10];

        var added = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(first.LinacId, $"{day}T00:00", $"{day}T23:59", "magnetron"));

        var impact = Assert.Single(added.Impact.Plans);
        Assert.Equal("replanned", impact.Outcome);
        var after = await api.GetPlanAsync(plan.Id);
        Assert.All(after.Booked, f => Assert.Contains(f.LinacId, new[] { tb1.Id, tb2.Id }));
        Assert.DoesNotContain(after.Fractions, f => f.LinacId == halcyon.Id);
        Assert.DoesNotContain(after.Booked, f => f.LinacId == first.LinacId && f.Start.StartsWith(day, StringComparison.Ordinal));
        PlanChecks.KeepsTheRules(after, lesions: 1);
    }

    [ProviderFact]
    public async Task WithNoRoomLeftInItsGroupThePlanNeedsAttentionForADosePlanForAnotherMachineAndNothingGoesToTheHalcyon()
    {
        var (center, tb1, tb2, halcyon, plan) = await TrueBeamPlanAsync();
        await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(tb1.Id, "2026-12-01T00:00", "2026-12-31T00:00", "linac replaced"));

        var added = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(tb2.Id, "2026-12-01T00:00", "2026-12-31T00:00", "linac replaced"));

        var impact = Assert.Single(added.Impact.Plans);
        Assert.Equal("needsAttention", impact.Outcome);
        Assert.StartsWith("Dose plan for another machine needed:", impact.Reason, StringComparison.Ordinal);
        Assert.Contains("Lesion 1", impact.Reason, StringComparison.Ordinal);
        var after = await api.GetPlanAsync(plan.Id);
        Assert.Equal(("needsAttention", impact.Reason), (after.Status, after.AttentionReason));
        Assert.DoesNotContain(after.Fractions, f => f.LinacId == halcyon.Id);
        Assert.DoesNotContain(await api.SlotsAsync(center.Id, "2026-12-01", "2026-12-31", "booked"), s => s.LinacId == halcyon.Id);
    }

    [ProviderFact]
    public async Task APhysicistsMoveToALinacOfAnotherGroupIs422NamingTheBeamGroupRule()
    {
        var (_, _, _, halcyon, plan) = await TrueBeamPlanAsync();
        var fraction = plan.Booked.OrderBy(f => f.StartsAt).ElementAt(2);
        var before = app.Fingerprint();

        var response = await api.MoveAsync(plan, fraction, new { linacId = halcyon.Id, start = fraction.Start });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("editBreaksRules", problem.Code);
        Assert.Contains(problem.Violations!, v => v.Rule == "beamGroup");
        Assert.Equal(before, app.Fingerprint());
    }
}
