namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// Answers as the service gave them (day 1 Monday 2026-12-14): each wire type names its own with
/// <c>[WireExample]</c>, and Swagger UI shows it beside every 2xx of that type.
/// </summary>
internal static class WebhookExamples
{
    public const string CreatedWebhook = """
        { "id": "01a2507e945270348eb6624ec1a2c50f", "url": "https://scheduling.example.org/hooks/sbrt", "events": ["plan.created", "plan.changed", "plan.cancelled"],
          "secret": "whsec_54K/tDFUGiWPraUqFKuURNaOi77uiE1lnG2WUZ8anPc=", "createdAt": "2026-12-07T12:33:22.5161452Z" }
        """;

    public const string Webhook = """
        { "id": "01a2507e945270348eb6624ec1a2c50f", "url": "https://scheduling.example.org/hooks/sbrt", "events": ["plan.created", "plan.changed", "plan.cancelled"],
          "createdAt": "2026-12-07T12:33:22.5161452Z", "disabledAt": null }
        """;

    public const string DeliveryAttempt = """
        { "eventId": "msg_01a2507e8a617c128b91e7d38e81ff98", "type": "plan.changed", "attempt": 2, "at": "2026-12-07T12:33:31Z",
          "statusCode": 503, "error": null, "nextAttempt": "2026-12-07T12:33:52Z", "outcome": "retrying" }
        """;
}
