using Microsoft.JSInterop;

namespace Imr.Console.Api;

/// <summary>
/// Who the console is signed in as under Imr.Local's development sign-in: a role and an id the user picks, kept in the
/// tab's session storage and sent as <c>X-Imr-Dev-User: role:id</c> on every API call (docs/security.md).
/// </summary>
internal sealed class DevelopmentUser
{
    /// <summary>The header Imr.Local reads when its development sign-in is on.</summary>
    public const string Header = "X-Imr-Dev-User";

    /// <summary>The roles the sign-in page offers.</summary>
    public static readonly IReadOnlyList<string> Roles = ["staff", "reviewer", "auditor"];

    private const string StorageKey = "imr-dev-user";

    /// <summary>staff, reviewer or auditor; null when not signed in.</summary>
    public string? Role { get; private set; }

    /// <summary>The user's id (a reviewer's registry id).</summary>
    public string? Id { get; private set; }

    /// <summary>True once a role and id are chosen.</summary>
    public bool SignedIn => Role is not null && Id is not null;

    /// <summary>The header value, or null when not signed in.</summary>
    public string? HeaderValue => SignedIn ? $"{Role}:{Id}" : null;

    /// <summary>Raised when the user signs in or out, so the layout shows who it is.</summary>
    public event Action? Changed;

    /// <summary>Reads the tab's earlier choice, so a reload or a deep link keeps the user signed in.</summary>
    public async Task LoadAsync(IJSRuntime js)
    {
        ArgumentNullException.ThrowIfNull(js);
        Set(await js.InvokeAsync<string?>("sessionStorage.getItem", StorageKey).ConfigureAwait(false));
    }

    /// <summary>Signs in as <paramref name="role"/> <paramref name="id"/> and keeps it for the tab.</summary>
    public async Task SignInAsync(IJSRuntime js, string role, string id)
    {
        ArgumentNullException.ThrowIfNull(js);
        Set($"{role}:{id.Trim()}");
        await js.InvokeVoidAsync("sessionStorage.setItem", StorageKey, HeaderValue).ConfigureAwait(false);
        Changed?.Invoke();
    }

    /// <summary>Signs out.</summary>
    public async Task SignOutAsync(IJSRuntime js)
    {
        ArgumentNullException.ThrowIfNull(js);
        Set(null);
        await js.InvokeVoidAsync("sessionStorage.removeItem", StorageKey).ConfigureAwait(false);
        Changed?.Invoke();
    }

    private void Set(string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        (Role, Id) = colon > 0 && Roles.Contains(value![..colon]) && colon < value.Length - 1 ? (value[..colon], value[(colon + 1)..]) : (null, null);
    }
}

/// <summary>Adds the signed-in user's header to every API call.</summary>
internal sealed class DevelopmentUserHandler(DevelopmentUser user) : DelegatingHandler(new HttpClientHandler())
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (user.HeaderValue is { } value)
        {
            request.Headers.Add(DevelopmentUser.Header, value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
