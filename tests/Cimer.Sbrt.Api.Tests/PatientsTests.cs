using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class PatientsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task EnrollingAnArm2PatientAnswers201WithLesionIds()
    {
        var center = await api.CenterAsync();

        var response = await api.PostAsync("/api/v1/patients", new
        {
            studyId = "CIMER-017",
            centerId = center.Id,
            arm = 2,
            dayOne = "2026-12-07",
            lesions = new[] { new { label = "T8 vertebra", site = "bone", greatestDiameterCm = 2.4 } },
        });

        var patient = await Client.CreatedAsync<Patient>(response);
        Assert.Equal(("CIMER-017", center.Id, 2, "2026-12-07"), (patient.StudyId, patient.CenterId, patient.Arm, patient.DayOne));
        var lesion = Assert.Single(patient.Lesions);
        Assert.Equal(("T8 vertebra", "bone", 2.4), (lesion.Label, lesion.Site, lesion.GreatestDiameterCm));
        Assert.False(string.IsNullOrEmpty(lesion.Id));
        Client.SameJson(patient, await Client.OkAsync<Patient>(await api.Http.GetAsync(response.Headers.Location)));
    }

    [ProviderFact]
    public async Task EnrollingTheSameStudyIdTwiceIs409()
    {
        var center = await api.CenterAsync();
        await api.PatientAsync(center.Id, studyId: "CIMER-DUP");

        var response = await api.PostAsync("/api/v1/patients", new { studyId = "CIMER-DUP", centerId = center.Id, arm = 1, dayOne = "2026-12-07" });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("CIMER-DUP", problem.Detail);
    }

    [ProviderFact]
    public async Task ALesionLargerThanFiveCentimetresExcludesThePatientWith400()
    {
        var center = await api.CenterAsync();

        var response = await api.PostAsync("/api/v1/patients", new
        {
            studyId = "CIMER-BIG",
            centerId = center.Id,
            arm = 2,
            dayOne = "2026-12-07",
            lesions = new[] { new { label = "Liver", site = "liver", greatestDiameterCm = 5.1 } },
        });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("excludes the patient", Assert.Single(problem.Errors!["lesions[0].greatestDiameterCm"]));
    }

    // Why these: each limit of the enrolment shape, on both sides where it has two.
    [ProviderTheory]
    [InlineData(3, 1, 1.0, "arm")]
    [InlineData(2, 0, 1.0, "lesions")]
    [InlineData(2, 6, 1.0, "lesions")]
    [InlineData(1, 1, 1.0, "lesions")]
    [InlineData(2, 1, 0.0, "lesions[0].greatestDiameterCm")]
    [InlineData(2, 1, -1.0, "lesions[0].greatestDiameterCm")]
    public async Task EnrollingOutsideTheTrialLimitsIs400OnTheField(int arm, int lesions, double diameter, string field)
    {
        var center = await api.CenterAsync();

        var response = await api.PostAsync("/api/v1/patients", new
        {
            studyId = $"CIMER-{Guid.NewGuid():N}"[..16],
            centerId = center.Id,
            arm,
            dayOne = "2026-12-07",
            lesions = Enumerable.Range(0, lesions).Select(i => new { label = $"L{i}", greatestDiameterCm = diameter }).ToArray(),
        });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task EnrollingAtAnUnknownCenterIs400OnCenterId()
    {
        var response = await api.PostAsync("/api/v1/patients", new { studyId = "CIMER-X", centerId = "nope", arm = 1, dayOne = "2026-12-07" });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["centerId"], problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task ReadingAnUnknownPatientIs404() =>
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/patients/nope"), HttpStatusCode.NotFound);
}
