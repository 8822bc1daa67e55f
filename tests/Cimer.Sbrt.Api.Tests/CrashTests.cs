using System.Diagnostics;
using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// The built service as a child process (see <see cref="ServiceProcess"/>), killed with kill -9 at
/// random moments while four clients write to it, twenty times over on one database file. After
/// each kill the file is checked directly, and after each restart every request whose answer was
/// lost is retried with its Idempotency-Key.
/// </summary>
[Collection(Reliability.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Rounds = 20, Writers = 4;

    [Fact(Timeout = 300_000)]
    public async Task KilledAtRandomMomentsDuringWrites_KeepsEveryAcknowledgedWriteAndNothingHalfDone()
    {
        var folder = Directory.CreateTempSubdirectory("cimer-sbrt-crash-").FullName;
        var world = new CrashWorld(Path.Combine(folder, "crash.db"));
        var random = new Random(20261207);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                await using (var service = await ServiceProcess.StartAsync(world.DatabasePath))
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

                world.CheckTheFile();
            }

            await using var last = await ServiceProcess.StartAsync(world.DatabasePath);
            await world.CheckThroughTheServiceAsync(CrashWorld.Client(last.Address));
            output.WriteLine($"{Rounds} kills in {clock.Elapsed.TotalSeconds:0.0} s: {world.Summary}");
            Assert.Empty(world.Unexpected);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
