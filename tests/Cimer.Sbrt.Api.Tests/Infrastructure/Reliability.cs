namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// The heavy reliability tests (races, crashes, bad input) run one after another: on a small
/// machine, at the same time they would only slow each other past their time bounds.
/// </summary>
[CollectionDefinition(Name)]
public sealed class Reliability
{
    public const string Name = "Reliability";
}
