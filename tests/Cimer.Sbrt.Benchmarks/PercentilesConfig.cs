using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Cimer.Sbrt.Benchmarks;

/// <summary>Median, P95 and P99 next to the default columns: the targets are stated as percentiles.</summary>
public sealed class PercentilesConfig : ManualConfig
{
    public PercentilesConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new P99Column());
    }
}
