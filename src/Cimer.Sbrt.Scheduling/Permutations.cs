namespace Cimer.Sbrt.Scheduling;

/// <summary>Every order of 0..k-1 for k up to 5: the orders a visit of k lesions may take, built once.</summary>
internal static class Permutations
{
    /// <summary>Indexed by k; each entry lists the k! orders.</summary>
    public static readonly int[][][] OfSize = [.. Enumerable.Range(0, 6).Select(Build)];

    private static int[][] Build(int k)
    {
        var result = new List<int[]>();
        Permute([.. Enumerable.Range(0, k)], 0, result);
        return [.. result];
    }

    private static void Permute(int[] items, int at, List<int[]> result)
    {
        if (at == items.Length)
        {
            result.Add([.. items]);
            return;
        }

        for (var i = at; i < items.Length; i++)
        {
            (items[at], items[i]) = (items[i], items[at]);
            Permute(items, at + 1, result);
            (items[at], items[i]) = (items[i], items[at]);
        }
    }
}
