namespace Cimer.Sbrt.Api.Feeds;

/// <summary>One row of <c>feed_tokens</c>, without its hash.</summary>
internal sealed class FeedRow
{
    public string Id { get; init; } = "";
    public string Kind { get; init; } = "";
    public string TargetId { get; init; } = "";
    public string CreatedUtc { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public string? RevokedUtc { get; init; }
}
