using System.Globalization;
using Cimer.Sbrt.Api.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace Cimer.Sbrt.Api.Access;

/// <summary>
/// <c>dotnet Cimer.Sbrt.Api.dll token --role admin [--role scheduler …] [--name alice] [--expires 8h] [--audience A]</c>:
/// an operator's way to get a bearer token where <c>dotnet user-jwts</c> (Development only) is not
/// there. It reads the configuration the service reads (appsettings, environment, the rest of the
/// command line) and signs with the first HS256 key of <c>Authentication:Schemes:Bearer</c>, for its
/// <c>ValidIssuer</c> and first audience, so the token is exactly what the running service accepts.
/// The token alone goes to standard output; what it grants goes to standard error.
/// </summary>
internal static class TokenCommand
{
    public const string Name = "token";

    private static readonly Duration DefaultLifetime = Duration.FromHours(8);
    private static readonly Duration LongestLifetime = Duration.FromDays(31);

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>Exit code 0 with the token written to <paramref name="output"/>, or 2 with the reason on <paramref name="error"/>.</summary>
    public static int Run(string[] args, IClock clock, TextWriter output, TextWriter error)
    {
        if (!TryParse(args.Skip(1).ToArray(), out var request, out var rest, out var problem))
        {
            error.WriteLine($"token: {problem}");
            error.WriteLine("usage: token --role admin|scheduler|physicist|viewer [--role …] [--name SUBJECT] [--expires 8h|30m|7d] [--audience AUDIENCE]");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(ServiceHost.Options(rest));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddSingleton<IValidateOptions<JwtBearerOptions>, BearerOptionsCheck>();
        using var host = builder.Build();
        if (!TryReadBearer(host.Services, out var bearer, out var invalid))
        {
            error.WriteLine($"token: the service would not accept a token signed with this configuration: {invalid}");
            return 2;
        }

        var parameters = bearer.TokenValidationParameters;
        var key = parameters.IssuerSigningKeys?.OfType<SymmetricSecurityKey>().FirstOrDefault() ?? parameters.IssuerSigningKey as SymmetricSecurityKey;
        var issuer = parameters.ValidIssuer ?? parameters.ValidIssuers?.FirstOrDefault();
        var audience = request.Audience ?? parameters.ValidAudience ?? parameters.ValidAudiences?.FirstOrDefault();
        if (key is null || string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(audience))
        {
            error.WriteLine("token: Authentication:Schemes:Bearer needs ValidIssuer, ValidAudiences and SigningKeys:0 (Issuer = the ValidIssuer, Value = a base64 HS256 key) before a token can be signed; configure them as for the service.");
            return 2;
        }

        var now = clock.GetCurrentInstant();
        var expires = now + request.Lifetime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = request.Subject,
            ["unique_name"] = request.Subject,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["role"] = request.Roles.Count == 1 ? request.Roles[0] : request.Roles.ToArray(),
        };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.ToDateTimeUtc(),
            NotBefore = now.ToDateTimeUtc(),
            Expires = expires.ToDateTimeUtc(),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        output.WriteLine(token);
        error.WriteLine($"token: {request.Subject} as {string.Join(", ", request.Roles)}, for {audience}, until {expires:uuuu-MM-ddTHH:mm:ss'Z'}");
        return 0;
    }

    /// <summary>The bearer options as the service binds and checks them (<see cref="BearerOptionsCheck"/>), or why they are unusable.</summary>
    private static bool TryReadBearer(IServiceProvider services, out JwtBearerOptions bearer, out string invalid)
    {
        bearer = null!;
        invalid = "";
        try
        {
            bearer = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
            return true;
        }
        catch (OptionsValidationException e)
        {
            invalid = string.Join(" ", e.Failures);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The binder builds the keys itself: an empty or malformed SigningKeys value throws there.
            invalid = $"Authentication:Schemes:Bearer:SigningKeys is not a usable base64 HS256 key ({e.Message}).";
        }

        return false;
    }

    private static bool TryParse(string[] args, out TokenRequest request, out string[] rest, out string problem)
    {
        var roles = new List<string>();
        string subject = "operator";
        string? audience = null;
        var lifetime = DefaultLifetime;
        var others = new List<string>();
        request = new TokenRequest(roles, subject, audience, lifetime);
        rest = [];
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag is not ("--role" or "--name" or "--expires" or "--audience"))
            {
                others.Add(flag);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                problem = $"{flag} needs a value.";
                return false;
            }

            var value = args[++i];
            switch (flag)
            {
                case "--role" when !Roles.All.Contains(value):
                    problem = $"unknown role '{value}'; use {string.Join(", ", Roles.All)}.";
                    return false;
                case "--role":
                    roles.Add(value);
                    break;
                case "--name":
                    subject = value;
                    break;
                case "--audience":
                    audience = value;
                    break;
                default:
                    if (ParseLifetime(value) is not { } parsed)
                    {
                        problem = $"--expires '{value}' is not a lifetime such as 30m, 8h or 7d of at most {LongestLifetime.Days} days.";
                        return false;
                    }

                    lifetime = parsed;
                    break;
            }
        }

        if (roles.Count == 0)
        {
            problem = "name at least one --role.";
            return false;
        }

        request = new TokenRequest([.. roles.Distinct(StringComparer.Ordinal)], subject, audience, lifetime);
        rest = [.. others];
        return true;
    }

    private static Duration? ParseLifetime(string text)
    {
        if (text.Length < 2 || !long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount > 100_000)
        {
            return null;
        }

        Duration? lifetime = text[^1] switch
        {
            'm' => Duration.FromMinutes(amount),
            'h' => Duration.FromHours(amount),
            'd' => Duration.FromDays(amount),
            _ => null,
        };
        return lifetime <= LongestLifetime ? lifetime : null;
    }

    private sealed record TokenRequest(IReadOnlyList<string> Roles, string Subject, string? Audience, Duration Lifetime);
}
