using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Cimer.Sbrt.Benchmarks;

/// <summary>The 99th percentile of a benchmark's measured iterations, next to BenchmarkDotNet's Median and P95.</summary>
public sealed class P99Column : IColumn
{
    public string Id => nameof(P99Column);
    public string ColumnName => "P99";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 10;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "99th percentile of all measured iterations, in microseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        return statistics is null ? "NA" : Format(statistics.Percentiles.Percentile(99), style);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    /// <summary>In microseconds whatever the summary's unit, so the column reads the same in every run.</summary>
    private static string Format(double nanoseconds, SummaryStyle style) =>
        string.Format(style.CultureInfo, "{0:N1} us", nanoseconds / 1000.0);
}
