namespace Cimer.Sbrt.Api.Data;

/// <summary>Thrown inside the write transaction to roll back a decision whose basis changed.</summary>
internal sealed class StaleDecisionException : Exception
{
    public StaleDecisionException()
        : base("The decision's basis changed before it could be written.")
    {
    }
}
