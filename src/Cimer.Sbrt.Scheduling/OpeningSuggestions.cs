using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>An extra session that would let the plan fit its window: proven by solving with it.</summary>
/// <param name="Date">The local date of the session.</param>
/// <param name="LinacId">The linac to open.</param>
/// <param name="OpensAt">Local start of its first slot.</param>
/// <param name="ClosesAt">Local end of its last slot.</param>
public sealed record OpeningSuggestion(LocalDate Date, string LinacId, LocalTime OpensAt, LocalTime ClosesAt)
{
    /// <summary>Length of the session in minutes.</summary>
    public int Minutes => (int)Period.Between(OpensAt, ClosesAt, PeriodUnits.Minutes).Minutes;
}

/// <summary>
/// "Which smallest extra session keeps this plan inside its window?" For a request whose best plan
/// runs past its window, widens it, or does not exist, candidate openings inside W0 are tried smallest
/// first (fewest minutes, then earliest date, then linac order, then earliest start): on a day the
/// linac is closed, blocks of 1 to <see cref="PlanRequest.MaxFractionsPerDay"/> whole slots of its
/// regular grid and then its whole regular hours; on an open day, 1 to that many whole slots right
/// before it opens or right after it closes. Each is proven by solving the request with it added.
/// </summary>
public static class OpeningSuggestions
{
    /// <summary>
    /// Most candidates solved per call. A candidate costs one solve (about a millisecond for five lesions),
    /// so a call costs at most this many: a suggestion that would need a later candidate is not found.
    /// </summary>
    public const int MaxCandidates = 200;

    /// <summary>Up to <paramref name="max"/> proven openings, smallest first; empty when the plan already fits W0 or nothing within the bound helps.</summary>
    /// <exception cref="ArgumentException">The request is malformed (see <see cref="RequestChecks"/>).</exception>
    public static IReadOnlyList<OpeningSuggestion> Suggest(PlanRequest request, int max = 3, SlotGridCache? grids = null)
    {
        RequestChecks.ThrowIfInvalid(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        grids ??= new SlotGridCache();
        if (request.Patient.Arm == 1 || request.Linacs.Count == 0 || Fits(Scheduler.Solve(request, grids)))
        {
            return [];
        }

        var result = new List<OpeningSuggestion>();
        foreach (var candidate in Candidates(request).Take(MaxCandidates))
        {
            var linacs = request.Linacs.Select(l => l.Id == candidate.LinacId
                ? l with { Openings = [.. l.Openings, new Opening(candidate.Date, candidate.OpensAt, candidate.ClosesAt, "suggested")] }
                : l).ToList();
            if (Fits(Scheduler.Solve(request with { Linacs = linacs }, grids)))
            {
                result.Add(candidate);
                if (result.Count == max)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>A plan inside W0: no days past the window, no widening.</summary>
    private static bool Fits(Solution? solution) => solution is { Window.PastWindow: 0, Window.Deviation: 0 };

    private static IEnumerable<OpeningSuggestion> Candidates(PlanRequest request)
    {
        var (start, end) = Windows.Nominal(request.Patient.DayOne);
        var zone = request.Center.Zone;
        var today = request.NotBefore?.InZone(zone).Date;
        var all = new List<(OpeningSuggestion Opening, int Linac)>();
        for (var date = start; date <= end; date = date.PlusDays(1))
        {
            if ((today is { } t && date < t) || request.Patient.Absences.Any(a => a.Date == date))
            {
                continue;
            }

            var open = request.Center.IsOpen(date);
            for (var l = 0; l < request.Linacs.Count; l++)
            {
                var linac = request.Linacs[l];
                if (linac.SlotMinutes <= 0)
                {
                    continue;
                }

                var length = Period.FromMinutes(linac.SlotMinutes);
                for (var size = 1; size <= request.MaxFractionsPerDay; size++)
                {
                    var span = Period.FromMinutes((long)size * linac.SlotMinutes);
                    if (open)
                    {
                        if (linac.OpensAt.Minus(span) is var before && before < linac.OpensAt)
                        {
                            all.Add((new OpeningSuggestion(date, linac.Id, before, linac.OpensAt), l));
                        }

                        if (linac.ClosesAt.Plus(span) is var after && after > linac.ClosesAt)
                        {
                            all.Add((new OpeningSuggestion(date, linac.Id, linac.ClosesAt, after), l));
                        }

                        continue;
                    }

                    for (var from = linac.OpensAt; from.Plus(span) <= linac.ClosesAt && from.Plus(span) > from; from = from.Plus(length))
                    {
                        all.Add((new OpeningSuggestion(date, linac.Id, from, from.Plus(span)), l));
                    }
                }

                if (!open)
                {
                    all.Add((new OpeningSuggestion(date, linac.Id, linac.OpensAt, linac.ClosesAt), l));
                }
            }
        }

        return all.DistinctBy(c => c.Opening)
            .OrderBy(c => c.Opening.Minutes).ThenBy(c => c.Opening.Date).ThenBy(c => c.Linac).ThenBy(c => c.Opening.OpensAt)
            .Select(c => c.Opening);
    }
}
