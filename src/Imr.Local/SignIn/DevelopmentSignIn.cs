using System.Text.Encodings.Web;
using Imr.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace Imr.Local.SignIn;

/// <summary>
/// The development sign-in: with <c>ImrLocal:DevelopmentSignIn=true</c> a caller names its own role and id in the
/// <c>X-Imr-Dev-User: role:id</c> header and is believed. Off by default; with it off the header is ignored and every API
/// route but <c>/api/health</c> answers 401 (docs/security.md, "Development sign-in").
/// </summary>
internal sealed class DevelopmentSignInHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The authentication scheme.</summary>
    public const string SchemeName = "ImrDevelopmentSignIn";

    /// <summary>The setting that turns the development sign-in on.</summary>
    public const string Setting = "ImrLocal:DevelopmentSignIn";

    /// <summary>The header that names the caller: <c>role:id</c>, e.g. <c>reviewer:rev-ortho-1</c>.</summary>
    public const string Header = "X-Imr-Dev-User";

    /// <summary>The longest id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!configuration.GetValue<bool>(Setting) || !Request.Headers.TryGetValue(Header, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = values.ToString();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var role = colon > 0 ? value[..colon] : "";
        var id = colon > 0 ? value[(colon + 1)..] : "";
        if (!CallerRoles.All.Contains(role, StringComparer.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.Fail($"{Header} must be role:id with the role one of {string.Join(", ", CallerRoles.All)}."));
        }

        if (id.Length is 0 or > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
        {
            return Task.FromResult(AuthenticateResult.Fail($"{Header}: the id must be 1 to {MaxIdLength} ASCII letters, digits, '-', '_', '.' or '@'."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(CallerRoles.Principal(SchemeName, id, [role]), SchemeName)));
    }
}

/// <summary>Answers a refused API call with a problem body naming why: 401 with no (or an unreadable) identity, 403 naming the roles the route takes.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    /// <inheritdoc />
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var name = context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy;
        if (authorizeResult.Succeeded || name is null)
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        // The handler keeps its result for the request, so this reads why a header sent was not accepted.
        var failure = (await context.AuthenticateAsync(DevelopmentSignInHandler.SchemeName).ConfigureAwait(false)).Failure?.Message;
        var refusal = CallerRoles.Refusal(name, context.User, failure) ?? ProblemResults.Problem(StatusCodes.Status403Forbidden, "The request was refused.");
        await refusal.ExecuteAsync(context).ConfigureAwait(false);
    }
}

/// <summary>Registers the sign-in and the role policies of Imr.Local.</summary>
internal static class SignInServices
{
    /// <summary>The development sign-in scheme, the policies of <see cref="CallerRoles"/>, and problem answers for refusals.</summary>
    public static IServiceCollection AddImrSignIn(this IServiceCollection services)
    {
        services.AddAuthentication(DevelopmentSignInHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, DevelopmentSignInHandler>(DevelopmentSignInHandler.SchemeName, _ => { });
        services.AddAuthorization(options => options.AddCallerRolePolicies());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }
}
