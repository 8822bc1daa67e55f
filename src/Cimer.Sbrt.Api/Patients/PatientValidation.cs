using Cimer.Sbrt.Api.Web;

namespace Cimer.Sbrt.Api.Patients;

/// <summary>The shape of an enrolment (the trial's eligibility limits on lesions), checked before any I/O.</summary>
internal static class PatientValidation
{
    public const int MaxLesions = 5;
    public const double MaxDiameterCm = 5.0;

    public static (PatientRow Patient, IReadOnlyList<LesionRow> Lesions) Check(CreatePatientRequest body, FieldErrors errors)
    {
        var studyId = errors.Text("studyId", body.StudyId, maxLength: 64);
        var centerId = errors.Text("centerId", body.CenterId, maxLength: 64);
        var dayOne = errors.Date("dayOne", body.DayOne);
        if (body.Arm is not (1 or 2))
        {
            errors.Add("arm", body.Arm is null ? "Required: 1 or 2." : "Must be 1 (letrozole + palbociclib) or 2 (the same + I-SBRT).");
        }

        var requested = body.Lesions ?? [];
        if (body.Arm == 1 && requested.Count > 0)
        {
            errors.Add("lesions", "Arm 1 receives no I-SBRT: send no lesions.");
        }
        else if (body.Arm == 2 && requested.Count is 0 or > MaxLesions)
        {
            errors.Add("lesions", $"Arm 2 needs 1 to {MaxLesions} lesions; {requested.Count} were sent.");
        }

        var hours = PatientHours.Merge(new PatientHours(null, null, null), body.AvailableFrom, body.AvailableUntil, body.PreferredTime, errors);
        var patientId = Ids.New();
        var lesions = new List<LesionRow>();
        for (var i = 0; i < requested.Count; i++)
        {
            var lesion = requested[i] ?? new LesionRequest(null, null, null);
            var label = errors.Text($"lesions[{i}].label", lesion.Label);
            var site = errors.Text($"lesions[{i}].site", lesion.Site, required: false);
            CheckDiameter(errors, $"lesions[{i}].greatestDiameterCm", lesion.GreatestDiameterCm);
            lesions.Add(new LesionRow
            {
                Id = Ids.New(),
                PatientId = patientId,
                Ordinal = i + 1,
                Label = label ?? "",
                Site = site,
                GreatestDiameterCm = lesion.GreatestDiameterCm ?? 0,
            });
        }

        var patient = new PatientRow
        {
            Id = patientId,
            StudyId = studyId ?? "",
            CenterId = centerId ?? "",
            Arm = body.Arm ?? 0,
            DayOne = dayOne is { } d ? WireFormat.Format(d) : "",
            AvailableFrom = hours.AvailableFrom,
            AvailableUntil = hours.AvailableUntil,
            PreferredTime = hours.PreferredTime,
        };
        return (patient, lesions);
    }

    public static void CheckDiameter(FieldErrors errors, string field, double? diameter)
    {
        switch (diameter)
        {
            case null:
                errors.Add(field, "Required: the greatest diameter in cm.");
                break;
            case <= 0:
                errors.Add(field, "Must be more than 0 cm.");
                break;
            case > MaxDiameterCm:
                errors.Add(field, $"{diameter} cm is larger than {MaxDiameterCm:0.0} cm: a lesion that large excludes the patient from the trial.");
                break;
        }
    }
}
