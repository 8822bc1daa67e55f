using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Cimer.Sbrt.Api.Access;

/// <summary>
/// Refuses to start when no token could ever be accepted: no issuer, no audience, or no signing key
/// for the issuer (the ASP.NET Core binding keeps only keys whose <c>Issuer</c> is the
/// <c>ValidIssuer</c>). An OpenID Connect <c>Authority</c> brings its own keys instead.
/// In Development a missing key is only a warning, so that <c>dotnet run</c> starts on a fresh
/// machine (health and Swagger answer; every API call is 401 until <c>dotnet user-jwts</c> runs).
/// </summary>
internal sealed partial class BearerOptionsCheck(IHostEnvironment environment, ILogger<BearerOptionsCheck> logger) : IValidateOptions<JwtBearerOptions>
{
    private const string Section = "Authentication:Schemes:Bearer";
    private const int MinKeyBits = 256;

    public ValidateOptionsResult Validate(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return ValidateOptionsResult.Skip;
        }

        var parameters = options.TokenValidationParameters;
        var failures = new List<string>();
        var issuer = parameters.ValidIssuer ?? parameters.ValidIssuers?.FirstOrDefault();
        if (string.IsNullOrEmpty(issuer) && options.Authority is null)
        {
            failures.Add($"{Section}:ValidIssuer is not set: name the issuer of the tokens this service accepts.");
        }

        if (string.IsNullOrEmpty(parameters.ValidAudience) && parameters.ValidAudiences?.Any() != true && options.Audience is null)
        {
            failures.Add($"{Section}:ValidAudiences is empty: list the audience(s) the tokens are minted for.");
        }

        var keys = parameters.IssuerSigningKeys?.ToList() ?? [];
        if (options.Authority is null && keys.Count == 0 && parameters.IssuerSigningKey is null)
        {
            var forIssuer = string.IsNullOrEmpty(issuer) ? "" : $" for issuer '{issuer}'";
            var missing = $"No signing key{forIssuer}: set {Section}:SigningKeys:0:Issuer to the ValidIssuer and "
                + $"{Section}:SigningKeys:0:Value to a base64 HS256 key of at least {MinKeyBits / 8} bytes "
                + "(in Development, `dotnet user-jwts create --role admin` in src/Cimer.Sbrt.Api writes both).";
            if (environment.IsDevelopment())
            {
                LogNoKey(logger, missing);
            }
            else
            {
                failures.Add(missing);
            }
        }

        failures.AddRange(keys.OfType<SymmetricSecurityKey>().Where(k => k.KeySize < MinKeyBits)
            .Select(k => $"A signing key of {k.KeySize / 8} bytes is too short for HS256: use at least {MinKeyBits / 8}."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Missing} Until then every API call answers 401.")]
    private static partial void LogNoKey(ILogger logger, string missing);
}
