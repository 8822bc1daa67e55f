using Cimer.Sbrt.Api.Web;
using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Stored UTC instants read back exactly as NodaTime's ISO pattern reads them.</summary>
public sealed class WireFormatTests
{
    [Theory]
    [InlineData("2026-12-07T14:00:00Z")]
    [InlineData("2027-01-01T00:00:00Z")]
    [InlineData("2028-02-29T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("2026-12-07T14:00:00.5Z")]
    [InlineData("2026-12-07T24:00:00Z")] // NodaTime reads 24:00 as the next midnight
    [InlineData("2026-12-07T14:00:00.123456789Z")]
    public void A_stored_instant_reads_as_the_iso_pattern_reads_it(string text) =>
        Assert.Equal(InstantPattern.ExtendedIso.Parse(text).Value, WireFormat.FromUtc(text));

    [Theory]
    [InlineData("2027-02-29T10:00:00Z")] // no such day
    [InlineData("2026-13-01T10:00:00Z")]
    [InlineData("2026-12-07T-1:00:00Z")]
    [InlineData("2026-12-07T10:60:00Z")]
    [InlineData("2026-12-07 10:00:00Z")]
    [InlineData("2026-12-07T10:00:00+")]
    [InlineData("2026-12-07T1a:00:00Z")]
    public void What_is_not_an_instant_is_refused_as_the_iso_pattern_refuses_it(string text)
    {
        Assert.False(InstantPattern.ExtendedIso.Parse(text).Success);
        Assert.ThrowsAny<UnparsableValueException>(() => WireFormat.FromUtc(text));
    }

    [Fact]
    public void Every_second_of_a_day_across_a_leap_day_round_trips()
    {
        for (var at = Instant.FromUtc(2028, 2, 28, 0, 0); at < Instant.FromUtc(2028, 3, 1, 0, 0); at += Duration.FromSeconds(7))
        {
            Assert.Equal(at, WireFormat.FromUtc(WireFormat.ToUtc(at)));
        }
    }
}
