using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// A test class that runs an existing class's tests on PostgreSQL (its fixture is a <see cref="PostgresSbrtApp"/>).
/// Its <see cref="ProviderFactAttribute"/> and <see cref="ProviderTheoryAttribute"/> tests are skipped, with
/// how to enable them, when <see cref="Postgres"/> has no server (and fail under CI=true, as [PostgresFact] does).
/// </summary>
public interface IOnPostgres;

/// <summary>A test that says something only SQLite can be asked (a pragma, a file, BEGIN IMMEDIATE): skipped on PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteOnlyAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}

/// <summary>A [Fact] that its PostgreSQL subclass (<see cref="IOnPostgres"/>) runs again on PostgreSQL.</summary>
[XunitTestCaseDiscoverer("Cimer.Sbrt.Api.Tests.Infrastructure.ProviderFactDiscoverer", "Cimer.Sbrt.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderFactAttribute : FactAttribute;

/// <summary>A [Theory] that its PostgreSQL subclass (<see cref="IOnPostgres"/>) runs again on PostgreSQL.</summary>
[XunitTestCaseDiscoverer("Cimer.Sbrt.Api.Tests.Infrastructure.ProviderTheoryDiscoverer", "Cimer.Sbrt.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderTheoryAttribute : TheoryAttribute;

internal static class ProviderSkip
{
    /// <summary>Why this test method of this class does not run here, or null.</summary>
    public static string? Reason(ITestMethod testMethod)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        if (type is null || !typeof(IOnPostgres).IsAssignableFrom(type))
        {
            return null;
        }

        if (testMethod.Method.ToRuntimeMethod()?.GetCustomAttribute<SqliteOnlyAttribute>() is { } sqliteOnly)
        {
            return $"SQLite only: {sqliteOnly.Why}";
        }

        return Postgres.SkipReason;
    }

    public static IXunitTestCase Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, string reason) =>
        new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason);
}

public sealed class ProviderFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        ProviderSkip.Reason(testMethod) is { } reason
            ? [ProviderSkip.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

public sealed class ProviderTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        ProviderSkip.Reason(testMethod) is { } reason
            ? [ProviderSkip.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

/// <summary>
/// The service in memory on a throwaway PostgreSQL database (made on first use, dropped on dispose), so
/// one class fixture per PostgreSQL test class, as <see cref="SbrtApp"/> is per SQLite one.
/// </summary>
public sealed class PostgresSbrtApp : SbrtApp
{
    public PostgresSbrtApp()
        : base(Create)
    {
    }

    private PostgresSbrtApp(IReadOnlyDictionary<string, string>? settings, string environment, Action<IServiceCollection>? services)
        : base(Create, settings, environment, services)
    {
    }

    private PostgresSbrtApp(string connectionString, IReadOnlyDictionary<string, string>? settings)
        : base(_ => connectionString, settings)
    {
    }

    /// <summary>An app on an existing PostgreSQL database (which the caller drops), with <paramref name="settings"/>.</summary>
    public static PostgresSbrtApp OnDatabase(string connectionString, IReadOnlyDictionary<string, string>? settings = null) => new(connectionString, settings);

    /// <summary>An app of a test's own on its own PostgreSQL database, as <see cref="SbrtApp.With"/> makes one on SQLite.</summary>
    public static new PostgresSbrtApp With(IReadOnlyDictionary<string, string>? settings, string environment = "Development", Action<IServiceCollection>? services = null) =>
        new(settings, environment, services);

    /// <summary>
    /// <paramref name="connectionString"/> (unpooled, as <see cref="PostgresDatabases"/> makes them, for one-off
    /// statements) pooled as the service is deployed, with a bound that keeps several test classes' apps under
    /// the test server's max_connections.
    /// </summary>
    public static string Pooled(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = true, MaxPoolSize = 50, Timeout = 120 }.ConnectionString;

    private static string Create(PostgresDatabases databases) => Pooled(databases.CreateAsync().GetAwaiter().GetResult());
}
