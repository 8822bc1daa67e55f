-- Shared done(): requests per second, p50/p99 and the count of non-2xx answers.
function done(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx/3xx %d, errors %d, rps %.1f, p50 %.2f ms, p99 %.2f ms\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
