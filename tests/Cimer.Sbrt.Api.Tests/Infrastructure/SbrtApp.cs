using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// The service in memory over a real SQLite file in its own temp folder, with a fixed clock that
/// tests move on. One per test class (xUnit class fixture); a restart test makes a second one on
/// the same file. It trusts tokens from <see cref="Tokens"/>; <see cref="Api()"/> sends one with all
/// four roles.
/// </summary>
public sealed class SbrtApp : WebApplicationFactory<Program>
{
    /// <summary>Two weeks and a bit before the usual day 1 (Monday 2026-12-07).</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 12, 0);

    private readonly bool ownsFolder;
    private readonly Dictionary<string, string?> settings = new()
    {
        ["Authentication:Schemes:Bearer:ValidIssuer"] = Tokens.Issuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Tokens.Audience,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Tokens.Issuer,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(Tokens.Key),
    };

    private string environment = "Development";

    public SbrtApp()
        : this(Path.Combine(Directory.CreateTempSubdirectory("cimer-sbrt-tests-").FullName, "cimer-sbrt.db"), ownsFolder: true)
    {
    }

    private SbrtApp(string databasePath, bool ownsFolder)
    {
        DatabasePath = databasePath;
        this.ownsFolder = ownsFolder;
    }

    public string DatabasePath { get; }

    /// <summary>An app on an existing database file, which it leaves in place when disposed.</summary>
    public static SbrtApp OnFile(string databasePath) => new(databasePath, ownsFolder: false);

    /// <summary>An app with these settings over the test ones (e.g. a tiny rate limit), in <paramref name="environment"/>.</summary>
    public static SbrtApp With(IReadOnlyDictionary<string, string?> overrides, string environment = "Development")
    {
        var app = new SbrtApp { environment = environment };
        foreach (var (key, value) in overrides)
        {
            app.settings[key] = value;
        }

        return app;
    }

    public FakeClock Clock { get; } = new(Start);

    /// <summary>A client for one test with a token carrying all four roles; the clock starts over at <see cref="Start"/> for each.</summary>
    public Client Api() => Api(Tokens.Mint(Tokens.AllRoles));

    /// <summary>A client that sends <paramref name="token"/> as its bearer token, or no token when null.</summary>
    public Client Api(string? token)
    {
        Clock.Reset(Start);
        var http = CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new Client(http, Clock);
    }

    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        return connection;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Sbrt", $"Data Source={DatabasePath}");
        // Added last, so these win over appsettings.Development.json and a developer's user-jwts secrets.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services => services.AddSingleton<IClock>(Clock));
    }

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
