namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>Files of the repository these tests were built from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string OpenApiPath => Path.Combine(Root, "openapi", "openapi.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cimer.Sbrt.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cimer.Sbrt.sln not found above the test binaries.");
    }
}
