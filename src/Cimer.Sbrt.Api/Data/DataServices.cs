using Dapper;

namespace Cimer.Sbrt.Api.Data;

internal static class DataServices
{
    /// <summary>Binds <c>ConnectionStrings:Sbrt</c> (default <c>cimer-sbrt.db</c> in the working directory).</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        // Rows are read with snake_case columns into PascalCase properties (time_zone -> TimeZone).
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddOptions<DatabaseOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString("Sbrt") ?? DatabaseOptions.DefaultConnectionString)
            .Validate(options => options.IsValid(), "ConnectionStrings:Sbrt must be a SQLite connection string with a Data Source (with Database:Provider=Postgres, an Npgsql connection string with a Host).")
            .ValidateOnStart();
        services.AddSingleton<Database>();
        services.AddSingleton<InstanceLiveness>();
        services.AddHostedService(provider => provider.GetRequiredService<InstanceLiveness>());
        return services;
    }
}
