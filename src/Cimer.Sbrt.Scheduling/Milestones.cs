using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>Rule 8: simulation the week before day 1, letrozole on day 1, palbociclib on day 21.</summary>
internal static class Milestones
{
    public const int SimulationDaysBefore = 7, PalbociclibDay = 21;

    /// <summary>The earliest open day in D1-7..D1-1: the most time for treatment planning.</summary>
    public static LocalDate? SimulationDay(PlanRequest request)
    {
        var d1 = request.Patient.DayOne;
        for (var date = d1.PlusDays(-SimulationDaysBefore); date < d1; date = date.PlusDays(1))
        {
            if (request.Center.IsOpen(date))
            {
                return date;
            }
        }

        return null;
    }

    public static IReadOnlyList<Milestone> For(PlanRequest request)
    {
        var d1 = request.Patient.DayOne;
        var result = new List<Milestone>();
        if (request.Patient.Arm == 2 && SimulationDay(request) is { } simulation)
        {
            result.Add(new Milestone(MilestoneKind.Simulation, simulation));
        }

        result.Add(new Milestone(MilestoneKind.LetrozoleStart, d1));
        result.Add(new Milestone(MilestoneKind.PalbociclibStart, d1.PlusDays(PalbociclibDay - 1)));
        return result;
    }
}
