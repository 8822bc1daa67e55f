using Cimer.Sbrt.Api.Web;

namespace Cimer.Sbrt.Api.Patients;

/// <summary>
/// A checked correction: the patient's day 1 and complete lesion list after it, and the lesion rows
/// it changes, adds (ids set) and removes.
/// </summary>
internal sealed record PatientCorrection(
    string DayOne, IReadOnlyList<LesionRow> Lesions, IReadOnlyList<LesionRow> Changed, IReadOnlyList<LesionRow> Added, IReadOnlyList<LesionRow> Removed)
{
    /// <summary>
    /// Day 1 or the set of lesions changed, so the live plan is made again. A label, site or
    /// diameter alone moves no fraction and leaves the plan as it is.
    /// </summary>
    public bool Replans { get; init; }

    /// <summary>Her hours and preferred time after the correction (as they were when none was sent).</summary>
    public required PatientHours Hours { get; init; }

    /// <summary><c>availableFrom</c> or <c>availableUntil</c> changed: the live plan is re-planned if it breaks them.</summary>
    public bool HoursChanged { get; init; }

    /// <summary>The preferred time changed: the live plan is re-planned towards it.</summary>
    public bool PreferredTimeChanged { get; init; }

    /// <summary>
    /// Shape checks before any I/O: a reason, day 1 as a date, each lesion's label and diameter, and
    /// something to correct. <c>lesions</c>, when sent, is the complete new list.
    /// </summary>
    public static void CheckShape(CorrectPatientRequest body, FieldErrors errors, int maxReasonLength)
    {
        errors.Text("reason", body.Reason, maxLength: maxReasonLength);
        if (body.DayOne is not null)
        {
            errors.Date("dayOne", body.DayOne);
        }

        if (body.DayOne is null && body.Lesions is null && !PatientHours.Sent(body.AvailableFrom, body.AvailableUntil, body.PreferredTime))
        {
            errors.Add("dayOne", "Nothing to correct: send dayOne, lesions (the complete new list), availableFrom, availableUntil or preferredTime.");
        }

        var lesions = body.Lesions ?? [];
        for (var i = 0; i < lesions.Count; i++)
        {
            var lesion = lesions[i] ?? new LesionCorrection(null, null, null, null);
            errors.Text($"lesions[{i}].id", lesion.Id, maxLength: 64, required: false);
            errors.Text($"lesions[{i}].label", lesion.Label);
            errors.Text($"lesions[{i}].site", lesion.Site, required: false);
            PatientValidation.CheckDiameter(errors, $"lesions[{i}].greatestDiameterCm", lesion.GreatestDiameterCm);
        }
    }

    /// <summary>
    /// The correction of <paramref name="patient"/> (whose lesions are <paramref name="current"/>), or
    /// null with field errors: an id that is not one of the patient's lesions or comes twice, and the
    /// arm's rules (arm 1 has no lesions, arm 2 has one to five).
    /// </summary>
    public static PatientCorrection? Of(PatientRow patient, IReadOnlyList<LesionRow> current, CorrectPatientRequest body, FieldErrors errors)
    {
        var dayOne = body.DayOne is null ? patient.DayOne : WireFormat.Format(WireFormat.ParseDate(body.DayOne.Trim()));
        var was = PatientHours.Of(patient);
        var hours = PatientHours.Merge(was, body.AvailableFrom, body.AvailableUntil, body.PreferredTime, errors);
        var hoursChanged = (hours.AvailableFrom, hours.AvailableUntil) != (was.AvailableFrom, was.AvailableUntil);
        var preferredChanged = hours.PreferredTime != was.PreferredTime;
        if (body.Lesions is not { } sent)
        {
            return errors.Any ? null : new PatientCorrection(dayOne, current, [], [], [])
            {
                Replans = dayOne != patient.DayOne,
                Hours = hours,
                HoursChanged = hoursChanged,
                PreferredTimeChanged = preferredChanged,
            };
        }

        CheckCount(patient.Arm, sent.Count, errors);
        var existing = current.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (kept, added) = (new List<LesionRow>(), new List<LesionRow>());
        for (var i = 0; i < sent.Count; i++)
        {
            var lesion = sent[i]!;
            var id = lesion.Id?.Trim();
            if (id is not null && !existing.ContainsKey(id))
            {
                errors.Add($"lesions[{i}].id", $"Not a lesion of this patient: leave id out to add a new lesion.");
                continue;
            }

            if (id is not null && !seen.Add(id))
            {
                errors.Add($"lesions[{i}].id", "The same lesion is listed twice.");
                continue;
            }

            var row = new LesionRow
            {
                Id = id ?? Ids.New(),
                PatientId = patient.Id,
                Ordinal = id is null ? 0 : existing[id].Ordinal,
                Label = lesion.Label!.Trim(),
                Site = string.IsNullOrWhiteSpace(lesion.Site) ? null : lesion.Site.Trim(),
                GreatestDiameterCm = lesion.GreatestDiameterCm!.Value,
            };
            (id is null ? added : kept).Add(row);
        }

        if (errors.Any)
        {
            return null;
        }

        var changed = kept.Where(l => existing[l.Id] is var old && (old.Label, old.Site, old.GreatestDiameterCm) != (l.Label, l.Site, l.GreatestDiameterCm)).ToList();
        var removed = current.Where(l => !seen.Contains(l.Id)).ToList();
        return new PatientCorrection(dayOne, [.. kept.OrderBy(l => l.Ordinal), .. added], changed, added, removed)
        {
            Replans = dayOne != patient.DayOne || added.Count > 0 || removed.Count > 0,
            Hours = hours,
            HoursChanged = hoursChanged,
            PreferredTimeChanged = preferredChanged,
        };
    }

    private static void CheckCount(long arm, int count, FieldErrors errors)
    {
        if (arm == 1 && count > 0)
        {
            errors.Add("lesions", "Arm 1 receives no I-SBRT: send no lesions.");
        }
        else if (arm == 2 && count is 0 or > PatientValidation.MaxLesions)
        {
            errors.Add("lesions", $"Arm 2 needs 1 to {PatientValidation.MaxLesions} lesions; {count} were sent.");
        }
    }
}
