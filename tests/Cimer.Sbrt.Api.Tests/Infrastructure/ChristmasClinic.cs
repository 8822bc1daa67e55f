using NodaTime;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// A center on the US federal holidays over Christmas and New Year, as the pictures are meant to show
/// it: two linacs, an afternoon of repair on one, a 5-lesion patient whose day 1 (Wednesday 2026-12-23)
/// needs the widened window (W0 holds Christmas and New Year's Day), a 3-lesion patient from Monday
/// 2026-12-28 with one pinned fraction, and the 5-lesion plan's first fractions given and the next
/// one missed, the clock just after it.
/// </summary>
public sealed record ChristmasClinic(Center Center, Linac[] Linacs, Patient Five, Plan FivePlan, Patient Three, Plan ThreePlan, Fraction Missed)
{
    public static async Task<ChristmasClinic> OpenAsync(Client api)
    {
        var center = await api.CenterAsync();
        Linac[] linacs = [await api.LinacAsync(center.Id, name: "TrueBeam 1"), await api.LinacAsync(center.Id, name: "TrueBeam 2")];
        await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linacs[1].Id, "2026-12-22T13:00", "2026-12-22T17:00", "MLC repair"));
        var five = await PatientAsync(api, center.Id, 23, "2026-12-23", ["T8 vertebra", "Left iliac crest", "Liver segment VII", "Right lower lobe", "L2 vertebra"]);
        var three = await PatientAsync(api, center.Id, 31, "2026-12-28", ["Sternum", "Right acetabulum", "T11 vertebra"]);
        var fivePlan = await Client.CreatedAsync<Plan>(await api.PlanAsync(five.Id));
        var threePlan = await Client.CreatedAsync<Plan>(await api.PlanAsync(three.Id));
        var pin = threePlan.Booked.OrderBy(f => f.StartsAt).Skip(1).First();
        threePlan = await Client.OkAsync<Plan>(await api.MoveAsync(threePlan, pin, new { pinned = true, reason = "patient's transport booked" }));

        var ordered = fivePlan.Booked.OrderBy(f => f.StartsAt).ToArray();
        var missed = ordered[3];
        fivePlan = await api.DeliverBeforeAsync(fivePlan, missed.StartsAt);
        api.AfterStartOf(missed);
        fivePlan = await Client.OkAsync<Plan>(await api.DeliveryAsync(fivePlan, missed, new { outcome = "missed", reason = "patient unwell" }));
        return new ChristmasClinic(center, linacs, five, fivePlan, three, threePlan, missed);
    }

    /// <summary>Where the clock stands after <see cref="OpenAsync"/>, as a center-local date.</summary>
    public LocalDate Today(Client api) => api.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb[Center.TimeZone]).Date;

    /// <summary>Enrols CIMER-0nn, or CIMER-1nn, 2nn... when an earlier clinic in the same database has taken it (study ids are unique).</summary>
    private static async Task<Patient> PatientAsync(Client api, string centerId, int number, string dayOne, string[] lesions)
    {
        for (var hundreds = 0; ; hundreds += 100)
        {
            var response = await api.PostAsync("/api/v1/patients", new
            {
                studyId = $"CIMER-{number + hundreds:000}",
                centerId,
                arm = 2,
                dayOne,
                lesions = lesions.Select(label => new { label, site = "bone", greatestDiameterCm = 2.2 }).ToArray(),
            });
            if (response.StatusCode != System.Net.HttpStatusCode.Conflict)
            {
                return await Client.CreatedAsync<Patient>(response);
            }
        }
    }
}
