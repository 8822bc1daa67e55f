using System.Data;

namespace Cimer.Sbrt.Api.Data;

/// <summary>A step of C# that migration <paramref name="Version"/> needs, run right after its script in its transaction.</summary>
internal sealed record AfterScript(long Version, Action<IDbConnection, IDbTransaction> Step);
