using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>The re-plan brute force's answer: the best key and one plan that reaches it, or infeasible.</summary>
public sealed record ReplanBruteForceResult(ReplanKey? Key, Plan? Witness, long Steps)
{
    public bool IsFeasible => Key is not null;

    public override string ToString() => Key is { } key ? key.ToString() : "infeasible";
}

/// <summary>
/// An exhaustive enumerator for small re-plans, independent of the solver (it never calls it) and of
/// <see cref="BruteForce"/>. A plan is, for every open date from the earliest allowed date to the last
/// one (D1+19 when a protocol deviation is allowed), nothing or one visit: a linac, a run of
/// consecutive slots (at most the daily cap, kept fractions inside it) and which lesion takes each
/// slot. Every such plan is scored by <see cref="ReplanKey"/>: days past the allowed window and
/// window deviation from its first and last dates, unforced moves summed date by date (a previous
/// fraction that may stay and is not in the plan in its slot, for its lesion), span and visits.
/// The key is a sum of per-date terms plus terms of the first and last dates, so the best suffix
/// from (date, first date used, each lesion's count and binding last start) is the same whatever
/// came before: that state is memoised. Throws when an instance is too large to enumerate quickly.
/// </summary>
public static class ReplanBruteForce
{
    public const long StepLimit = 4_000_000;

    public static ReplanBruteForceResult Solve(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Patient.Arm != 2)
        {
            throw new ArgumentException("The re-plan brute force knows arm 2 only.", nameof(request));
        }

        if (Spec.EarliestSimulationDay(request) is not { } simulation || request.Linacs.Count == 0)
        {
            return new ReplanBruteForceResult(null, null, 0);
        }

        return new Search(request, simulation).Run();
    }

    private sealed class Cell(GridSlot slot, int id, bool usable)
    {
        public GridSlot Slot { get; } = slot;
        public int Id { get; } = id;
        public bool Usable { get; } = usable;
        public KeptFraction? Kept { get; set; }
        public int KeptLesion { get; set; } = -1;

        /// <summary>Lesions whose previous fraction may stay in this slot (normally none or one).</summary>
        public List<int> Stayers { get; } = [];
    }

    private sealed record Choice(int Linac, int RunStart, int[] Lesions);

    private sealed record Entry(ReplanKey? Key, Choice? Choice);

    private sealed class Search
    {
        private readonly PlanRequest request;
        private readonly List<string> lesions;
        private readonly List<LocalDate> dates = [];
        private readonly List<List<Cell>[]> cells = [];
        private readonly List<GridSlot> slotsById = [];
        private readonly int[,] keptAfter;
        private readonly Instant[] earliestFrom;
        private readonly int[] stayersOn;
        private readonly int[] stayersFrom;
        private readonly int[] chainFrom;
        private readonly Dictionary<(long, long), Entry> memo = [];
        private readonly bool keptImpossible;
        private readonly int stayersOutside;
        private readonly LocalDate allowedEnd;
        private long steps;

        public Search(PlanRequest request, LocalDate simulation)
        {
            this.request = request;
            lesions = [.. request.Patient.Lesions.Select(l => l.Id)];
            if (lesions.Count is < 1 or > 5)
            {
                throw new ArgumentException("1..5 lesions", nameof(request));
            }

            allowedEnd = ReplanSpec.AllowedEnd(request);
            var zone = request.Center.Zone;
            foreach (var date in Spec.Days(ReplanSpec.AllowedStart(request), ReplanSpec.LastDate(request)).Where(d => d > simulation && request.Center.IsOpen(d)))
            {
                var perLinac = new List<Cell>[request.Linacs.Count];
                for (var l = 0; l < request.Linacs.Count; l++)
                {
                    var linac = request.Linacs[l];
                    perLinac[l] = [];
                    foreach (var slot in Spec.Slots(linac, date, zone))
                    {
                        var usable = !Spec.IsDown(linac, slot.LocalStart, slot.LocalEnd) && !Spec.IsBooked(request, linac.Id, slot.Start, slot.End);
                        perLinac[l].Add(new Cell(slot, slotsById.Count, usable));
                        slotsById.Add(slot);
                    }
                }

                dates.Add(date);
                cells.Add(perLinac);
            }

            if (slotsById.Count > 254 || dates.Count > 254)
            {
                throw new InvalidOperationException($"{slotsById.Count} slots: too large for the re-plan brute force");
            }

            earliestFrom = new Instant[dates.Count + 1];
            earliestFrom[dates.Count] = Instant.MaxValue;
            chainFrom = new int[dates.Count + 2];
            for (var i = dates.Count - 1; i >= 0; i--)
            {
                var starts = cells[i].SelectMany(c => c).Select(c => c.Slot.Start).ToList();
                earliestFrom[i] = starts.Count == 0 ? earliestFrom[i + 1] : Instant.Min(starts.Min(), earliestFrom[i + 1]);

                // Fractions 48 h apart fall on dates at least two calendar days apart: the longest such chain bounds what a lesion can still get.
                var next = i + 1;
                while (next < dates.Count && Spec.DaysBetween(dates[i], dates[next]) < 2)
                {
                    next++;
                }

                chainFrom[i] = Math.Max(chainFrom[i + 1], 1 + chainFrom[next]);
            }

            keptAfter = new int[lesions.Count, dates.Count + 1];
            keptImpossible = !PlaceKept();
            stayersOutside = PlaceStayers();
            stayersOn = [.. cells.Select(day => day.SelectMany(c => c).Sum(c => c.Stayers.Count))];
            stayersFrom = new int[dates.Count + 1];
            for (var i = dates.Count - 1; i >= 0; i--)
            {
                stayersFrom[i] = stayersFrom[i + 1] + stayersOn[i];
            }
        }

        public ReplanBruteForceResult Run()
        {
            if (keptImpossible)
            {
                return new ReplanBruteForceResult(null, null, steps);
            }

            var best = Best(0, -1, new int[lesions.Count], [.. Enumerable.Repeat(-1, lesions.Count)]);
            if (best.Key is not { } key)
            {
                return new ReplanBruteForceResult(null, null, steps);
            }

            return new ReplanBruteForceResult(key with { UnforcedMoves = key.UnforcedMoves + stayersOutside }, Witness(), steps);
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

            return ok && lesions.All(l => request.Kept.Count(k => k.LesionId == l) <= Spec.FractionsPerLesion);
        }

        /// <summary>Marks the slots previous fractions may stay in; returns how many of those lie outside the dates searched (moved whatever the plan).</summary>
        private int PlaceStayers()
        {
            var outside = 0;
            foreach (var p in ReplanSpec.Unforced(request))
            {
                var dateIndex = dates.IndexOf(Spec.LocalDate(request, p));
                var linac = request.Linacs.ToList().FindIndex(l => l.Id == p.LinacId);
                var cell = dateIndex < 0 ? null : cells[dateIndex][linac].FirstOrDefault(c => c.Slot.Start == p.Start.ToInstant());
                if (cell is null)
                {
                    outside++;
                    continue;
                }

                if (!cell.Usable || cell.Kept is not null)
                {
                    throw new InvalidOperationException("ReplanSpec called a previous fraction unforced in a slot the brute force cannot use");
                }

                cell.Stayers.Add(lesions.IndexOf(p.LesionId));
            }

            return outside;
        }

        private IEnumerable<Cell> KeptOn(int dateIndex) => cells[dateIndex].SelectMany(c => c).Where(c => c.Kept is not null);

        private bool IsUsableForNew(Cell cell) =>
            cell.Usable && cell.Kept is null && (request.NotBefore is not { } notBefore || cell.Slot.Start > notBefore);

        private bool GapOk(int lastId, Instant start) => lastId < 0 || start - slotsById[lastId].Start >= Spec.MinGap;

        /// <summary>A last start that every slot from date <paramref name="i"/> on is 48 h past constrains nothing: forget it.</summary>
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
                if (Spec.FractionsPerLesion - counts[j] > chainFrom[i])
                {
                    memo[key] = best;
                    return best;
                }
            }

            foreach (var choice in Choices(i, counts, last))
            {
                if (++steps > StepLimit)
                {
                    throw new InvalidOperationException("Too many steps: instance too large for the re-plan brute force");
                }

                if (Follow(i, first, counts, last, choice) is { } found && (best.Key is not { } current || found < current))
                {
                    best = new Entry(found, choice);
                }
            }

            memo[key] = best;
            return best;
        }

        /// <summary>The best key from date <paramref name="i"/> on (moves and visits counted from <paramref name="i"/>) after <paramref name="choice"/>.</summary>
        private ReplanKey? Follow(int i, int first, int[] counts, int[] last, Choice choice)
        {
            var moved = stayersOn[i] - Matched(i, choice);
            if (choice.Lesions.Length == 0)
            {
                return Best(i + 1, first, counts, last).Key is { } skip ? skip with { UnforcedMoves = skip.UnforcedMoves + moved } : null;
            }

            var (nextCounts, nextLast) = Apply(i, counts, last, choice);
            var nextFirst = first < 0 ? i : first;
            if (nextCounts.All(c => c == Spec.FractionsPerLesion))
            {
                var dayOne = request.Patient.DayOne;
                var firstDate = dates[nextFirst];
                var lastDate = dates[i];
                var deviation = Math.Max(0, Spec.DaysBetween(firstDate, dayOne)) + Math.Max(0, Spec.DaysBetween(Spec.W0End(dayOne), lastDate));
                var past = Math.Max(0, Spec.DaysBetween(allowedEnd, lastDate));
                return new ReplanKey(past, deviation, moved + stayersFrom[i + 1], Spec.DaysBetween(firstDate, lastDate) + 1, 1);
            }

            return Best(i + 1, nextFirst, nextCounts, nextLast).Key is { } rest
                ? rest with { UnforcedMoves = rest.UnforcedMoves + moved, Visits = rest.Visits + 1 }
                : null;
        }

        /// <summary>Previous fractions on date <paramref name="i"/> that <paramref name="choice"/> keeps in their slot for their lesion.</summary>
        private int Matched(int i, Choice choice)
        {
            var matched = 0;
            var run = cells[i][choice.Linac];
            for (var p = 0; p < choice.Lesions.Length; p++)
            {
                matched += choice.Lesions[p] < 0 ? 0 : run[choice.RunStart + p].Stayers.Count(s => s == choice.Lesions[p]);
            }

            return matched;
        }

        private (int[] Counts, int[] Last) Apply(int i, int[] counts, int[] last, Choice choice)
        {
            var nextCounts = (int[])counts.Clone();
            var nextLast = (int[])last.Clone();
            var run = cells[i][choice.Linac];
            for (var p = 0; p < choice.Lesions.Length; p++)
            {
                var lesion = choice.Lesions[p];
                if (lesion < 0)
                {
                    continue;
                }

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
                // A date on which everything was delivered is history: a fraction missed mid-visit
                // leaves a hole (-1) that no rule asks anyone to fill.
                if (run.Where(c => c.Kept is not null).All(c => c.Kept!.Reason == KeptReason.Delivered)
                    && run.Take(position).Any(c => c.Kept is not null) && run.Skip(position).Any(c => c.Kept is not null))
                {
                    order[position] = -1;
                    foreach (var done in Fill(run, position + 1, eligible, last, order, used))
                    {
                        yield return done;
                    }
                }

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
                    if (choice.Lesions[p] < 0)
                    {
                        continue;
                    }

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

            var plan = PlanFactory.Build(request, fractions, widened: Spec.ClosureDatesInW0(request).Count > 0 && PlanKey.Of(request, fractions).DeviationDays > 0);
            var past = Math.Max(0, Spec.DaysBetween(allowedEnd, plan.Fractions.Max(f => Spec.LocalDate(request, f))));
            return past == 0 ? plan : plan with { ProtocolDeviation = new ProtocolDeviation(past, ReplanSpec.Causes(request).Required) };
        }
    }
}
