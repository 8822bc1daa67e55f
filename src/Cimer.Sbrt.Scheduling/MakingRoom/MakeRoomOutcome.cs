namespace Cimer.Sbrt.Scheduling;

/// <summary>Stable codes of "no proposal", for integrators to branch on.</summary>
public static class MakeRoomCodes
{
    /// <summary>
    /// No plan exists for the new patient even with every movable fraction of other plans freed:
    /// it is not only other patients' bookings (closures, the calendar, pinned or delivered fractions).
    /// </summary>
    public const string NotOnlyBookings = "notOnlyBookings";

    /// <summary>The bounded search found no set of moves; see <see cref="NoRoom.Exhaustive"/>.</summary>
    public const string NoneWithinBounds = "noneWithinBounds";
}

/// <summary>Why making room proposes nothing.</summary>
/// <param name="Code">One of <see cref="MakeRoomCodes"/>.</param>
/// <param name="Summary">In words a scheduler can act on.</param>
/// <param name="Unobstructed">
/// For <see cref="MakeRoomCodes.NotOnlyBookings"/>: the solver's reasons with every movable fraction freed.
/// </param>
public sealed record NoRoom(string Code, string Summary, Infeasibility? Unobstructed)
{
    /// <summary>
    /// True when every set the limits allow was tried (no solver-run budget cut it short): no proposal
    /// exists within the bound stated on <see cref="MakingRoom.Propose"/>.
    /// </summary>
    public bool Exhaustive { get; init; }
}

/// <summary>The answer of making room: a proposal, or why there is none. Never an exception.</summary>
public sealed record MakeRoomOutcome
{
    private MakeRoomOutcome(RoomProposal? proposal, NoRoom? noRoom, int solverCalls)
    {
        Proposal = proposal;
        NoRoom = noRoom;
        SolverCalls = solverCalls;
    }

    public RoomProposal? Proposal { get; }

    public NoRoom? NoRoom { get; }

    /// <summary>Solver runs the search spent (for limits and benchmarks).</summary>
    public int SolverCalls { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Proposal))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(NoRoom))]
    public bool HasProposal => Proposal is not null;

    public static MakeRoomOutcome Proposed(RoomProposal proposal, int solverCalls) => new(proposal, null, solverCalls);

    public static MakeRoomOutcome None(NoRoom noRoom, int solverCalls) => new(null, noRoom, solverCalls);
}
