
namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// Commits a request's change together with what the request answers. While one is open in the
/// current async flow (the idempotency middleware opens one per keyed POST),
/// <see cref="Database.WriteAsync{T}"/> hands its transaction over instead of committing it, still
/// holding the write gate; <see cref="CommitAsync"/> then writes the answer in that same
/// transaction and commits both, or <see cref="RollbackAsync"/> drops both.
/// </summary>
internal sealed class DeferredCommit : IAsyncDisposable
{
    private static readonly AsyncLocal<DeferredCommit?> Ambient = new();

    private DbConnection? connection;
    private DbTransaction? transaction;
    private Action? releaseGate;
    private List<Func<Task>>? afterCommit;
    private bool closed;

    public static DeferredCommit? Current => Ambient.Value;

    /// <summary>True while it holds a write's open transaction (and so the write gate).</summary>
    public bool HoldsTransaction => transaction is not null;

    /// <summary>Opens one for the rest of the calling async flow.</summary>
    public static DeferredCommit Open()
    {
        var deferred = new DeferredCommit();
        Ambient.Value = deferred;
        return deferred;
    }

    /// <summary>Takes over a write's open transaction and the release of its gate; false when closed or already holding one.</summary>
    public bool TryAdopt(DbConnection openConnection, DbTransaction openTransaction, Action release)
    {
        if (closed || transaction is not null)
        {
            return false;
        }

        (connection, transaction, releaseGate) = (openConnection, openTransaction, release);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the held transaction has committed (what code inside the
    /// request would otherwise do right after its write, such as waking a job); never on a rollback.
    /// </summary>
    public void AfterCommit(Func<Task> action) => (afterCommit ??= []).Add(action);

    /// <summary>Runs <paramref name="last"/> in the held transaction and commits; holding none, in a write of its own.</summary>
    public async Task CommitAsync(Database database, Func<DbConnection, DbTransaction, Task> last, CancellationToken ct)
    {
        closed = true;
        if (transaction is null)
        {
            await database.WriteAsync(last, ct);
            return;
        }

        try
        {
            await last(connection!, transaction);
            await transaction.CommitAsync(CancellationToken.None);
        }
        finally
        {
            await ReleaseAsync();
        }

        foreach (var action in afterCommit ?? [])
        {
            await action();
        }
    }

    /// <summary>Drops whatever write it holds: the request failed after writing.</summary>
    public ValueTask RollbackAsync()
    {
        closed = true;
        return ReleaseAsync();
    }

    public ValueTask DisposeAsync() => RollbackAsync();

    private async ValueTask ReleaseAsync()
    {
        if (transaction is null)
        {
            return;
        }

        // Disposing a transaction that was not committed rolls it back.
        await transaction.DisposeAsync();
        await connection!.DisposeAsync();
        (transaction, connection) = (null, null);
        var release = releaseGate;
        releaseGate = null;
        release?.Invoke();
    }
}
