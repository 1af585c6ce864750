using System.Text;
using Imr.Functions.Http;
using Imr.Http;
using Microsoft.AspNetCore.Http;

namespace Imr.Functions.Tests.Http;

/// <summary>The caller read from <c>x-ms-client-principal</c> exactly as App Service Authentication with Entra ID sends it.</summary>
public sealed class EasyAuthCallerTests
{
    // The header of a user signed in through the Microsoft provider: name_typ and role_typ are the long claim URIs,
    // while the app roles arrive under the token's own claim name "roles", not under role_typ.
    private const string EntraPrincipal = """
        {"auth_typ":"aad",
         "claims":[
          {"typ":"aud","val":"api://0b8c2f43-6e1d-4c9a-9a53-5d0d3c1f6a21"},
          {"typ":"iss","val":"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"},
          {"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"5b1f2c1e-0f6e-4d0c-8a55-2c3f6e1d9a10"},
          {"typ":"preferred_username","val":"rev-occmed-001"},
          {"typ":"name","val":"Reviewer One"},
          {"typ":"roles","val":"reviewer"},
          {"typ":"roles","val":"auditor"},
          {"typ":"ver","val":"2.0"}],
         "name_typ":"preferred_username",
         "role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role"}
        """;

    [Fact]
    public void Entra_app_roles_under_the_roles_claim_are_the_callers_roles()
    {
        var caller = EasyAuthCaller.Read(Request(EntraPrincipal), trusted: true, out var failure);

        failure.ShouldBeNull();
        CallerRoles.CallerId(caller).ShouldBe("rev-occmed-001");
        caller.IsInRole(CallerRoles.Reviewer).ShouldBeTrue();
        caller.IsInRole(CallerRoles.Auditor).ShouldBeTrue();
        caller.IsInRole(CallerRoles.Staff).ShouldBeFalse();
        CallerRoles.Allows(CallerRoles.OversightPolicy, caller).ShouldBeTrue();
        CallerRoles.Allows(CallerRoles.StaffPolicy, caller).ShouldBeFalse();
    }

    [Fact]
    public void Roles_under_role_typ_count_too()
    {
        var principal = EntraPrincipal.Replace("{\"typ\":\"roles\",\"val\":\"auditor\"}", "{\"typ\":\"http://schemas.microsoft.com/ws/2008/06/identity/claims/role\",\"val\":\"staff\"}", StringComparison.Ordinal);

        var caller = EasyAuthCaller.Read(Request(principal), trusted: true, out _);

        caller.IsInRole(CallerRoles.Staff).ShouldBeTrue();
        caller.IsInRole(CallerRoles.Reviewer).ShouldBeTrue();
    }

    [Fact]
    public void A_signed_in_user_with_no_app_role_is_refused_403_not_401()
    {
        var principal = EntraPrincipal
            .Replace("{\"typ\":\"roles\",\"val\":\"reviewer\"},", "", StringComparison.Ordinal)
            .Replace("{\"typ\":\"roles\",\"val\":\"auditor\"},", "", StringComparison.Ordinal);

        var caller = EasyAuthCaller.Read(Request(principal), trusted: true, out _);

        caller.Identities.Any(i => i.IsAuthenticated).ShouldBeTrue();
        CallerRoles.RequiredRoles(CallerRoles.CaseReadersPolicy, caller).ShouldContain("none of the IMR roles");
    }

    [Fact]
    public void The_header_is_not_believed_when_easy_auth_does_not_front_the_app()
    {
        var caller = EasyAuthCaller.Read(Request(EntraPrincipal), trusted: false, out var failure);

        caller.Identities.Any(i => i.IsAuthenticated).ShouldBeFalse();
        failure.ShouldNotBeNull().ShouldContain(EasyAuthCaller.TrustSetting);
    }

    private static HttpRequest Request(string principalJson)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[EasyAuthCaller.Header] = Convert.ToBase64String(Encoding.UTF8.GetBytes(principalJson));
        return context.Request;
    }
}
