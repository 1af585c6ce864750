using System.Text;
using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>Who calls the API in a test: a role and an id, or no identity at all.</summary>
/// <param name="Role">staff, reviewer or auditor; null for a caller with no identity.</param>
/// <param name="Id">The caller's id (a reviewer's registry id).</param>
public sealed record ImrCaller(string? Role, string? Id)
{
    /// <summary>The identity every test call has unless it says otherwise.</summary>
    public static ImrCaller Staff { get; } = new("staff", "staff-test");

    /// <summary>An auditor.</summary>
    public static ImrCaller Auditor { get; } = new("auditor", "auditor-test");

    /// <summary>No identity: the header is not sent.</summary>
    public static ImrCaller None { get; } = new(null, null);

    /// <summary>The reviewer with this registry id.</summary>
    public static ImrCaller Reviewer(string id) => new("reviewer", id);

    /// <summary>The request option that names the caller of one request.</summary>
    public static readonly HttpRequestOptionsKey<ImrCaller> Option = new("ImrCaller");
}

/// <summary>How a host learns the caller: Imr.Local's development sign-in header, or the header App Service Authentication sets.</summary>
public enum CallerHeader
{
    /// <summary><c>X-Imr-Dev-User: role:id</c> (Imr.Local with <c>ImrLocal:DevelopmentSignIn=true</c>).</summary>
    DevelopmentSignIn,

    /// <summary><c>x-ms-client-principal</c>, as Easy Auth with Entra ID app roles sets it (the Functions app with <c>IMR_EASY_AUTH_ENABLED=true</c>).</summary>
    EasyAuth,
}

/// <summary>
/// Adds the caller's identity to every request: the one the request names (<see cref="ImrCaller.Option"/>), else
/// <paramref name="defaultCaller"/>.
/// </summary>
public sealed class CallerIdentityHandler(CallerHeader header, ImrCaller defaultCaller) : DelegatingHandler(new HttpClientHandler())
{
    /// <summary>The header Imr.Local's development sign-in reads.</summary>
    public const string DevelopmentHeader = "X-Imr-Dev-User";

    /// <summary>The header App Service Authentication sets.</summary>
    public const string EasyAuthHeader = "x-ms-client-principal";

    /// <summary>A client for <paramref name="baseAddress"/> that sends <paramref name="defaultCaller"/>'s identity by default.</summary>
    public static HttpClient Client(Uri baseAddress, CallerHeader header, ImrCaller defaultCaller) =>
        new(new CallerIdentityHandler(header, defaultCaller)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// The <c>x-ms-client-principal</c> value for a caller, shaped as Easy Auth with Entra ID sends it: role_typ names the
    /// long role URI while the app role itself arrives as the token's "roles" claim.
    /// </summary>
    public static string ClientPrincipal(ImrCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        const string nameType = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
        var json = new JsonObject
        {
            ["auth_typ"] = "aad",
            ["name_typ"] = nameType,
            ["role_typ"] = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            ["claims"] = new JsonArray(
                new JsonObject { ["typ"] = nameType, ["val"] = caller.Id },
                new JsonObject { ["typ"] = "roles", ["val"] = caller.Role }),
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Options.TryGetValue(ImrCaller.Option, out var named) ? named : defaultCaller;
        if (caller.Role is not null)
        {
            if (header == CallerHeader.DevelopmentSignIn)
            {
                request.Headers.Add(DevelopmentHeader, $"{caller.Role}:{caller.Id}");
            }
            else
            {
                request.Headers.Add(EasyAuthHeader, ClientPrincipal(caller));
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
