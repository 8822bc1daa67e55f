using Microsoft.Extensions.Options;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>Refuses to start on a <c>Webhooks:AllowedNetworks</c> entry that is no CIDR range or overlaps a range never opened (link-local), naming it.</summary>
internal sealed class WebhookNetworksCheck : IValidateOptions<WebhooksOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhooksOptions options)
    {
        var errors = WebhookAddressPolicy.ConfigurationErrors(options.AllowedNetworks).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
