using System.Security.Cryptography;
using System.Text;
using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// Making room (issue 13): when a new patient does not fit only because of other patients' bookings,
/// the core's bounded search (<see cref="BookedRoom"/>) proposes moves of other plans' future, unpinned,
/// undelivered fractions. A proposal writes nothing but itself; accepting it decides again from a fresh
/// read at the proposal's moment and, when that is what was proposed and nothing it read has changed,
/// writes the new plan and every re-plan in one transaction.
/// </summary>
internal static class MakingRoomApi
{
    /// <summary>A proposal lives at most this long, and never past its first new or moved fraction.</summary>
    public static readonly Duration MaxLifetime = Duration.FromDays(1);

    public static void MapProposals(this RouteGroupBuilder group) =>
        group.MapPost("/proposals/{proposalId}/acceptance", AcceptProposal)
            .WithName(nameof(AcceptProposal))
            .RequireAuthorization(Policies.Schedule)
            .WithSummary("Accept a make-room proposal")
            .WithDescription("Books the new patient's plan and re-plans every other plan the proposal moves, in one transaction, audited with the `reason` (400 without one). 409 when the proposal was already accepted, has expired (a fraction it moves or books has started), or anything it was decided on has changed since: the center's calendar, the patient, or any plan it read; ask for a new proposal then. 404 for an unknown proposal.")
            .WithRequestExample(Examples.AcceptProposal)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>The proposal for a patient the plain plan did not fit (<paramref name="infeasible"/>), or that 422 with why no proposal exists.</summary>
    internal static async Task<Ok<ProposalResponse>> ProposeAsync(
        string patientId, int maxPerDay, ProblemException infeasible, Actor actor, Database database, IClock clock, CancellationToken ct)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var now = clock.GetCurrentInstant();
            var patient = await PatientStore.GetAsync(connection, patientId, ct, transaction);
            var (read, decided) = await DecideAsync(connection, transaction, patient, maxPerDay, "Making room for a new patient.", now, ct);
            if (decided.NewPlan is null)
            {
                var none = decided.Outcome.NoRoom!;
                var extensions = new Dictionary<string, object?>(infeasible.Extensions)
                {
                    ["makeRoom"] = new { code = none.Code, summary = none.Summary, exhaustive = none.Exhaustive, solverCalls = decided.Outcome.SolverCalls },
                };
                throw new ProblemException(infeasible.Status, infeasible.Title, $"{infeasible.Message} No proposal: {none.Summary}", extensions);
            }

            var zone = decided.NewPlan.After.Zone;
            var starts = decided.Others.SelectMany(d => d.Moves).Select(m => m.To.Start)
                .Concat(decided.Others.SelectMany(d => d.Moves).Select(m => m.From?.Start ?? m.To.Start))
                .Concat(decided.NewPlan.After.Booked.Select(f => f.Start));
            var expires = Instant.Min(now + MaxLifetime, starts.Min());
            var row = new ProposalRow
            {
                Id = Ids.New(),
                PatientId = patientId,
                CenterId = patient.CenterId,
                MaxFractionsPerDay = maxPerDay,
                DecidedUtc = WireFormat.ToUtc(now),
                ExpiresUtc = WireFormat.ToUtc(expires),
                CalendarVersion = read.CalendarVersion,
                PatientVersion = patient.Version,
                PlanVersions = ProposalStore.Versions(read.Others),
                Fingerprint = Fingerprint(decided),
                CreatedBy = actor.Subject,
            };
            await ProposalStore.InsertAsync(connection, transaction, row, ct);
            await AuditTrail.RecordAsync(connection, transaction, actor, now,
                new AuditEntry("proposal.created", AuditEntities.Proposal, row.Id, null, new { row.Id, patientId, plansChanged = decided.Others.Count, decided.FractionsMoved }, null), ct);
            var others = read.Others.ToDictionary(p => p.Id);
            var newPlan = PlanResponses.From(PlanRecord.After(null, decided.NewPlan));
            return TypedResults.Ok(new ProposalResponse(
                row.Id,
                patientId,
                WireFormat.Format(expires, zone),
                new ProposedPlanResponse(newPlan.DayOne, newPlan.Window,
                    [.. newPlan.Fractions.Select(f => new ProposedFractionResponse(f.LesionId, f.Number, f.LinacId, f.Start, f.End))], newPlan.Summary),
                [.. decided.Others.Select(d => new ProposedChangeResponse(d.After.Id, d.After.PatientId, others[d.After.Id].Version, PlanResponses.Changes(d.Moves, zone)))],
                decided.Others.Count,
                decided.FractionsMoved,
                decided.Outcome.SolverCalls));
        }, ct);
    }

    internal static async Task<Results<Ok<AcceptedProposalResponse>, ValidationProblem>> AcceptProposal(
        string proposalId, AcceptProposalRequest body, Actor actor, Database database, IClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = errors.Text("reason", body.Reason, maxLength: PlansApi.MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await database.WriteAsync<Results<Ok<AcceptedProposalResponse>, ValidationProblem>>(async (connection, transaction) =>
        {
            var now = clock.GetCurrentInstant();
            var proposal = await ProposalStore.GetAsync(connection, transaction, proposalId, ct);
            if (proposal.AcceptedUtc is { } accepted)
            {
                throw Problems.Conflict($"The proposal was already accepted ({accepted}): plan '{proposal.AcceptedPlanId}'.");
            }

            if (now >= WireFormat.FromUtc(proposal.ExpiresUtc))
            {
                throw Problems.Conflict($"The proposal expired at {proposal.ExpiresUtc}: a fraction it books or moves has started, or a day has passed. Ask for a new proposal.");
            }

            var patient = await PatientStore.GetAsync(connection, proposal.PatientId, ct, transaction);
            if (patient.WithdrawnUtc is not null || await PlanStore.LivePlanIdAsync(connection, transaction, patient.Id, ct) is not null)
            {
                throw Problems.Conflict("The patient withdrew or has a live plan since the proposal was made.");
            }

            var decidedAt = WireFormat.FromUtc(proposal.DecidedUtc);
            var (read, decided) = await DecideAsync(connection, transaction, patient, (int)proposal.MaxFractionsPerDay, $"Making room for a new patient: {reason}", decidedAt, ct);
            var unchanged = read.CalendarVersion == proposal.CalendarVersion
                && patient.Version == proposal.PatientVersion
                && ProposalStore.Versions(read.Others) == proposal.PlanVersions
                && decided.NewPlan is not null
                && Fingerprint(decided) == proposal.Fingerprint;
            if (!unchanged)
            {
                throw Problems.Conflict("Something the proposal was decided on has changed since (the center's calendar, the patient, or a plan it read): nothing was changed. Ask for a new proposal.");
            }

            // Others first: they all let their slots go before any takes one (WriteAllAsync), so a consistent
            // proposal writes whatever the search's order; the new patient's plan last, into what they left.
            var written = await PlanChanges.WriteAllAsync(connection, transaction, read.Others.ToDictionary(p => p.Id), decided.Others, actor, now, ct);
            var changed = written.Zip(decided.Others, (after, decision) => PlanResponses.From(after, decision.Changes)).ToList();
            var created = await PlanChanges.WriteAsync(connection, transaction, null, decided.NewPlan!, actor, now, ct);

            if (!await ProposalStore.AcceptAsync(connection, transaction, proposalId, created.Id, now, ct))
            {
                throw Problems.Conflict("The proposal was accepted by another request meanwhile.");
            }

            await AuditTrail.RecordAsync(connection, transaction, actor, now,
                new AuditEntry("proposal.accepted", AuditEntities.Proposal, proposalId, null, new { proposalId, planId = created.Id, changed = changed.Select(c => c.Id) }, reason), ct);
            return TypedResults.Ok(new AcceptedProposalResponse(PlanResponses.From(created), changed));
        }, ct);
    }

    /// <summary>Reads the patient's center around her dates and decides the proposal at <paramref name="at"/>.</summary>
    private static async Task<(RoomRead Read, RoomDecisions Decided)> DecideAsync(
        DbConnection connection, DbTransaction transaction, PatientRow patient, int maxPerDay,
        string reason, Instant at, CancellationToken ct)
    {
        var inputs = await PlanningInputs.LoadAsync(connection, transaction, patient, ct);
        var zone = inputs.Calendar.Zone;
        var dayOne = inputs.Patient.DayOne;
        var ids = await ProposalStore.LivePlansBookedAsync(connection, transaction, patient.CenterId,
            dayOne.PlusDays(-PlanningInputs.DaysBeforeDayOne).AtStartOfDayInZone(zone).ToInstant(),
            dayOne.PlusDays(PlanningInputs.DaysAfterDayOne).AtStartOfDayInZone(zone).ToInstant(), ct);
        var others = new List<PlanRecord>(ids.Count);
        foreach (var id in ids)
        {
            others.Add(await PlanStore.GetAsync(connection, id, ct, transaction));
        }

        var center = await PlanningInputs.ForPlansAsync(connection, transaction, patient.CenterId, others, ct, dayOne);
        var request = new PlanRequest
        {
            Center = center.Calendar,
            Linacs = center.Linacs,
            Patient = inputs.Patient,
            Bookings = [.. center.Bookings.Select(b => b.Booking)],
            MaxFractionsPerDay = maxPerDay,
            NotBefore = at,
        };
        var decided = BookedRoom.Propose(request, patient.Id, patient.CenterId, center.Plans, center.Bookings, reason, at, SharedSlotGrids.Cache, Ids.New);
        return (new RoomRead(inputs.CalendarVersion, others), decided);
    }

    /// <summary>What a proposal books and moves, independent of the ids a decision gives: equal fingerprints, equal proposals.</summary>
    private static string Fingerprint(RoomDecisions decided)
    {
        var text = new StringBuilder();
        foreach (var f in decided.NewPlan!.After.Booked.OrderBy(f => f.Start).ThenBy(f => f.LinacId, StringComparer.Ordinal))
        {
            text.Append(f.LesionId).Append('|').Append(f.LinacId).Append('|').Append(WireFormat.ToUtc(f.Start)).Append('\n');
        }

        foreach (var d in decided.Others.OrderBy(d => d.After.Id, StringComparer.Ordinal))
        {
            foreach (var f in d.After.Booked.OrderBy(f => f.Start).ThenBy(f => f.LinacId, StringComparer.Ordinal))
            {
                text.Append(d.After.Id).Append('|').Append(f.LesionId).Append('|').Append(f.LinacId).Append('|').Append(WireFormat.ToUtc(f.Start)).Append('\n');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>What a proposal was decided on: the center's calendar version and the live plans it read.</summary>
    private sealed record RoomRead(long CalendarVersion, IReadOnlyList<PlanRecord> Others);
}
