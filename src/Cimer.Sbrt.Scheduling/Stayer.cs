namespace Cimer.Sbrt.Scheduling;

/// <summary>A previous fraction that may stay where it is: moving it counts against the re-plan (R5 "best" 2).</summary>
internal readonly record struct Stayer(int Lesion, int DayNumber, int Linac, int Slot);
