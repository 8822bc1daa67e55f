using System.Net;
using System.Security.Claims;
using Cimer.Sbrt.Api.Feeds;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Http;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Feed tokens: issued by an admin, stored hashed, each granting one feed until revoked.</summary>
public class FeedsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private sealed record CreatedFeed(string Id, string Kind, string TargetId, string Url, string CreatedAt);

    private sealed record Feed(string Id, string Kind, string TargetId, string CreatedAt, string CreatedBy, string? RevokedAt);

    [ProviderFact]
    public async Task CreateFeed_ForALinac_Answers201WithTheFeedUrlAndAToken()
    {
        var (linacId, created, token) = await LinacFeedAsync();

        Assert.Equal("linac", created.Kind);
        Assert.Equal(linacId, created.TargetId);
        Assert.Equal($"http://localhost/api/v1/linacs/{linacId}/calendar.ics?token={token}", created.Url);
        Assert.Equal(43, token.Length);
    }

    [ProviderFact]
    public async Task CreateFeed_BehindAProxy_UsesTheForwardedScheme()
    {
        var api = app.Api();
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/feeds") { Content = System.Net.Http.Json.JsonContent.Create(new { kind = "linac", id = linac.Id }) };
        request.Headers.Add("X-Forwarded-Proto", "https");

        var created = await Client.CreatedAsync<CreatedFeed>(await api.Http.SendAsync(request));

        Assert.StartsWith("https://", created.Url, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task CreateFeed_StoresOnlyTheTokensHash()
    {
        var (_, created, token) = await LinacFeedAsync();

        using var database = app.OpenDatabase();
        var hash = database.QuerySingle<string>("SELECT token_hash FROM feed_tokens WHERE id = @Id;", new { created.Id });
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), hash);
        Assert.DoesNotContain(token, app.Fingerprint(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, await app.Api().Http.GetStringAsync("/api/v1/feeds"), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task IsGranted_TheTokenGrantsExactlyItsFeed()
    {
        var (linacId, _, token) = await LinacFeedAsync();
        var (otherLinacId, _, _) = await LinacFeedAsync();
        using var connection = app.OpenDatabase();

        Assert.True(await FeedTokens.IsGrantedAsync(connection, FeedKind.Linac, linacId, token, default));
        Assert.False(await FeedTokens.IsGrantedAsync(connection, FeedKind.Linac, otherLinacId, token, default));
        Assert.False(await FeedTokens.IsGrantedAsync(connection, FeedKind.Patient, linacId, token, default));
        Assert.False(await FeedTokens.IsGrantedAsync(connection, FeedKind.Linac, linacId, token + "x", default));
        Assert.False(await FeedTokens.IsGrantedAsync(connection, FeedKind.Linac, linacId, FeedTokens.NewToken(), default));
        Assert.False(await FeedTokens.IsGrantedAsync(connection, FeedKind.Linac, linacId, null, default));
    }

    [ProviderFact]
    public async Task RevokeFeed_RefusesTheTokenFromThenOn_AndTwiceIsFine()
    {
        var (linacId, created, token) = await LinacFeedAsync();
        var api = app.Api();

        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync($"/api/v1/feeds/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync($"/api/v1/feeds/{created.Id}")).StatusCode);

        using var connection = app.OpenDatabase();
        Assert.False(await FeedTokens.IsGrantedAsync(connection, FeedKind.Linac, linacId, token, default));
        var listed = Assert.Single(await Client.OkAsync<Feed[]>(await api.Http.GetAsync("/api/v1/feeds")), f => f.Id == created.Id);
        Assert.NotNull(listed.RevokedAt);
    }

    [ProviderFact]
    public async Task RevokeFeed_UnknownId_Is404() =>
        await Client.ProblemAsync(await app.Api().Http.DeleteAsync("/api/v1/feeds/nope"), HttpStatusCode.NotFound);

    // Why these: an unknown kind is a 400; an unknown target of either kind is the target's 404.
    [ProviderTheory]
    [InlineData("calendar", "x", HttpStatusCode.BadRequest)]
    [InlineData(null, "x", HttpStatusCode.BadRequest)]
    [InlineData("linac", null, HttpStatusCode.BadRequest)]
    [InlineData("linac", "no-such-linac", HttpStatusCode.NotFound)]
    [InlineData("patient", "no-such-patient", HttpStatusCode.NotFound)]
    public async Task CreateFeed_BadKindOrUnknownTarget_IsAProblem(string? kind, string? id, HttpStatusCode status) =>
        await Client.ProblemAsync(await app.Api().PostAsync("/api/v1/feeds", new { kind, id }), status);

    [ProviderTheory]
    [InlineData("scheduler")]
    [InlineData("physicist")]
    [InlineData("viewer")]
    public async Task Feeds_NonAdmin_Is403(string role)
    {
        var api = app.Api(Tokens.For(role));

        await Client.ProblemAsync(await api.PostAsync("/api/v1/feeds", new { kind = "linac", id = "x" }), HttpStatusCode.Forbidden);
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/feeds"), HttpStatusCode.Forbidden);
        await Client.ProblemAsync(await api.Http.DeleteAsync("/api/v1/feeds/x"), HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task CanRead_AReaderOrTheFeedsToken_AndNoOneElse()
    {
        var (linacId, _, token) = await LinacFeedAsync();
        var api = app.Api();
        var patient = await api.PatientAsync((await api.CenterAsync()).Id);
        using var connection = app.OpenDatabase();

        Assert.True(await FeedAccess.CanReadAsync(Request(token), connection, FeedKind.Linac, linacId, default));
        Assert.False(await FeedAccess.CanReadAsync(Request(token), connection, FeedKind.Patient, patient.Id, default));
        Assert.False(await FeedAccess.CanReadAsync(Request("wrong"), connection, FeedKind.Linac, linacId, default));
        Assert.False(await FeedAccess.CanReadAsync(Request(null), connection, FeedKind.Linac, linacId, default));
        Assert.True(await FeedAccess.CanReadAsync(Request(null, "viewer"), connection, FeedKind.Patient, patient.Id, default));
        Assert.False(await FeedAccess.CanReadAsync(Request(null, "nurse"), connection, FeedKind.Patient, patient.Id, default));
    }

    [ProviderFact]
    public async Task EnsureCanRead_AWrongToken_IsTheUnknownFeeds404()
    {
        var (linacId, _, _) = await LinacFeedAsync();
        using var connection = app.OpenDatabase();

        var refused = await Assert.ThrowsAsync<Cimer.Sbrt.Api.Web.ProblemException>(() => FeedAccess.EnsureCanReadAsync(Request("wrong"), connection, FeedKind.Linac, linacId, default));

        Assert.Equal(StatusCodes.Status404NotFound, refused.Status);
    }

    private static DefaultHttpContext Request(string? token, string? role = null)
    {
        var http = new DefaultHttpContext();
        if (token is not null)
        {
            http.Request.QueryString = QueryString.Create("token", token);
        }

        if (role is not null)
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], "Bearer"));
        }

        return http;
    }

    private async Task<(string LinacId, CreatedFeed Created, string Token)> LinacFeedAsync()
    {
        var api = app.Api();
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);
        var created = await Client.CreatedAsync<CreatedFeed>(await api.PostAsync("/api/v1/feeds", new { kind = "linac", id = linac.Id }));
        return (linac.Id, created, created.Url[(created.Url.IndexOf("?token=", StringComparison.Ordinal) + "?token=".Length)..]);
    }

    [ProviderFact]
    public async Task LinacCalendar_WithTheFeedsToken_NeedsNoBearer_AndAWrongOrRevokedTokenIsA404()
    {
        var api = app.Api();
        var (linacId, created, token) = await LinacFeedAsync();
        var anonymous = app.Api(token: null).Http;
        var path = $"/api/v1/linacs/{linacId}/calendar.ics";

        var granted = await anonymous.GetAsync(new Uri($"{path}?token={token}", UriKind.Relative));
        var wrong = await anonymous.GetAsync(new Uri($"{path}?token=not-{token}", UriKind.Relative));
        var none = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync(new Uri($"/api/v1/feeds/{created.Id}", UriKind.Relative))).StatusCode);
        var revoked = await anonymous.GetAsync(new Uri($"{path}?token={token}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.StartsWith("BEGIN:VCALENDAR", await granted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
    }

}
