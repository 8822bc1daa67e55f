using System.ComponentModel.DataAnnotations;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Feeds;

/// <param name="Kind">"linac" or "patient".</param>
/// <param name="Id">The linac's or the patient's id.</param>
internal sealed record CreateFeedRequest(
    [property: Required] string? Kind,
    [property: Required] string? Id);

/// <param name="Id">The feed token's id, for revoking it.</param>
/// <param name="Kind">"linac" or "patient".</param>
/// <param name="TargetId">The linac's or the patient's id.</param>
/// <param name="Url">The feed's absolute URL with <c>?token=</c>; shown once, never again.</param>
/// <param name="CreatedAt">When it was issued (UTC).</param>
[WireExample(FeedExamples.CreatedFeed)]
internal sealed record CreatedFeedResponse(string Id, string Kind, string TargetId, string Url, string CreatedAt);

/// <param name="Id">The feed token's id, for revoking it.</param>
/// <param name="Kind">"linac" or "patient".</param>
/// <param name="TargetId">The linac's or the patient's id.</param>
/// <param name="CreatedAt">When it was issued (UTC).</param>
/// <param name="CreatedBy">The issuing admin's token subject.</param>
/// <param name="RevokedAt">When it was revoked (UTC), or null while it grants its feed.</param>
[WireExample(FeedExamples.Feed)]
internal sealed record FeedResponse(string Id, string Kind, string TargetId, string CreatedAt, string CreatedBy, string? RevokedAt);
