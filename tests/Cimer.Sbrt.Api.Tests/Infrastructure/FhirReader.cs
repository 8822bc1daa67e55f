using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// Reads FHIR answers as an integrator's Firely client would: strict parsing, then the SDK's
/// validation (cardinality, formats, value sets of codes) of every resource, recursively.
/// </summary>
public static class FhirReader
{
    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static async Task<T> ReadAsync<T>(HttpClient http, string url, HttpStatusCode status = HttpStatusCode.OK)
        where T : Resource => await ReadAsync<T>(await http.GetAsync(url), status);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var resource = JsonSerializer.Deserialize<T>(text, Json)!;
        AssertValid(resource);
        return resource;
    }

    public static async Task<OperationOutcome> OutcomeAsync(HttpClient http, string url, HttpStatusCode status) =>
        await OutcomeAsync(await http.GetAsync(url), status);

    public static async Task<OperationOutcome> OutcomeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var outcome = await ReadAsync<OperationOutcome>(response, status);
        Assert.Equal(OperationOutcome.IssueSeverity.Error, Assert.Single(outcome.Issue).Severity);
        return outcome;
    }

    /// <summary>Every page of a search, following <c>next</c> links; checks each page's total and links.</summary>
    public static async Task<List<T>> SearchAllAsync<T>(HttpClient http, string url)
        where T : Resource
    {
        var found = new List<T>();
        int? total = null;
        for (string? next = url; next is not null;)
        {
            var bundle = await ReadAsync<Bundle>(http, next);
            Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
            Assert.NotNull(bundle.SelfLink);
            Assert.Equal(total ?? bundle.Total, bundle.Total);
            total = bundle.Total;
            Assert.All(bundle.Entry, e => Assert.Equal(Bundle.SearchEntryMode.Match, e.Search!.Mode));
            Assert.All(bundle.Entry, e => Assert.EndsWith($"/fhir/r4/{e.Resource!.TypeName}/{e.Resource.Id}", e.FullUrl, StringComparison.Ordinal));
            found.AddRange(bundle.Entry.Select(e => Assert.IsType<T>(e.Resource)));
            next = bundle.NextLink?.PathAndQuery;
        }

        Assert.Equal(total, found.Count);
        Assert.Equal(found.Count, found.Select(r => r.Id).Distinct().Count());
        return found;
    }

    public static void AssertValid(Base resource)
    {
        var issues = resource.Validate();
        Assert.True(issues.Count == 0, $"{resource.TypeName} is not valid FHIR: {string.Join("; ", issues.Select(i => i.Message))}");
    }
}
