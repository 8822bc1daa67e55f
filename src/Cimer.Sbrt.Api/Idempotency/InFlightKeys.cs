using System.Collections.Concurrent;

namespace Cimer.Sbrt.Api.Idempotency;

/// <summary>
/// The keyed requests this process is serving now, with their fingerprints. In memory on purpose:
/// one process owns the SQLite file, and what was in flight when it stopped is in flight no more,
/// so a restart never leaves a key stuck behind a stale marker.
/// </summary>
internal sealed class InFlightKeys
{
    private readonly ConcurrentDictionary<(string Subject, string Key), string> running = new();

    /// <summary>False when the key is already running; <paramref name="runningFingerprint"/> is then its request's (null if it just ended).</summary>
    public bool TryEnter(string subject, string key, string fingerprint, out string? runningFingerprint)
    {
        if (running.TryAdd((subject, key), fingerprint))
        {
            runningFingerprint = null;
            return true;
        }

        runningFingerprint = running.TryGetValue((subject, key), out var other) ? other : null;
        return false;
    }

    public void Exit(string subject, string key) => running.TryRemove((subject, key), out _);
}
