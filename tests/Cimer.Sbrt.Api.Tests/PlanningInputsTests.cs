using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Cimer.Sbrt.Scheduling;
using Dapper;
using NodaTime;
using NodaTime.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// What a batch over many plans reads (<see cref="PlanningInputs.ForPlansAsync"/>: a bulk re-plan, a
/// make-room search) in a few queries for all of them: each plan, in the order given, with the patient
/// a decision for that plan alone reads.
/// </summary>
public class PlanningInputsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private Database Database => app.Services.GetRequiredService<Database>();

    [ProviderFact]
    public async Task ForPlans_ReadsEveryPlansPatientAsForOnePlan_InTheOrderGiven()
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id);
        // Lesions and absences differ from patient to patient, and one has neither absence nor a second lesion.
        var planIds = new List<string>();
        foreach (var (lesions, dayOne, absences) in new[] { (3, "2026-12-07", new[] { "2026-12-10", "2026-12-08" }), (1, "2026-12-08", Array.Empty<string>()), (2, "2026-12-09", new[] { "2026-12-12" }) })
        {
            var patient = await api.PatientAsync(center.Id, lesions, dayOne);
            foreach (var date in absences)
            {
                await Client.CreatedAsync<AbsenceRecorded>(await api.PostAsync($"/api/v1/patients/{patient.Id}/absences", new { date, reason = "family" }));
            }

            planIds.Add((await Client.CreatedAsync<Infrastructure.Plan>(await api.PlanAsync(patient.Id))).Id);
        }

        await Database.RehearseAsync(async (connection, transaction) =>
        {
            var plans = new List<PlanRecord>();
            foreach (var id in new[] { planIds[1], planIds[2], planIds[0] })
            {
                plans.Add(await PlanStore.GetAsync(connection, id, CancellationToken.None, transaction));
            }

            var batch = await PlanningInputs.ForPlansAsync(connection, transaction, center.Id, plans, CancellationToken.None);

            Assert.Equal(plans.Select(p => p.Id), batch.Plans.Select(p => p.Plan.Id));
            foreach (var (plan, read) in plans.Zip(batch.Plans))
            {
                var alone = (await PlanningInputs.ForPlanAsync(connection, transaction, plan, CancellationToken.None)).Patient;
                Assert.Equal(
                    (alone.Arm, alone.DayOne, alone.AvailableFrom, alone.AvailableUntil, alone.PreferredTime),
                    (read.Patient.Arm, read.Patient.DayOne, read.Patient.AvailableFrom, read.Patient.AvailableUntil, read.Patient.PreferredTime));
                Assert.Equal(alone.Lesions, read.Patient.Lesions);
                Assert.Equal(alone.Absences, read.Patient.Absences);
            }

            Assert.Equal([(1, 0), (2, 1), (3, 2)], batch.Plans.Select(p => (p.Patient.Lesions.Count, p.Patient.Absences.Count)));
            return 0;
        }, CancellationToken.None);
    }

    [ProviderFact]
    public async Task Bookings_ReadEveryStoredInstantExactly_WholeSecondsOrNot()
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id);
        var plan = await Client.CreatedAsync<Infrastructure.Plan>(await api.PlanAsync((await api.PatientAsync(center.Id)).Id));
        using var database = app.OpenDatabase();
        // The service stores whole seconds; an older row may hold milliseconds, which must come back as stored.
        var first = await database.QueryFirstAsync<(string Id, string Start, string End)>(
            "SELECT id, start_utc, end_utc FROM fractions WHERE plan_id = @Id ORDER BY start_utc", new { plan.Id });
        await database.ExecuteAsync("UPDATE fractions SET start_utc = @start, end_utc = @end WHERE id = @Id", new
        {
            first.Id,
            start = first.Start.Replace("Z", ".250Z", StringComparison.Ordinal),
            end = first.End.Replace("Z", ".999Z", StringComparison.Ordinal),
        });
        var stored = (await database.QueryAsync<(string PlanId, string LinacId, string Start, string End)>(
                "SELECT plan_id, linac_id, start_utc, end_utc FROM fractions WHERE plan_id = @Id", new { plan.Id }))
            .Select(f => new PlanBooking(f.PlanId, new Booking(f.LinacId, InstantPattern.ExtendedIso.Parse(f.Start).Value, InstantPattern.ExtendedIso.Parse(f.End).Value)))
            .OrderBy(b => b.Booking.Start).ToList();

        var read = await Database.RehearseAsync((connection, transaction) => PlanStore.BookingsAsync(
            connection, transaction, center.Id, stored[0].Booking.Start - Duration.FromDays(1), stored[^1].Booking.Start + Duration.FromDays(1), CancellationToken.None), CancellationToken.None);

        Assert.Equal(5, stored.Count);
        Assert.Equal(Duration.FromMilliseconds(250), stored[0].Booking.Start - InstantPattern.ExtendedIso.Parse(first.Start).Value);
        Assert.Equal(stored, read.OrderBy(b => b.Booking.Start));
    }
}
