namespace Cimer.Sbrt.Api.Web;

/// <summary>Opaque ids: time-ordered, so rows written together sort together.</summary>
internal static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString("N");
}
