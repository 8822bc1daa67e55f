using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// On PostgreSQL, this instance's life as the other instances can see it: a session advisory lock
/// <c>(</c><see cref="Namespace"/><c>, </c><see cref="Owner"/><c>)</c> held on a connection of its own, outside
/// the pool, for as long as the process lives. A process killed with kill -9 closes that connection and
/// PostgreSQL releases the lock at once; a machine that vanishes is noticed by the server's TCP keepalives
/// (set on the session, about a minute). What the instance claims in the database for the length of a
/// request (a key in flight, <c>idempotency.owner</c>) names its <see cref="Owner"/>, so a claim whose owner's
/// lock is gone is known dead without waiting out its lease. On SQLite there is one process and nothing to say.
/// </summary>
internal sealed partial class InstanceLiveness(IOptions<DatabaseOptions> options, ILogger<InstanceLiveness> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The lock's first key: "SBRT" in ASCII.</summary>
    public const int Namespace = 0x5342_5254;

    /// <summary>How often the held connection is asked whether it is still there, and how soon a lost one is retaken.</summary>
    private static readonly TimeSpan Beat = TimeSpan.FromSeconds(10);

    // Session settings: the server drops the connection of a peer silent for 30 s plus 3 probes 10 s apart.
    private const string Keepalives = "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3;";

    private readonly CancellationTokenSource stopping = new();
    private Task? beating;
    private volatile int owner = -1;

    /// <summary>The second key of the lock this instance holds now, or null while it holds none (SQLite; the database unreachable).</summary>
    public int? Owner => owner >= 0 ? owner : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        // Held before the service answers its first request, unless the database cannot be reached yet.
        NpgsqlConnection? first = null;
        try
        {
            first = await HoldAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            NotHeldAtStart(exception, Beat);
        }

        beating = BeatAsync(first, stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (beating is not null)
        {
            await beating.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // Stopped again when the container goes (a host disposed without stopping closes the connection too).
    // The token source has no timer, so it is left to the collector: a second stop still finds it.
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task BeatAsync(NpgsqlConnection? held, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                held ??= await HoldAsync(ct);
                await Task.Delay(Beat, ct);
                await held.ExecuteAsync(new CommandDefinition("SELECT 1", cancellationToken: ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The lock went with the connection: claims made from now on say no owner (the lease alone)
                // until it is held again.
                owner = -1;
                Lost(exception, Beat);
                if (held is not null)
                {
                    await held.DisposeAsync();
                    held = null;
                }

                await Task.Delay(Beat, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        owner = -1;
        if (held is not null)
        {
            await held.DisposeAsync();
        }
    }

    /// <summary>Opens the connection and takes a lock no live instance holds (a random second key, drawn again while taken).</summary>
    private async Task<NpgsqlConnection> HoldAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString) { Pooling = false, ApplicationName = "cimer-sbrt liveness" };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(Keepalives, cancellationToken: ct));
            var candidate = Random.Shared.Next();
            while (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                       "SELECT pg_try_advisory_lock(@Namespace, @candidate)", new { Namespace, candidate }, cancellationToken: ct)))
            {
                candidate = Random.Shared.Next();
            }

            owner = candidate;
            Holding(Namespace, candidate);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take the instance's liveness lock at start; retrying every {Beat}")]
    private partial void NotHeldAtStart(Exception exception, TimeSpan beat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The instance's liveness connection was lost; retaking the lock in {Beat}")]
    private partial void Lost(Exception exception, TimeSpan beat);

    [LoggerMessage(Level = LogLevel.Information, Message = "Holding the instance's liveness lock ({Namespace}, {Owner})")]
    private partial void Holding(int @namespace, int owner);
}
