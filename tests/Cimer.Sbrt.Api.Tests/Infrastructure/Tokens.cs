using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// Real HS256 JWTs for the test issuer, shaped as <c>dotnet user-jwts</c> writes them: <c>sub</c>,
/// <c>unique_name</c>, <c>jti</c> and the roles as <c>role</c> claims. <see cref="SbrtApp"/> configures
/// the service with <see cref="Issuer"/>, <see cref="Audience"/> and <see cref="Key"/>.
/// </summary>
public static class Tokens
{
    public const string Issuer = "cimer-sbrt-tests";
    public const string Audience = "cimer-sbrt";

    /// <summary>The four roles: what the scheduling tests act with.</summary>
    public static readonly string[] AllRoles = ["admin", "scheduler", "physicist", "viewer"];

    public static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    public static string For(params string[] roles) => Mint(roles);

    public static string Mint(
        IReadOnlyList<string> roles, string subject = "tester", string issuer = Issuer, string audience = Audience,
        byte[]? key = null, DateTime? expires = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["unique_name"] = subject, ["jti"] = Guid.NewGuid().ToString("N")[..8] };
        if (roles.Count > 0)
        {
            // One role is a string, several an array: user-jwts writes both shapes.
            claims["role"] = roles.Count == 1 ? roles[0] : roles.ToArray();
        }

        var notAfter = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = notAfter.AddHours(-2),
            IssuedAt = notAfter.AddHours(-2),
            Expires = notAfter,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }
}
