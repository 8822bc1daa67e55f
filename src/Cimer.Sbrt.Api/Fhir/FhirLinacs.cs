using Hl7.Fhir.Model;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>A linac is a <c>Device</c>, and its slot grid a <c>Schedule</c> with the same id.</summary>
internal static class FhirLinacs
{
    public static async Task<IReadOnlyList<Schedule>> SchedulesAsync(DbConnection connection, string? linacId, CancellationToken ct) =>
        [.. (await FhirStore.LinacsAsync(connection, linacId, ct)).Select(ToSchedule)];

    public static async Task<Schedule> ScheduleAsync(DbConnection connection, string id, CancellationToken ct) =>
        (await SchedulesAsync(connection, id, ct)).SingleOrDefault() ?? throw FhirException.NotFound("Schedule", id);

    public static async Task<Device> DeviceAsync(DbConnection connection, string id, CancellationToken ct) =>
        (await FhirStore.LinacsAsync(connection, id, ct)).Select(ToDevice).SingleOrDefault() ?? throw FhirException.NotFound("Device", id);

    private static Schedule ToSchedule(FhirLinacRow linac) => new()
    {
        Id = linac.Id,
        Active = true,
        ServiceType = [new CodeableConcept { Text = "Stereotactic body radiotherapy (SBRT)" }],
        Actor = [new ResourceReference($"Device/{linac.Id}", linac.Name)],
        Comment = $"{linac.SlotMinutes}-minute slots from {linac.OpensAt} to {linac.ClosesAt} ({linac.TimeZone}) on the open days of {linac.CenterName}.",
    };

    private static Device ToDevice(FhirLinacRow linac) => new()
    {
        Id = linac.Id,
        Status = Hl7.Fhir.Model.Device.FHIRDeviceStatus.Active,
        DeviceName = [new Hl7.Fhir.Model.Device.DeviceNameComponent { Name = linac.Name, Type = DeviceNameType.UserFriendlyName }],
        Type = new CodeableConcept { Text = "Linear accelerator" },
        Note = [new Annotation { Text = new Markdown($"At {linac.CenterName} ({linac.TimeZone}).") }],
    };
}
