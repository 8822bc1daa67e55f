using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Api.Webhooks;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlansApi
{
    public const int DefaultMaxFractionsPerDay = 3;

    public static RouteGroupBuilder MapPlans(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags(ApiTags.Plans);

        group.MapPost("/patients/{patientId}/plan", CreatePlan)
            .WithName(nameof(CreatePlan))
            .RequireAuthorization(Policies.Schedule)
            .WithSummary("Plan a patient's I-SBRT")
            .WithDescription("Asks the scheduler for the patient's best plan (fewest window-deviation days, then shortest span, then fewest visits) around every other booking at the center, and books its slots. Every lesion is planned in one beam-matched group; with `beamGroup`, in that group only (400 when no linac of the center is in it), as a dose plan made for that machine model needs. 422 with the scheduler's reasons and suggestions when no plan exists; 409 when the patient already has a live plan or withdrew from the trial. The answer's ETag is its version.")
            .WithRequestExample(Examples.CreatePlan)
            .WithResponseExample(StatusCodes.Status409Conflict, ProblemExamples.PlanExists)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ProblemExamples.Infeasible)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/plans/{planId}", GetPlan)
            .WithName(nameof(GetPlan))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Read a plan")
            .WithDescription("The plan with its fractions as moments in the center's offset. The strong ETag is the plan's version: send it back as If-Match to change the plan.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/patients/{patientId}/plan", GetPatientPlan)
            .WithName(nameof(GetPatientPlan))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Read a patient's plan")
            .WithDescription("The patient's live plan, or their latest cancelled one when none is live.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapProposals();
        group.MapPlanList();
        group.MapPlanChanges();
        // Last, as when the audit folder mapped it: the OpenAPI document keeps its order.
        group.MapPlanHistory();
        return group;
    }

    /// <summary>Plan a patient's I-SBRT</summary>
    /// <param name="patientId">The patient to plan.</param>
    /// <param name="body">The daily cap.</param>
    /// <param name="makeRoom">true: when no plan fits only because of other patients' bookings, answer 200 with a proposal that moves other plans' future, unpinned, undelivered fractions (nothing is written until it is accepted). When a plan fits as things are, it is booked as without the flag.</param>
    /// <param name="actor">Who plans.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now.</param>
    /// <param name="response">Gets the ETag.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Created<PlanResponse>, Ok<ProposalResponse>, ValidationProblem>> CreatePlan(
        string patientId, CreatePlanRequest? body, bool? makeRoom, Actor actor, Database database, IClock clock, HttpResponse response, CancellationToken ct)
    {
        if (makeRoom == true)
        {
            var cap = body?.MaxFractionsPerDay ?? DefaultMaxFractionsPerDay;
            try
            {
                return await CreatePlan(patientId, body, null, actor, database, clock, response, ct);
            }
            catch (ProblemException infeasible) when (infeasible.Status == StatusCodes.Status422UnprocessableEntity
                && cap is >= PlanRequest.MinDailyCap and <= PlanRequest.MaxDailyCap)
            {
                return await MakingRoomApi.ProposeAsync(patientId, cap, infeasible, actor, database, clock, ct);
            }
        }

        var maxPerDay = body?.MaxFractionsPerDay ?? DefaultMaxFractionsPerDay;
        var errors = new FieldErrors();
        if (maxPerDay is < PlanRequest.MinDailyCap or > PlanRequest.MaxDailyCap)
        {
            errors.Add("maxFractionsPerDay", $"Between {PlanRequest.MinDailyCap} and {PlanRequest.MaxDailyCap}.");
        }

        var beamGroup = errors.Text("beamGroup", body?.BeamGroup, Linacs.LinacsApi.MaxBeamGroupLength, required: false);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Read and solve on a snapshot, beside other requests; hold the write gate only to check and write.
        // Slots other creations here have decided and not yet written are taken too (PendingPlans).
        var holder = PendingPlans.NewHolder();
        try
        {
            return await CreatePlanAsync(patientId, maxPerDay, beamGroup, holder, actor, database, clock, response, ct);
        }
        finally
        {
            PendingPlans.Release(holder);
        }
    }

    private static async Task<Created<PlanResponse>> CreatePlanAsync(
        string patientId, int maxPerDay, string? beamGroup, object holder, Actor actor, Database database, IClock clock, HttpResponse response, CancellationToken ct)
    {
        var decided = await database.DecideThenWriteAsync(
            async (connection, transaction) =>
            {
                var others = PendingPlans.Others(holder);
                var patient = await PatientStore.GetAsync(connection, patientId, ct, transaction);
                if (patient.WithdrawnUtc is { } withdrawn)
                {
                    throw Problems.Conflict($"The patient withdrew from the trial ({withdrawn}): no plan can be made.");
                }

                if (await PlanStore.LivePlanIdAsync(connection, transaction, patientId, ct) is { } existing)
                {
                    throw Problems.Conflict($"The patient already has plan '{existing}'. Re-plan or cancel it instead.");
                }

                var inputs = await PlanningInputs.LoadAsync(connection, transaction, patient, ct);
                // The core refuses an unknown group as a malformed request: it is the caller's field, checked first.
                if (beamGroup is not null && !inputs.Linacs.Any(l => string.Equals(l.Group, beamGroup, StringComparison.Ordinal)))
                {
                    var known = inputs.Linacs.Where(l => l.BeamGroup is not null).Select(l => l.BeamGroup!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                    throw Problems.Field("beamGroup", $"No linac of the center is in beam group '{beamGroup}'{(known.Count > 0 ? $"; its groups are {string.Join(", ", known)}" : "; none of its linacs names a group")}.");
                }

                var solving = System.Diagnostics.Stopwatch.GetTimestamp();
                var request = inputs.Request(maxPerDay, clock.GetCurrentInstant()) with { BeamGroup = beamGroup };
                var aroundHeld = PendingPlans.Around(request, patient.CenterId, others);
                var outcome = aroundHeld is not null && Scheduler.Plan(aroundHeld, SharedSlotGrids.Cache) is { IsFeasible: true } clear
                    ? clear
                    : Scheduler.Plan(request, SharedSlotGrids.Cache);
                Telemetry.SbrtMetrics.Solved(System.Diagnostics.Stopwatch.GetElapsedTime(solving), "create");
                if (!outcome.IsFeasible)
                {
                    throw PlanResponses.Infeasible(outcome.Infeasibility);
                }

                PendingPlans.Hold(holder, patient.CenterId, outcome.Plan);
                return new NewPlan(PlanLifecycle.Create(outcome.Plan, patientId, patient.CenterId, inputs.Calendar.Zone, maxPerDay, Ids.New), inputs);
            },
            async (connection, transaction, decision) =>
            {
                if (!await decision.Inputs.StillCurrentAsync(connection, transaction, patientId, ct))
                {
                    return false;
                }

                await PlanChanges.WriteAsync(connection, transaction, null, decision.Decision, actor, clock.GetCurrentInstant(), ct);
                return true;
            },
            ct);
        var plan = PlanRecord.After(null, decided.Decision);
        Telemetry.SbrtMetrics.PlanCreated();
        response.Headers.ETag = ETags.For(plan.Version);
        return TypedResults.Created($"/api/v1/plans/{plan.Id}", PlanResponses.From(plan));
    }

    internal static async Task<Ok<PlanResponse>> GetPlan(string planId, Database database, HttpResponse response, CancellationToken ct)
    {
        var plan = await database.ReadAsync(connection => PlanStore.GetAsync(connection, planId, ct));
        response.Headers.ETag = ETags.For(plan.Version);
        return TypedResults.Ok(PlanResponses.From(plan));
    }

    internal static async Task<Ok<PlanResponse>> GetPatientPlan(string patientId, Database database, HttpResponse response, CancellationToken ct)
    {
        var plan = await database.ReadAsync(async connection =>
        {
            await PatientStore.GetAsync(connection, patientId, ct);
            var planId = await PlanStore.PatientPlanIdAsync(connection, patientId, ct)
                ?? throw Problems.NotFound("plan for patient", patientId);
            return await PlanStore.GetAsync(connection, planId, ct);
        });
        response.Headers.ETag = ETags.For(plan.Version);
        return TypedResults.Ok(PlanResponses.From(plan));
    }

    /// <summary>A plan decided on a snapshot, with the inputs it was decided on (checked again before it is written).</summary>
    private sealed record NewPlan(PlanDecision Decision, PlanningInputs Inputs);
}
