using System.Net;

namespace Imr.Testing.Acceptance;

/// <summary>
/// <c>GET /escalations?due=today</c>: staff and auditors only (401 anonymous, 403 a reviewer), <c>due</c> named when it is
/// missing or anything but today, and a JSON list otherwise.
/// </summary>
public abstract class EscalationsAcceptance(IImrSystem system)
{
    [SkippableFact]
    public async Task The_escalations_due_today_take_staff_and_auditors_and_name_a_bad_due()
    {
        var api = system.Host.Api;
        using (var anonymous = await api.GetAsAsync(ImrCaller.None, "escalations?due=today"))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await anonymous.ProblemPathsAsync()).ShouldBe(["identity"]);
        }

        using (var reviewer = await api.GetAsAsync(ImrCaller.Reviewer("rev-any"), "escalations?due=today"))
        {
            reviewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await reviewer.ProblemPathsAsync()).ShouldBe(["role"]);
        }

        foreach (var query in new[] { "", "?due=tomorrow" })
        {
            using var refused = await api.GetAsAsync(ImrCaller.Staff, "escalations" + query);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await refused.ProblemPathsAsync()).ShouldBe(["due"], query);
        }

        foreach (var caller in new[] { ImrCaller.Auditor, ImrCaller.Staff })
        {
            using var allowed = await api.GetAsAsync(caller, "escalations?due=today");
            allowed.StatusCode.ShouldBe(HttpStatusCode.OK, caller.Role);
            (await allowed.ReadJsonAsync()).ShouldBeOfType<System.Text.Json.Nodes.JsonArray>();
        }
    }
}
