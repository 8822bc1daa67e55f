using System.Diagnostics;
using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// The built service as a child process (see <see cref="ServiceProcess"/>), killed with kill -9 at
/// random moments while four clients write to it, twenty times over on one database (a file, or a
/// PostgreSQL database in <see cref="CrashOnPostgresTests"/>, whose server lives on). After each kill
/// the database is checked directly, and after each restart every request whose answer was lost is
/// retried with its Idempotency-Key.
/// </summary>
[Collection(Reliability.Name)]
public class CrashTests(ITestOutputHelper output)
{
    private const int Rounds = 20, Writers = 4;

    [ProviderFact(Timeout = 300_000)]
    public async Task KilledAtRandomMomentsDuringWrites_KeepsEveryAcknowledgedWriteAndNothingHalfDone()
    {
        using var database = KeptDatabase.For(this, "cimer-sbrt-crash-");
        var world = new CrashWorld(database);
        var random = new Random(20261207);
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            await using (var service = await ServiceProcess.StartAsync(database.Path, database.ServiceEnvironment))
            {
                using var http = CrashWorld.Client(service.Address);
                if (round == 0)
                {
                    await world.SetUpAsync(http);
                }

                await world.RetryUnansweredAsync(http);
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Writers).Select(w => world.WriteAsync(http, new Random(round * Writers + w), stop.Token)).ToList();
                await Task.Delay(random.Next(100, 700));
                service.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            world.CheckTheDatabase();
        }

        await using var last = await ServiceProcess.StartAsync(database.Path, database.ServiceEnvironment);
        await world.CheckThroughTheServiceAsync(CrashWorld.Client(last.Address));
        output.WriteLine($"{Rounds} kills in {clock.Elapsed.TotalSeconds:0.0} s: {world.Summary}");
        Assert.Empty(world.Unexpected);
    }
}
