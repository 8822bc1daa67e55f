using System.Net;
using System.Text.Json;
using Cimer.Sbrt.Api.Jobs;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Every change leaves one append-only audit row (21 CFR Part 11 11.10(e)): who, when, what, before, after, why.</summary>
public class AuditTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    /// <summary>The same trigger as the SQLite one in <see cref="WhenItsAuditRowCannotBeWritten_TheChangeIsNotMadeEither"/>, in PostgreSQL's words.</summary>
    private const string RefuseCancelRowsOnPostgres = """
        CREATE FUNCTION refuse_cancel_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no audit row'; END $$;
        CREATE TRIGGER refuse_cancel_rows BEFORE INSERT ON audit FOR EACH ROW WHEN (NEW.action = 'plan.cancelled') EXECUTE FUNCTION refuse_cancel_rows();
        """;

    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task EveryKindOfChange_WritesOneRowWithItsActionEntityAndReason()
    {
        var (center, linac, patient, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Booked.OrderBy(f => f.StartsAt).ToList();
        plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, ordered[^1], new { pinned = true, reason = "keep the Friday slot" }));
        plan = await Client.OkAsync<Plan>(await api.ReplanAsync(plan.Id, plan.Version, "new CT"));
        api.AfterStartOf(ordered[0]);
        plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[0], new { outcome = "delivered" }));
        var second = plan.Booked.Where(f => f.Status == "planned").MinBy(f => f.StartsAt)!;
        api.AfterStartOf(second);
        plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, second, new { outcome = "missed", reason = "patient unwell" }));
        var downtime = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, "2027-01-05T08:00", "2027-01-05T10:00", "annual QA"));
        var closure = await Client.CreatedAsync<ClosureAdded>(await api.ClosureAsync(center.Id, "2027-01-06", "snow day"));
        plan = await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version, "patient withdrew"));

        var rows = (await AuditAsync($"?pageSize=500")).Items.Where(e => e.EntityId is var id && (id == center.Id || id == linac.Id || id == patient.Id
            || id == plan.Id || id == downtime.Id || id == closure.Id)).Reverse().ToList();

        Assert.Equal(
            [("center.created", "center", null), ("linac.created", "linac", null), ("patient.created", "patient", null), ("plan.created", "plan", null),
             ("plan.edited", "plan", "keep the Friday slot"), ("plan.replanned", "plan", "new CT"), ("fraction.delivered", "plan", "recorded by the test"),
             ("fraction.missed", "plan", "patient unwell"), ("downtime.created", "downtime", "annual QA"), ("closure.created", "closure", "snow day"),
             ("plan.cancelled", "plan", "patient withdrew")],
            rows.Select(r => (r.Action, r.Entity, r.Reason)).ToList());
        Assert.All(rows, r => Assert.Equal(("tester", "admin physicist scheduler viewer"), (r.Actor, string.Join(" ", r.ActorRoles))));
    }

    [ProviderFact]
    public async Task PlanHistory_ListsItsChangesOldestFirstWithThePlanBeforeAndAfter()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var last = plan.Booked.MaxBy(f => f.StartsAt)!;
        var target = $"{last.Start[..10]}T12:00:00-05:00";
        var moved = await Client.OkAsync<Plan>(await api.MoveAsync(plan, last, new { start = target, reason = "patient asked for noon" }));

        var history = await Client.OkAsync<AuditRow[]>(await api.Http.GetAsync($"/api/v1/plans/{plan.Id}/history"));

        Assert.Equal(["plan.created", "plan.edited"], history.Select(h => h.Action));
        Assert.True(history[0].Id < history[1].Id);
        Assert.Null(history[0].Old);
        Assert.Equal(1, history[0].New!.Value.GetProperty("version").GetInt64());
        var edit = history[1];
        Assert.Equal("patient asked for noon", edit.Reason);
        Assert.Equal(1, edit.Old!.Value.GetProperty("version").GetInt64());
        Assert.Equal(moved.Version, edit.New!.Value.GetProperty("version").GetInt64());
        var change = Assert.Single(edit.New.Value.GetProperty("changes").EnumerateArray());
        Assert.Equal(last.Id, change.GetProperty("fractionId").GetString());
        Assert.Equal(last.Start, change.GetProperty("from").GetProperty("start").GetString());
        Assert.Equal(target, change.GetProperty("to").GetProperty("start").GetString());
        Assert.Equal("2026-11-20T12:00:00.000Z", edit.At);
    }

    [ProviderFact]
    public async Task AWebhookSubscriptionAndItsDeletion_AreAuditedWithoutTheSecret()
    {
        var created = await api.PostAsync("/api/v1/webhooks", new { url = "https://ehr.example.org/hooks", events = new[] { "plan.created" } });
        var id = (await Client.CreatedAsync<JsonElement>(created)).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);

        var rows = (await AuditAsync("?entity=webhook&pageSize=500")).Items.Where(i => i.EntityId == id).Reverse().ToList();
        Assert.Equal(["webhook.created", "webhook.deleted"], rows.Select(r => r.Action));
        Assert.Equal("https://ehr.example.org/hooks", rows[1].Old!.Value.GetProperty("url").GetString());
        Assert.DoesNotContain("whsec_", JsonSerializer.Serialize(rows), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task AFeedTokenAndItsRevocation_AreAuditedOnceAndWithoutTheToken()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);
        var created = await Client.CreatedAsync<JsonElement>(await api.PostAsync("/api/v1/feeds", new { kind = "linac", id = linac.Id }));
        var id = created.GetProperty("id").GetString()!;
        var token = created.GetProperty("url").GetString()!.Split("token=")[1];

        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync($"/api/v1/feeds/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync($"/api/v1/feeds/{id}")).StatusCode);

        var rows = (await AuditAsync("?entity=feed&pageSize=500")).Items.Where(i => i.EntityId == id).Reverse().ToList();
        Assert.Equal(["feed.created", "feed.revoked"], rows.Select(r => r.Action));
        Assert.Equal(JsonValueKind.Null, rows[1].Old!.Value.GetProperty("revokedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, rows[1].New!.Value.GetProperty("revokedAt").ValueKind);
        Assert.DoesNotContain(token, JsonSerializer.Serialize(rows), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task PlanHistory_OfAnUnknownPlanIs404() =>
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/plans/nope/history"), HttpStatusCode.NotFound);

    // Why these: each change the contract says takes a reason, sent without one, is refused on "reason" and changes nothing.
    [ProviderTheory]
    [InlineData("edit")]
    [InlineData("replan")]
    [InlineData("replanWithoutBody")]
    [InlineData("cancel")]
    [InlineData("miss")]
    public async Task AChangeWithoutAReason_Is400OnReasonAndChangesNothing(string change)
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var first = plan.Booked.MinBy(f => f.StartsAt)!;
        api.AfterStartOf(first);
        var before = app.Fingerprint();

        var response = change switch
        {
            "edit" => await api.ChangeAsync(HttpMethod.Patch, $"/api/v1/plans/{plan.Id}/fractions/{first.Id}", plan.Version, new { pinned = true }),
            "replan" => await api.ChangeAsync(HttpMethod.Post, $"/api/v1/plans/{plan.Id}/replan", plan.Version, new { reason = "  " }),
            "replanWithoutBody" => await api.ChangeAsync(HttpMethod.Post, $"/api/v1/plans/{plan.Id}/replan", plan.Version),
            "cancel" => await api.ChangeAsync(HttpMethod.Delete, $"/api/v1/plans/{plan.Id}", plan.Version),
            _ => await api.ChangeAsync(HttpMethod.Post, $"/api/v1/plans/{plan.Id}/fractions/{first.Id}/delivery", plan.Version, new { outcome = "missed" }),
        };

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("reason", problem.Errors!.Keys);
        Assert.Equal(before, app.Fingerprint());
    }

    [ProviderFact]
    public async Task ADeliveryNeedsNoReason()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var first = plan.Booked.MinBy(f => f.StartsAt)!;
        api.AfterStartOf(first);

        await Client.OkAsync<Plan>(await api.ChangeAsync(HttpMethod.Post, $"/api/v1/plans/{plan.Id}/fractions/{first.Id}/delivery", plan.Version, new { outcome = "delivered" }));
    }

    [ProviderFact]
    public async Task ARefusedChange_WritesNoAuditRow()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Booked.OrderBy(f => f.StartsAt).ToList();
        var rows = await CountAsync();

        // 412 stale, 422 a broken rule (the second fraction onto the first's day), 409 a cancelled plan.
        await Client.ProblemAsync(await api.MoveAsync(plan, ordered[0], new { pinned = true }, ifMatch: 9), HttpStatusCode.PreconditionFailed);
        await Client.ProblemAsync(await api.MoveAsync(plan, ordered[1], new { start = $"{ordered[0].Start[..10]}T12:00:00-05:00" }), HttpStatusCode.UnprocessableEntity);
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));
        await Client.ProblemAsync(await api.CancelAsync(plan.Id, plan.Version + 1), HttpStatusCode.Conflict);

        Assert.Equal(rows + 1, await CountAsync());
    }

    [ProviderFact]
    public async Task WhenItsAuditRowCannotBeWritten_TheChangeIsNotMadeEither()
    {
        using var own = app.Another();
        var client = own.Api();
        var (_, _, _, plan) = await client.PlannedPatientAsync();
        using (var database = own.OpenDatabase())
        {
            await database.ExecuteAsync(own.OnPostgres ? RefuseCancelRowsOnPostgres : """
                CREATE TRIGGER refuse_cancel_rows BEFORE INSERT ON audit WHEN NEW.action = 'plan.cancelled'
                BEGIN SELECT RAISE(ABORT, 'no audit row'); END;
                """);
        }

        var before = own.Fingerprint();

        Assert.Equal(HttpStatusCode.InternalServerError, (await client.CancelAsync(plan.Id, plan.Version)).StatusCode);
        Assert.Equal(before, own.Fingerprint());
        Assert.Equal("draft", (await client.GetPlanAsync(plan.Id)).Status);
    }

    [ProviderFact]
    [SqliteOnly("SQLite's triggers, asked directly (PostgresSchemaTests covers PostgreSQL's)")]
    public async Task AuditRows_CannotBeUpdatedOrDeleted()
    {
        await api.CenterAsync();
        using var database = app.OpenDatabase();

        var update = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => database.ExecuteAsync("UPDATE audit SET reason = 'rewritten';"));
        var delete = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => database.ExecuteAsync("DELETE FROM audit;"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit;"));
    }

    [ProviderFact]
    public async Task ABulkReplan_IsAuditedPerPlanAsTheDisruptionsAuthorWithItAsReason()
    {
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        var day = plan.Booked.MinBy(f => f.StartsAt)!.Start[..10];

        var added = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{day}T08:00", $"{day}T18:00", "annual QA"));

        var history = await Client.OkAsync<AuditRow[]>(await api.Http.GetAsync($"/api/v1/plans/{plan.Id}/history"));
        var replan = history[^1];
        Assert.Equal("plan.replanned", replan.Action);
        Assert.Contains("annual QA", replan.Reason, StringComparison.Ordinal);
        Assert.Equal(added.Impact.Plans.Single().Changes.Length, replan.New!.Value.GetProperty("changes").GetArrayLength());
        var row = (await AuditAsync("?entity=downtime&pageSize=1")).Items.Single();
        Assert.Equal((added.Id, "annual QA", linac.Id), (row.EntityId, row.Reason, row.New!.Value.GetProperty("linacId").GetString()));
    }

    [ProviderFact]
    public async Task TheNightlyJob_IsAuditedAsSystemReconciliation()
    {
        var (center, _, _, plan) = await api.PlannedPatientAsync();
        api.Clock.Reset(Instant.FromUtc(2026, 12, 10, 3, 30));

        await app.Services.GetRequiredService<Reconciliation>().RunDueAsync(center.Id, CancellationToken.None);

        var row = (await Client.OkAsync<AuditRow[]>(await api.Http.GetAsync($"/api/v1/plans/{plan.Id}/history")))[^1];
        Assert.Equal(("fraction.unconfirmed", "system:reconciliation"), (row.Action, row.Actor));
        Assert.NotNull(row.Reason);
    }

    [ProviderFact]
    public async Task TheAuditSearch_FiltersByTimeActorAndEntityNewestFirstInPages()
    {
        using var own = app.Another();
        var client = own.Api();
        await client.CenterAsync();
        client.Clock.Advance(Duration.FromHours(1));
        var center = await client.CenterAsync();
        await client.LinacAsync(center.Id);

        var all = await AuditAsync("", client);
        var centers = await AuditAsync("?entity=center", client);
        var late = await AuditAsync("?from=2026-11-20T12:30:00Z", client);
        var early = await AuditAsync("?from=2026-11-20&to=2026-11-20T07:30:00-05:00", client);
        var day = await AuditAsync("?from=2026-11-20&to=2026-11-20", client);
        var page2 = await AuditAsync("?pageSize=2&page=2", client);
        var nobody = await AuditAsync("?actor=someone-else", client);

        Assert.Equal(["linac.created", "center.created", "center.created"], all.Items.Select(i => i.Action));
        Assert.Equal((3L, 1, 50), (all.Total, all.Page, all.PageSize));
        Assert.Equal(2, centers.Total);
        Assert.Equal(["linac.created", "center.created"], late.Items.Select(i => i.Action));
        Assert.Single(early.Items);
        Assert.Equal(3, day.Total);
        Assert.Equal((3L, 2), (page2.Total, page2.Page));
        Assert.Equal(all.Items[^1].Id, Assert.Single(page2.Items).Id);
        Assert.Empty(nobody.Items);
        Assert.Equal(3, (await AuditAsync("?actor=tester", client)).Total);
    }

    // Why these: each filter's malformed value, an unknown entity, a range backwards, and paging out of bounds.
    [ProviderTheory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("to=9999-12-31", "to")]
    [InlineData("from=2026-12-03&to=2026-12-01", "to")]
    [InlineData("entity=planz", "entity")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task ABadAuditQuery_Is400OnThatField(string query, string field)
    {
        var problem = await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/audit?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task AnActorLongerThan255Characters_Is400() =>
        await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/audit?actor={new string('a', 256)}"), HttpStatusCode.BadRequest);

    private async Task<AuditPage> AuditAsync(string query, Client? client = null) =>
        await Client.OkAsync<AuditPage>(await (client ?? api).Http.GetAsync($"/api/v1/audit{query}"));

    private async Task<long> CountAsync()
    {
        using var database = app.OpenDatabase();
        return await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit;");
    }
}

public sealed record AuditRow(
    long Id, string At, string Actor, string[] ActorRoles, string Action, string Entity, string EntityId, JsonElement? Old, JsonElement? New, string? Reason);

public sealed record AuditPage(int Page, int PageSize, long Total, AuditRow[] Items);
