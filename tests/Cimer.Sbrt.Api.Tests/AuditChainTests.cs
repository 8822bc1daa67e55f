using System.Net;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// The audit trail is a hash chain: a row edited, replaced or deleted behind the service's back is
/// named by <c>GET /api/v1/audit/verify</c>, and an <c>INSERT OR REPLACE</c> is refused outright.
/// </summary>
public class AuditChainTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task Verify_AfterPlansCreatedEditedAndCancelled_HoldsUpToTheLastRow()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var last = plan.Booked.MaxBy(f => f.StartsAt)!;
        plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, last, new { pinned = true, reason = "keep the Friday slot" }));
        plan = await Client.OkAsync<Plan>(await api.ReplanAsync(plan.Id, plan.Version, "new CT"));
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version, "patient withdrew"));

        var verdict = await VerifyAsync(api);

        using var database = app.OpenDatabase();
        Assert.True(verdict.Holds);
        Assert.Equal(database.ExecuteScalar<long>("SELECT COUNT(*) FROM audit;"), verdict.Rows);
        Assert.Equal(database.ExecuteScalar<string>("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1;"), verdict.LastHash);
        Assert.Null(verdict.FirstBrokenRow);
    }

    [ProviderFact]
    public async Task Verify_AfterTwentyPlansCreatedInParallel_Holds()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        await api.LinacAsync(center.Id, name: "TrueBeam 2");
        var patients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.PatientAsync(center.Id)));

        var answers = await Task.WhenAll(patients.Select(p => api.PlanAsync(p.Id)));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);
        var verdict = await VerifyAsync(api);
        Assert.True(verdict.Holds, $"{verdict.Reason} at {verdict.FirstBrokenRow}");
        using var database = app.OpenDatabase();
        Assert.Equal(verdict.Rows, database.ExecuteScalar<long>("SELECT COUNT(DISTINCT prev_hash) FROM audit;"));
        Assert.Equal(verdict.Rows, database.ExecuteScalar<long>("SELECT MAX(seq) FROM audit;"));
    }

    [ProviderFact]
    [SqliteOnly("INSERT OR REPLACE and SQLite's triggers (PostgresSchemaTests covers PostgreSQL's)")]
    public async Task InsertOrReplace_OverAnAuditRow_IsRefusedByTheDatabase()
    {
        await api.CenterAsync();
        using var database = app.OpenDatabase();
        var id = database.ExecuteScalar<long>("SELECT MAX(id) FROM audit;");

        var refused = Assert.Throws<SqliteException>(() => database.Execute(ReplaceReason, new { id }));

        Assert.Contains("cannot replace", refused.Message, StringComparison.Ordinal);
        Assert.Equal("center.created", database.ExecuteScalar<string>("SELECT action FROM audit WHERE id = @id;", new { id }));
        Assert.Null(database.ExecuteScalar<string>("SELECT reason FROM audit WHERE id = @id;", new { id }));
    }

    // Each edit on a copy of the database, the guards that stand in its way dropped first.
    [ProviderTheory]
    [InlineData("DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'nothing to see' WHERE seq = @seq;", 0, AuditVerification.ContentMismatch)]
    [InlineData("DROP TRIGGER audit_no_replace; " + ReplaceReason, 0, AuditVerification.ContentMismatch)]
    [InlineData("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = @seq;", 1, AuditVerification.Gap)]
    [SqliteOnly("edits a VACUUM INTO copy of the SQLite file")]
    public async Task Verify_OnADatabaseEditedBehindItsBack_NamesTheFirstBrokenRow(string edit, int brokenAfter, string reason)
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version, "patient withdrew"));
        using var original = app.OpenDatabase();
        var seq = original.ExecuteScalar<long>("SELECT seq FROM audit WHERE entity_id = @Id AND action = 'plan.created';", new { plan.Id });
        var id = original.ExecuteScalar<long>("SELECT id FROM audit WHERE seq = @seq;", new { seq });

        var verdict = await VerifyCopyAsync(edit, new { seq, id });

        Assert.False(verdict.Holds);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(seq + brokenAfter, verdict.FirstBrokenRow!.Seq);
        Assert.Null(verdict.LastHash);
    }

    [ProviderFact]
    [SqliteOnly("edits a VACUUM INTO copy of the SQLite file")]
    public async Task Verify_WhenAnEditedRowIsRehashed_NamesTheRowAfterIt()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version, "patient withdrew"));
        using var original = app.OpenDatabase();
        var row = original.QuerySingle<Api.Audit.AuditRow>("SELECT * FROM audit WHERE entity_id = @Id AND action = 'plan.created';", new { plan.Id });
        var forged = row with { Reason = "nothing to see" };

        var verdict = await VerifyCopyAsync(
            "DROP TRIGGER audit_no_update; UPDATE audit SET reason = @Reason, hash = @Hash WHERE id = @Id;",
            forged with { Hash = AuditChain.Hash(forged) });

        Assert.Equal((false, AuditVerification.PreviousMismatch, row.Seq + 1), (verdict.Holds, verdict.Reason, verdict.FirstBrokenRow!.Seq));
    }

    private const string ReplaceReason = """
        INSERT OR REPLACE INTO audit (id, at_utc, actor, actor_roles, action, entity, entity_id, old_json, new_json, reason, seq, prev_hash, hash)
        SELECT id, at_utc, actor, actor_roles, action, entity, entity_id, old_json, new_json, 'nothing to see', seq, prev_hash, hash
        FROM audit WHERE id = @id;
        """;

    private static async Task<AuditVerifyResponse> VerifyAsync(Client client) =>
        await Client.OkAsync<AuditVerifyResponse>(await client.Http.GetAsync("/api/v1/audit/verify"));

    /// <summary>Copies the database, edits the copy with <paramref name="edit"/>, and asks a service on the copy.</summary>
    private async Task<AuditVerifyResponse> VerifyCopyAsync(string edit, object parameters)
    {
        var folder = Directory.CreateTempSubdirectory("cimer-sbrt-chain-").FullName;
        var copy = Path.Combine(folder, "cimer-sbrt.db");
        try
        {
            using (var original = app.OpenDatabase())
            {
                original.Execute("VACUUM INTO @copy;", new { copy });
            }

            using (var database = new SqliteConnection($"Data Source={copy}"))
            {
                database.Open();
                database.Execute(edit, parameters);
            }

            using var service = SbrtApp.OnFile(copy);
            return await VerifyAsync(service.Api());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
