namespace Cimer.Sbrt.Api.Fhir;

internal static class FhirServices
{
    /// <summary>
    /// <see cref="FhirOutcomeWriter"/> as a problem details writer, so every error under /fhir/r4 is an
    /// OperationOutcome. Call it before <c>AddWebConventions</c>: the first writer that accepts a
    /// problem writes it, and this one must come ahead of the default.
    /// </summary>
    public static IServiceCollection AddFhir(this IServiceCollection services) =>
        services.AddSingleton<IProblemDetailsWriter, FhirOutcomeWriter>();
}
