namespace Cimer.Sbrt.Api.Access;

/// <summary>The roles a token's <c>role</c> claims may carry, as the contract names them.</summary>
internal static class Roles
{
    /// <summary>Sets up centers, closures, linacs, downtimes, webhooks, feeds; reads the audit trail.</summary>
    public const string Admin = "admin";

    /// <summary>Enrols patients, makes plans, finds start dates, records deliveries, cancels.</summary>
    public const string Scheduler = "scheduler";

    /// <summary>Moves and pins fractions, re-plans, records deliveries, cancels.</summary>
    public const string Physicist = "physicist";

    /// <summary>Reads.</summary>
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Scheduler, Physicist, Viewer];
}
