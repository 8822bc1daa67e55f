namespace Cimer.Sbrt.Scheduling;

/// <summary>One new fraction placed by the search: lesion, run-day index, linac, slot, start ticks.</summary>
internal readonly record struct Placement(int Lesion, int DayNumber, int Linac, int Slot, long Start);
