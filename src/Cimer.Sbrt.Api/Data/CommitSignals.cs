using System.Data;
using System.Runtime.CompilerServices;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// What a transaction asks to be told once it has committed, and never when it rolls back: static
/// code inside a read-decide-write (the outbox) raises a signal on its transaction, and
/// <see cref="Database"/> hands the signals of a committed transaction to every <see cref="ICommitListener"/>.
/// </summary>
internal static class CommitSignals
{
    private static readonly ConditionalWeakTable<IDbTransaction, HashSet<string>> Raised = [];

    public static void Raise(IDbTransaction transaction, string signal)
    {
        var signals = Raised.GetOrCreateValue(transaction);
        lock (signals)
        {
            signals.Add(signal);
        }
    }

    /// <summary>The signals raised on <paramref name="transaction"/>, forgotten once taken.</summary>
    public static IReadOnlyCollection<string> Take(IDbTransaction transaction) =>
        Raised.TryGetValue(transaction, out var signals) && Raised.Remove(transaction) ? signals : [];
}

/// <summary>Told, after a commit, which signals its transaction raised.</summary>
internal interface ICommitListener
{
    void Committed(IReadOnlyCollection<string> signals);
}
