using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Imr.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Http;

/// <summary>
/// The caller as App Service Authentication (Easy Auth) with Microsoft Entra ID tells it: the <c>x-ms-client-principal</c>
/// header, base64 JSON of the signed-in user's claims. The platform sets that header and strips any copy a client sends,
/// but only when Easy Auth fronts the app, so it is believed only with <see cref="TrustSetting"/> true (docs/security.md).
/// </summary>
public static class EasyAuthCaller
{
    /// <summary>The header the platform sets for a signed-in caller.</summary>
    public const string Header = "x-ms-client-principal";

    /// <summary>The app setting that says Easy Auth fronts this app (infra/ sets it beside the authsettingsV2 resource).</summary>
    public const string TrustSetting = "IMR_EASY_AUTH_ENABLED";

    /// <summary>
    /// The claim Entra ID puts app roles in. Easy Auth passes the token's claims through under their JWT names, so the roles
    /// arrive as "roles" while the header's role_typ names the long role URI.
    /// </summary>
    public const string EntraRolesClaim = "roles";

    /// <summary>The longest header read; a real principal is a few kilobytes.</summary>
    public const int MaxHeaderLength = 32 * 1024;

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The caller, or an anonymous principal with the reason an identity sent was not believed.</summary>
    public static ClaimsPrincipal Read(HttpRequest request, bool trusted, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        failure = null;
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        if (!trusted)
        {
            failure = $"{Header} is not believed here: {TrustSetting} is not true, so nothing says App Service Authentication set it.";
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        var value = values.ToString();
        try
        {
            var principal = value.Length <= MaxHeaderLength ? JsonSerializer.Deserialize<ClientPrincipal>(Convert.FromBase64String(value), Json) : null;
            var id = principal?.Claims?.FirstOrDefault(c => c.Typ == principal.NameTyp)?.Val;
            if (principal is null || string.IsNullOrWhiteSpace(id))
            {
                failure = $"{Header} names no user (no claim of its name_typ).";
                return new ClaimsPrincipal(new ClaimsIdentity());
            }

            var roles = principal.Claims!.Where(c => (c.Typ == principal.RoleTyp || c.Typ == EntraRolesClaim) && c.Val is not null).Select(c => c.Val!).Distinct(StringComparer.Ordinal);
            return CallerRoles.Principal(principal.AuthTyp ?? "aad", id, roles);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            failure = $"{Header} is not base64-encoded JSON.";
            return new ClaimsPrincipal(new ClaimsIdentity());
        }
    }

    /// <summary>
    /// Runs <paramref name="endpoint"/> for the caller when <paramref name="policy"/> (<see cref="CallerRoles"/>) lets them
    /// call it; otherwise answers 401 or 403 as Imr.Local does.
    /// </summary>
    public static Task<IActionResult> AnswerAsync(HttpRequest request, string policy, ApplicationFactory app, Func<ClaimsPrincipal, Task<IResult>> endpoint, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(app);
        var trusted = app.Get<IConfiguration>().GetValue<bool>(TrustSetting);
        var caller = Read(request, trusted, out var failure);
        if (CallerRoles.Refusal(policy, caller, failure) is { } refusal)
        {
            return Task.FromResult<IActionResult>(new EndpointResult(refusal));
        }

        request.HttpContext.User = caller;
        return ActionResults.AnswerAsync(() => endpoint(caller), log);
    }

    /// <summary>The header's JSON.</summary>
    private sealed record ClientPrincipal(
        [property: JsonPropertyName("auth_typ")] string? AuthTyp,
        [property: JsonPropertyName("name_typ")] string? NameTyp,
        [property: JsonPropertyName("role_typ")] string? RoleTyp,
        [property: JsonPropertyName("claims")] IReadOnlyList<ClientClaim>? Claims);

    /// <summary>One claim of the header.</summary>
    private sealed record ClientClaim(
        [property: JsonPropertyName("typ")] string? Typ,
        [property: JsonPropertyName("val")] string? Val);
}
