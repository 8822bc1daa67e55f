using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// The service in memory over a real SQLite file in its own temp folder, with a fixed clock that
/// tests move on. One per test class (xUnit class fixture); a restart test makes a second one on
/// the same file.
/// </summary>
public sealed class SbrtApp : WebApplicationFactory<Program>
{
    /// <summary>Two weeks and a bit before the usual day 1 (Monday 2026-12-07).</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 12, 0);

    private readonly bool ownsFolder;
    private readonly IReadOnlyDictionary<string, string?> settings;

    public SbrtApp()
        : this(NewDatabasePath(), ownsFolder: true, new Dictionary<string, string?>())
    {
    }

    private SbrtApp(string databasePath, bool ownsFolder, IReadOnlyDictionary<string, string?> settings)
    {
        DatabasePath = databasePath;
        this.ownsFolder = ownsFolder;
        this.settings = settings;
    }

    public string DatabasePath { get; }

    /// <summary>An app on an existing database file, which it leaves in place when disposed.</summary>
    public static SbrtApp OnFile(string databasePath, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(databasePath, ownsFolder: false, settings ?? new Dictionary<string, string?>());

    /// <summary>An app on a new database file with configuration of its own (e.g. <c>Webhooks:PollInterval</c>).</summary>
    public static SbrtApp WithSettings(IReadOnlyDictionary<string, string?> settings) => new(NewDatabasePath(), ownsFolder: true, settings);

    public FakeClock Clock { get; } = new(Start);

    /// <summary>A client for one test; the clock starts over at <see cref="Start"/> for each.</summary>
    public Client Api()
    {
        Clock.Reset(Start);
        return new Client(CreateClient(), Clock);
    }

    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        return connection;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Sbrt", $"Data Source={DatabasePath}");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<IClock>(Clock));
    }

    private static string NewDatabasePath() =>
        Path.Combine(Directory.CreateTempSubdirectory("cimer-sbrt-tests-").FullName, "cimer-sbrt.db");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (disposing && ownsFolder)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }
}
