using Cimer.Sbrt.Api.Data;
using Npgsql;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>The service's PostgreSQL pool prepares its statements unless the configured connection string says otherwise.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Unset_automatic_preparation_is_turned_on()
    {
        var built = new NpgsqlConnectionStringBuilder(Database.PostgresConnectionString("Host=db;Database=sbrt;Username=sbrt"));

        Assert.Equal(Database.DefaultMaxAutoPrepare, built.MaxAutoPrepare);
        Assert.Equal("db", built.Host);
        Assert.Equal("sbrt", built.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Max Auto Prepare=20", 20)]
    [InlineData("Host=db;max auto prepare=0", 0)]
    public void A_configured_value_is_kept(string configured, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(Database.PostgresConnectionString(configured)).MaxAutoPrepare);
}
