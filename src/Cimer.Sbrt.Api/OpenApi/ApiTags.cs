using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>
/// The groups of operations, in the order of the work: set a center up, enrol, plan, follow the
/// days of treatment, connect other systems, then look back. Swagger UI shows them in this order.
/// </summary>
internal static class ApiTags
{
    public const string Centers = "Centers and linacs";
    public const string Patients = "Patients";
    public const string Plans = "Plans";
    public const string Days = "Days that follow";
    public const string Integration = "Feeds and integration";
    public const string Administration = "Administration";

    public static readonly IReadOnlyList<(string Name, string Description)> InOrder =
    [
        (Centers, "Set a center up: its time zone, open days and holidays, then its linacs and their slots."),
        (Patients, "Enrol a trial patient with their day 1 and lesions."),
        (Plans, "Plan a patient, read the plan and its history, move and pin fractions, re-plan, cancel. Changes take If-Match: Swagger UI fills it from the plan you last read here."),
        (Days, "What happens after planning: deliveries and misses, linac downtimes and center closures (with their impact), the day's worklist, start dates that fit."),
        (Integration, "For other systems: the slots feed, iCalendar feeds and their tokens, webhooks."),
        (Administration, "The audit trail of every change."),
    ];
}

/// <summary>Lists the tags in <see cref="ApiTags.InOrder"/>, with their descriptions, ahead of any other.</summary>
internal sealed class TagOrderFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var used = swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var known = ApiTags.InOrder.Select(t => t.Name).ToList();
        swaggerDoc.Tags = new HashSet<OpenApiTag>(
            ApiTags.InOrder.Where(t => used.Contains(t.Name)).Select(t => new OpenApiTag { Name = t.Name, Description = t.Description })
                .Concat(used.Where(u => !known.Contains(u)).Order(StringComparer.Ordinal).Select(u => new OpenApiTag { Name = u })));
    }
}
