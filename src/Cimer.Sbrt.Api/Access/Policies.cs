namespace Cimer.Sbrt.Api.Access;

/// <summary>
/// One named policy per set of roles the contract allows; each endpoint names one with
/// <c>RequireAuthorization</c>. The README's access table and the access test follow these.
/// </summary>
internal static class Policies
{
    /// <summary>Reads: any of the four roles.</summary>
    public const string Read = "read";

    /// <summary>Center set-up: centers, closures, linacs, downtimes, webhooks, feeds, audit.</summary>
    public const string Admin = "admin";

    /// <summary>Enrolment and planning: patients, plans, start dates.</summary>
    public const string Schedule = "schedule";

    /// <summary>A physicist's plan changes: moves, pins, re-plans.</summary>
    public const string Physics = "physics";

    /// <summary>What happens at the linac, and cancels: a scheduler or a physicist.</summary>
    public const string Treat = "treat";

    /// <summary>The roles each policy accepts.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RolesOf = new Dictionary<string, IReadOnlyList<string>>
    {
        [Read] = Roles.All,
        [Admin] = [Roles.Admin],
        [Schedule] = [Roles.Scheduler],
        [Physics] = [Roles.Physicist],
        [Treat] = [Roles.Scheduler, Roles.Physicist],
    };
}
