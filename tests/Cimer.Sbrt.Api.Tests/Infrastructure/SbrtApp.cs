using System.Net.Http.Headers;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// The service in memory over a real SQLite file in its own temp folder, with a fixed clock that
/// tests move on. One per test class (xUnit class fixture); a restart test makes a second one on
/// the same file. It trusts tokens from <see cref="Tokens"/>; <see cref="Api()"/> sends one with all
/// four roles.
/// </summary>
public class SbrtApp : WebApplicationFactory<Program>
{
    /// <summary>Two weeks and a bit before the usual day 1 (Monday 2026-12-07).</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 12, 0);

    private readonly bool ownsFolder;
    /// <summary>The service trusts the tokens <see cref="Tokens"/> mints; nightly jobs stay off unless a test turns them on.</summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Authentication:Schemes:Bearer:ValidIssuer"] = Tokens.Issuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Tokens.Audience,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Tokens.Issuer,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(Tokens.Key),
        ["Jobs:Enabled"] = "false",
    };

    private readonly string environment;

    private readonly Func<PostgresDatabases, string>? createPostgres;
    private readonly PostgresDatabases postgresDatabases = new();
    private string? postgresConnectionString;

    /// <summary>An app on a throwaway PostgreSQL database that <paramref name="create"/> makes the first time it is needed.</summary>
    protected SbrtApp(
        Func<PostgresDatabases, string> create, IReadOnlyDictionary<string, string>? settings = null, string environment = "Development", Action<IServiceCollection>? services = null)
        : this(Path.Combine(Directory.CreateTempSubdirectory("cimer-sbrt-tests-").FullName, "cimer-sbrt.db"), ownsFolder: true, settings, environment, services) =>
        createPostgres = create;

    /// <summary>True when this app runs on PostgreSQL (<see cref="PostgresSbrtApp"/>).</summary>
    public bool OnPostgres => createPostgres is not null;

    /// <summary>The PostgreSQL database's connection string, made on first use.</summary>
    public string PostgresConnectionString => postgresConnectionString ??= createPostgres!(postgresDatabases);

    public SbrtApp()
        : this(Path.Combine(Directory.CreateTempSubdirectory("cimer-sbrt-tests-").FullName, "cimer-sbrt.db"), ownsFolder: true)
    {
    }

    private readonly Action<IServiceCollection>? testServices;

    private SbrtApp(
        string databasePath, bool ownsFolder, IReadOnlyDictionary<string, string>? settings = null, string environment = "Development", Action<IServiceCollection>? testServices = null)
    {
        DatabasePath = databasePath;
        this.ownsFolder = ownsFolder;
        this.environment = environment;
        this.testServices = testServices;
        Settings = settings ?? new Dictionary<string, string>();
    }

    public string DatabasePath { get; }

    /// <summary>
    /// Configuration on top of the defaults. Nightly jobs are off unless a test turns them on
    /// (<c>Jobs:Enabled</c>): a real 21:00 must never fire into a test running on a fake clock.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>An app on an existing database file, which it leaves in place when disposed.</summary>
    public static SbrtApp OnFile(string databasePath, IReadOnlyDictionary<string, string>? settings = null) => new(databasePath, ownsFolder: false, settings);

    /// <summary>
    /// An app on a database of its own, with <paramref name="settings"/>, in <paramref name="environment"/>;
    /// <paramref name="services"/> replaces services after the app's own (e.g. the webhook resolver).
    /// </summary>
    public static SbrtApp With(IReadOnlyDictionary<string, string> settings, string environment = "Development", Action<IServiceCollection>? services = null) =>
        new(Path.Combine(Directory.CreateTempSubdirectory("cimer-sbrt-tests-").FullName, "cimer-sbrt.db"), ownsFolder: true, settings, environment, services);

    /// <summary>
    /// An app of <paramref name="test"/>'s own, as <see cref="With"/> makes one, on PostgreSQL when the test's class
    /// is an <see cref="IOnPostgres"/> one (a twin of a class that makes its apps itself), else on SQLite.
    /// </summary>
    public static SbrtApp For(object test, IReadOnlyDictionary<string, string>? settings = null, string environment = "Development", Action<IServiceCollection>? services = null) =>
        test is IOnPostgres ? PostgresSbrtApp.With(settings, environment, services) : With(settings ?? new Dictionary<string, string>(), environment, services);

    /// <summary>
    /// An app of a test's own, as <see cref="With"/> makes one, on a new database of this app's provider: so a
    /// test that needs other settings runs on PostgreSQL too when its class does.
    /// </summary>
    public SbrtApp Another(IReadOnlyDictionary<string, string>? settings = null, string environment = "Development", Action<IServiceCollection>? services = null) =>
        OnPostgres ? PostgresSbrtApp.With(settings, environment, services) : With(settings ?? new Dictionary<string, string>(), environment, services);

    public FakeClock Clock { get; } = new(Start);

    /// <summary>Set before the first client to receive every log message of the service, at every level.</summary>
    public LogCapture? Logs { get; set; }

    /// <summary>
    /// An app of its own served by Kestrel on a free port of 127.0.0.1, for a real browser or any
    /// client outside the process; <see cref="Address"/> starts it.
    /// </summary>
    public static SbrtApp Served(IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = With(settings ?? new Dictionary<string, string>());
        app.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        return app;
    }

    /// <summary>Where a <see cref="Served"/> app listens (http://127.0.0.1:port), starting it the first time.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new Uri(addresses.Single());
        }
    }

    /// <summary>
    /// A client for one test with a token carrying all four roles; the clock starts over at <paramref name="at"/>
    /// (default <see cref="Start"/>) for each, before the app starts when this is the first client.
    /// </summary>
    public Client Api(Instant? at = null) => Api(Tokens.Mint(Tokens.AllRoles), at);

    /// <summary>A client that sends <paramref name="token"/> as its bearer token, or no token when null.</summary>
    public Client Api(string? token, Instant? at = null)
    {
        Clock.Reset(at ?? Start);
        var http = CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new Client(http, Clock);
    }

    /// <summary>An open connection to the app's database, whichever provider it runs on.</summary>
    public System.Data.Common.DbConnection OpenDatabase()
    {
        if (OnPostgres)
        {
            var postgres = new Npgsql.NpgsqlConnection(PostgresConnectionString);
            postgres.Open();
            return postgres;
        }

        return OpenSqlite();
    }

    /// <summary>The SQLite file itself, for what only SQLite can be asked.</summary>
    public SqliteConnection OpenSqlite()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Every row of every table, in a stable order, after a checkpoint, with a hash of the file
    /// itself: equal before and after means nothing was written.
    /// </summary>
    public string Fingerprint()
    {
        if (OnPostgres)
        {
            return PostgresFingerprint();
        }

        using var connection = OpenSqlite();
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        var text = new System.Text.StringBuilder();
        foreach (var table in connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;"))
        {
            text.Append("== ").AppendLine(table);
            using var reader = connection.ExecuteReader($"SELECT * FROM \"{table}\" ORDER BY rowid;");
            while (reader.Read())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                text.AppendLine(string.Join(" | ", values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        using var file = new FileStream(DatabasePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return text.Append("sha256 ").AppendLine(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file))).ToString();
    }

    /// <summary>Every row of every table of the service (not Quartz's), in a stable order.</summary>
    private string PostgresFingerprint()
    {
        using var connection = OpenDatabase();
        var text = new System.Text.StringBuilder();
        foreach (var table in connection.Query<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'qrtz%' ORDER BY table_name;"))
        {
            text.Append("== ").AppendLine(table);
            foreach (var row in connection.Query<string>($"SELECT r::text FROM \"{table}\" AS r ORDER BY r::text COLLATE \"C\";"))
            {
                text.AppendLine(row);
            }
        }

        return text.ToString();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        if (OnPostgres)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Sbrt", PostgresConnectionString);
            builder.UseSetting("DataProtection:KeysPath", Path.Combine(Path.GetDirectoryName(DatabasePath)!, "keys"));
        }
        else
        {
            builder.UseSetting("ConnectionStrings:Sbrt", $"Data Source={DatabasePath}");
        }

        // Added last, so they win over appsettings.Development.json and a developer's user-jwts secrets.
        var settings = new Dictionary<string, string?>(Defaults);
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IClock>(Clock);
            testServices?.Invoke(services);
        });
        if (Logs is { } logs)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (disposing && OnPostgres)
        {
            postgresDatabases.DisposeAsync().GetAwaiter().GetResult();
        }

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
