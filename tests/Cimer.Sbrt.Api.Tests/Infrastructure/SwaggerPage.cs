using System.Text.Json;
using Microsoft.Playwright;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// Swagger UI driven as a person drives it: Authorize with a token, then per operation expand it,
/// "Try it out", fill its fields and body, "Execute" and read the live response. Locators follow
/// swagger-ui's own DOM (<c>#operations-{tag}-{operationId}</c>, <c>tr[data-param-name]</c>, ...).
/// </summary>
public sealed class SwaggerPage(IPage page)
{
    public IPage Page => page;

    public static async Task<SwaggerPage> OpenAsync(IPage page, Uri service)
    {
        await page.GotoAsync(new Uri(service, "/swagger/index.html").ToString());
        await page.Locator(".opblock").First.WaitForAsync();
        return new SwaggerPage(page);
    }

    public async Task AuthorizeAsync(string token)
    {
        await page.Locator(".scheme-container button.authorize").ClickAsync();
        var dialog = page.Locator(".modal-ux");
        await dialog.Locator("input").First.FillAsync(token);
        await dialog.Locator("button.authorize").ClickAsync();
        await dialog.Locator("button.btn-done").ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>The operation's block, expanded, in "Try it out" mode.</summary>
    public async Task<ILocator> TryOutAsync(string tag, string operationId)
    {
        var operation = page.Locator($"#operations-{tag.Replace(' ', '_')}-{operationId}");
        if (!await operation.Locator(".opblock-body").IsVisibleAsync())
        {
            await operation.Locator(".opblock-summary-control").ClickAsync();
        }

        // Once tried out, the operation keeps its fields and shows Execute, Cancel and Reset instead.
        await operation.Locator(".try-out__btn").First.WaitForAsync();
        if (!await operation.Locator(".execute").IsVisibleAsync())
        {
            await operation.Locator(".try-out__btn").First.ClickAsync();
        }

        await operation.Locator(".execute").WaitForAsync();
        return operation;
    }

    /// <summary>Fills the fields and the body, executes, and answers the live response's status and body.</summary>
    public async Task<SwaggerAnswer> ExecuteAsync(
        string tag, string operationId, IReadOnlyDictionary<string, string>? parameters = null, string? body = null)
    {
        var operation = await TryOutAsync(tag, operationId);
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            await Field(operation, name).FillAsync(value);
        }

        if (body is not null)
        {
            await operation.Locator("textarea.body-param__text").FillAsync(body);
        }

        // A response left from an earlier run of this operation goes first, so the one read is this one's.
        var clear = operation.Locator(".btn-clear");
        if (await clear.IsVisibleAsync())
        {
            await clear.ClickAsync();
        }

        var status = operation.Locator(".live-responses-table td.response-col_status:not(.col_header)");
        await status.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await operation.Locator(".execute").ClickAsync();
        await status.WaitForAsync();
        var text = await operation.Locator(".live-responses-table .response-col_description pre").First.InnerTextAsync();
        return new SwaggerAnswer(int.Parse((await status.InnerTextAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture), text, operation);
    }

    /// <summary>The input of a parameter, by its name ("planId", "If-Match").</summary>
    public static ILocator Field(ILocator operation, string name) =>
        operation.Locator($"tr[data-param-name='{name}'] input");
}

/// <summary>What Swagger UI showed for one execution.</summary>
public sealed record SwaggerAnswer(int Status, string Body, ILocator Operation)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
