using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>The brute force's answer: the best key and one plan that reaches it, or infeasible.</summary>
public sealed record BruteForceResult(PlanKey? Key, Plan? Witness, bool Widened, long Steps)
{
    public bool IsFeasible => Key is not null;

    public override string ToString() => Key is { } key ? $"{key}{(Widened ? " widened" : "")}" : "infeasible";
}

/// <summary>
/// An exhaustive enumerator for small instances, written to be obviously right rather than fast.
/// A plan is a choice, for every open date of the window, of nothing or one visit: a linac, a run of
/// consecutive slots on it (at most the daily cap) and which lesion takes each slot, kept fractions
/// fixed where they are. The search walks every such choice date by date, checking rules 1-8 as it
/// goes, and memoises on what the future depends on (each lesion's count and last start, and the
/// first date used). Window widening follows rule 3: W0 first; D1-2..D1+13 only when W0 has a
/// closure and no plan fits W0. Throws when an instance is too large to enumerate quickly.
/// </summary>
public static class BruteForce
{
    public const long StepLimit = 3_000_000;

    public static BruteForceResult Solve(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var firstPlan = request.Kept.Count == 0 && request.Previous.Count == 0;
        if (firstPlan && request.Linacs.Any(l => l.BeamGroup is not null))
        {
            // A first plan in one beam group: the best over the groups, the widening decided by the whole center's closures.
            var closures = Spec.ClosureDatesInW0(request).Count;
            BruteForceResult? best = null;
            foreach (var group in request.Linacs.Select(l => Spec.GroupOf(request, l.Id)).Distinct().Where(g => request.BeamGroup is null || g == request.BeamGroup))
            {
                var found = SolveIn(request with { Linacs = [.. request.Linacs.Where(l => Spec.GroupOf(request, l.Id) == group)] }, closures);
                if (found.IsFeasible && (best is not { Key: { } b } || found.Key!.Value < b))
                {
                    best = found;
                }
            }

            return best ?? new BruteForceResult(null, null, false, 0);
        }

        return SolveIn(request, null);
    }

    private static BruteForceResult SolveIn(PlanRequest request, int? centerClosures)
    {
        if (request.Patient.Arm != 2 || request.AllowProtocolDeviation)
        {
            throw new ArgumentException("The brute force knows first plans and re-plans of arm 2 inside the window only.", nameof(request));
        }

        var dayOne = request.Patient.DayOne;
        if (Spec.EarliestSimulationDay(request) is not { } simulation || request.Linacs.Count == 0)
        {
            return new BruteForceResult(null, null, false, 0);
        }

        var narrow = new Search(request, Spec.W0Start(dayOne), Spec.W0End(dayOne), simulation, widened: false).Run();
        if (narrow.IsFeasible || (centerClosures ?? Spec.ClosureDatesInW0(request).Count) == 0)
        {
            return narrow;
        }

        var wide = new Search(request, Spec.WideStart(dayOne), Spec.WideEnd(dayOne), simulation, widened: true).Run();
        return wide with { Steps = wide.Steps + narrow.Steps };
    }

    private sealed class Cell(GridSlot slot, int id, bool usable)
    {
        public GridSlot Slot { get; } = slot;
        public int Id { get; } = id;
        public bool Usable { get; } = usable;
        public KeptFraction? Kept { get; set; }
        public int KeptLesion { get; set; } = -1;
    }

    private sealed record Choice(int Linac, int RunStart, int[] Lesions);

    private sealed record Entry(PlanKey? Key, Choice? Choice);

    private sealed class Search
    {
        private readonly PlanRequest request;
        private readonly bool widened;
        private readonly List<string> lesions;
        private readonly List<LocalDate> dates = [];
        private readonly List<List<Cell>[]> cells = [];
        private readonly List<GridSlot> slotsById = [];
        private readonly int[,] keptAfter;
        private readonly Instant[] earliestFrom;
        private readonly Dictionary<(long, long), Entry> memo = [];
        private readonly bool keptImpossible;
        private long steps;

        public Search(PlanRequest request, LocalDate start, LocalDate end, LocalDate simulation, bool widened)
        {
            this.request = request;
            this.widened = widened;
            lesions = [.. request.Patient.Lesions.Select(l => l.Id)];
            if (lesions.Count is < 1 or > 5)
            {
                throw new ArgumentException("1..5 lesions", nameof(request));
            }

            var zone = request.Center.Zone;
            foreach (var date in Spec.Days(start, end).Where(d => d > simulation && (request.Center.IsOpen(d) || request.Linacs.Any(l => l.Openings.Any(o => o.Date == d)))))
            {
                var perLinac = new List<Cell>[request.Linacs.Count];
                for (var l = 0; l < request.Linacs.Count; l++)
                {
                    var linac = request.Linacs[l];
                    perLinac[l] = [];
                    foreach (var slot in Spec.DaySlots(request, linac, date))
                    {
                        var usable = !Spec.IsDown(linac, slot.LocalStart, slot.LocalEnd)
                            && !Spec.IsBooked(request, linac.Id, slot.Start, slot.End)
                            && Spec.PatientCan(request, slot.LocalStart, slot.LocalEnd);
                        perLinac[l].Add(new Cell(slot, slotsById.Count, usable));
                        slotsById.Add(slot);
                    }
                }

                dates.Add(date);
                cells.Add(perLinac);
            }

            if (slotsById.Count > 254)
            {
                throw new InvalidOperationException($"{slotsById.Count} slots: too large for the brute force");
            }

            earliestFrom = new Instant[dates.Count + 1];
            earliestFrom[dates.Count] = Instant.MaxValue;
            for (var i = dates.Count - 1; i >= 0; i--)
            {
                var starts = cells[i].SelectMany(c => c).Select(c => c.Slot.Start).ToList();
                earliestFrom[i] = starts.Count == 0 ? earliestFrom[i + 1] : Instant.Min(starts.Min(), earliestFrom[i + 1]);
            }

            keptAfter = new int[lesions.Count, dates.Count + 1];
            keptImpossible = !PlaceKept();
        }

        public BruteForceResult Run()
        {
            if (keptImpossible)
            {
                return new BruteForceResult(null, null, widened, steps);
            }

            var counts = new int[lesions.Count];
            var last = Enumerable.Repeat(-1, lesions.Count).ToArray();
            var best = Best(0, -1, counts, last);
            if (best.Key is null)
            {
                return new BruteForceResult(null, null, widened, steps);
            }

            return new BruteForceResult(best.Key, Witness(), widened, steps);
        }

        /// <summary>Puts each kept fraction in its cell; false when one cannot be a fraction of any plan.</summary>
        private bool PlaceKept()
        {
            var ok = true;
            foreach (var kept in request.Kept)
            {
                var lesion = lesions.IndexOf(kept.LesionId);
                var linac = request.Linacs.ToList().FindIndex(l => l.Id == kept.LinacId);
                var dateIndex = dates.IndexOf(Spec.LocalDate(request, kept.Start));
                var cell = lesion < 0 || linac < 0 || dateIndex < 0
                    ? null
                    : cells[dateIndex][linac].FirstOrDefault(c => c.Slot.Start == kept.Start && c.Slot.End == kept.End);
                if (cell is null || cell.Kept is not null || !cell.Usable)
                {
                    ok = false;
                    continue;
                }

                cell.Kept = kept;
                cell.KeptLesion = lesion;
                for (var d = 0; d < dateIndex; d++)
                {
                    keptAfter[lesion, d]++;
                }
            }

            foreach (var lesion in lesions)
            {
                ok &= request.Kept.Count(k => k.LesionId == lesion) <= Spec.FractionsPerLesion;
            }

            return ok;
        }

        private IEnumerable<Cell> KeptOn(int dateIndex) =>
            dateIndex < cells.Count ? cells[dateIndex].SelectMany(c => c).Where(c => c.Kept is not null) : [];

        private bool IsUsableForNew(Cell cell) =>
            cell.Usable && cell.Kept is null && (request.NotBefore is not { } notBefore || cell.Slot.Start > notBefore);

        private bool GapOk(int lastId, Instant start) => lastId < 0 || start - slotsById[lastId].Start >= Spec.MinGap;

        /// <summary>
        /// A last start that every slot from date <paramref name="i"/> on is 48 h past constrains nothing
        /// any more: forgetting it (-1) merges states without changing which plans exist.
        /// </summary>
        private int[] Forget(int i, int[] last) =>
            [.. last.Select(id => id >= 0 && earliestFrom[i] - slotsById[id].Start >= Spec.MinGap ? -1 : id)];

        private Entry Best(int i, int first, int[] counts, int[] last)
        {
            if (i == dates.Count)
            {
                return new Entry(null, null);
            }

            last = Forget(i, last);
            var key = StateKey(i, first, counts, last);
            if (memo.TryGetValue(key, out var known))
            {
                return known;
            }

            Entry best = new(null, null);
            for (var j = 0; j < counts.Length; j++)
            {
                if (Spec.FractionsPerLesion - counts[j] > dates.Count - i)
                {
                    memo[key] = best;
                    return best;
                }
            }

            foreach (var choice in Choices(i, counts, last))
            {
                if (++steps > StepLimit)
                {
                    throw new InvalidOperationException("Too many steps: instance too large for the brute force");
                }

                var candidate = Follow(i, first, counts, last, choice);
                if (candidate is { } found && (best.Key is not { } current || found < current))
                {
                    best = new Entry(found, choice);
                }
            }

            memo[key] = best;
            return best;
        }

        /// <summary>The best key (with visits from date <paramref name="i"/> on) after taking <paramref name="choice"/>.</summary>
        private PlanKey? Follow(int i, int first, int[] counts, int[] last, Choice choice)
        {
            if (choice.Lesions.Length == 0)
            {
                return Best(i + 1, first, counts, last).Key;
            }

            var (nextCounts, nextLast) = Apply(i, counts, last, choice);
            var nextFirst = first < 0 ? i : first;
            if (nextCounts.All(c => c == Spec.FractionsPerLesion))
            {
                var dayOne = request.Patient.DayOne;
                var firstDate = dates[nextFirst];
                var deviation = Math.Max(0, Spec.DaysBetween(firstDate, dayOne)) + Math.Max(0, Spec.DaysBetween(Spec.W0End(dayOne), dates[i]));
                return new PlanKey(deviation, Spec.DaysBetween(firstDate, dates[i]) + 1, 1);
            }

            return Best(i + 1, nextFirst, nextCounts, nextLast).Key is { } rest ? rest with { Visits = rest.Visits + 1 } : null;
        }

        private (int[] Counts, int[] Last) Apply(int i, int[] counts, int[] last, Choice choice)
        {
            var nextCounts = (int[])counts.Clone();
            var nextLast = (int[])last.Clone();
            var run = cells[i][choice.Linac];
            for (var p = 0; p < choice.Lesions.Length; p++)
            {
                var lesion = choice.Lesions[p];
                nextCounts[lesion]++;
                nextLast[lesion] = run[choice.RunStart + p].Id;
            }

            return (nextCounts, nextLast);
        }

        /// <summary>Every legal visit on date <paramref name="i"/> (and "no visit" when nothing is kept that day).</summary>
        private IEnumerable<Choice> Choices(int i, int[] counts, int[] last)
        {
            var kept = KeptOn(i).ToList();
            var keptLinacs = kept.Select(c => c.Slot.LinacId).Distinct().ToList();
            if (keptLinacs.Count > 1)
            {
                yield break;
            }

            if (kept.Count == 0)
            {
                yield return new Choice(0, 0, []);
            }

            var keptToday = kept.Select(c => c.KeptLesion).ToHashSet();
            var eligible = Enumerable.Range(0, counts.Length)
                .Where(j => !keptToday.Contains(j) && counts[j] + 1 + keptAfter[j, i] <= Spec.FractionsPerLesion)
                .ToList();
            for (var l = 0; l < request.Linacs.Count; l++)
            {
                if (keptLinacs.Count == 1 && request.Linacs[l].Id != keptLinacs[0])
                {
                    continue;
                }

                var day = cells[i][l];
                for (var s = 0; s < day.Count; s++)
                {
                    for (var length = 1; length <= request.MaxFractionsPerDay && s + length <= day.Count; length++)
                    {
                        if (length > 1 && day[s + length - 1].Slot.Start != day[s + length - 2].Slot.End)
                        {
                            break;
                        }

                        var run = day.GetRange(s, length);
                        if (kept.Any(k => !run.Contains(k)))
                        {
                            continue;
                        }

                        foreach (var order in Fill(run, 0, eligible, last, new int[length], []))
                        {
                            yield return new Choice(l, s, order);
                        }
                    }
                }
            }
        }

        /// <summary>Every assignment of lesions to the run's slots: kept slots fixed, others distinct eligible lesions, gaps checked.</summary>
        private IEnumerable<int[]> Fill(List<Cell> run, int position, List<int> eligible, int[] last, int[] order, HashSet<int> used)
        {
            if (position == run.Count)
            {
                yield return (int[])order.Clone();
                yield break;
            }

            var cell = run[position];
            if (cell.Kept is not null)
            {
                if (GapOk(last[cell.KeptLesion], cell.Slot.Start))
                {
                    order[position] = cell.KeptLesion;
                    foreach (var done in Fill(run, position + 1, eligible, last, order, used))
                    {
                        yield return done;
                    }
                }

                yield break;
            }

            if (!IsUsableForNew(cell))
            {
                yield break;
            }

            foreach (var lesion in eligible)
            {
                if (used.Contains(lesion) || !GapOk(last[lesion], cell.Slot.Start))
                {
                    continue;
                }

                order[position] = lesion;
                used.Add(lesion);
                foreach (var done in Fill(run, position + 1, eligible, last, order, used))
                {
                    yield return done;
                }

                used.Remove(lesion);
            }
        }

        private static (long, long) StateKey(int i, int first, int[] counts, int[] last)
        {
            long packed = 0;
            for (var j = 0; j < counts.Length; j++)
            {
                packed = (packed << 11) | ((long)counts[j] << 8) | (long)(last[j] + 1);
            }

            return (((long)i << 8) | (long)(first + 1), packed);
        }

        private Plan Witness()
        {
            var fractions = new List<PlannedFraction>();
            var counts = new int[lesions.Count];
            var last = Enumerable.Repeat(-1, lesions.Count).ToArray();
            var first = -1;
            for (var i = 0; i < dates.Count && counts.Any(c => c < Spec.FractionsPerLesion); i++)
            {
                last = Forget(i, last);
                var choice = memo[StateKey(i, first, counts, last)].Choice!;
                var run = cells[i][choice.Linac];
                for (var p = 0; p < choice.Lesions.Length; p++)
                {
                    var cell = run[choice.RunStart + p];
                    fractions.Add(cell.Kept is { } kept
                        ? PlanFactory.FromKept(request, kept)
                        : PlanFactory.Fraction(request, lesions[choice.Lesions[p]], cell.Slot.LinacId, cell.Slot.Start, cell.Slot.End));
                }

                if (choice.Lesions.Length > 0)
                {
                    first = first < 0 ? i : first;
                }

                (counts, last) = Apply(i, counts, last, choice);
            }

            return PlanFactory.Build(request, fractions, widened);
        }
    }
}
