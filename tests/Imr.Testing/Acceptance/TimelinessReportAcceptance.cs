using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Imr.Testing.Acceptance;

/// <summary>
/// <c>GET /reports/timeliness</c>: staff and auditors only, every bad parameter named, and a case determined through the API
/// counted in the period of its decision date, as JSON and as CSV.
/// </summary>
public abstract class TimelinessReportAcceptance(IImrSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The decision date is California's; a period from yesterday to tomorrow (UTC) holds it whatever the hour.
    private static string Period => string.Create(
        CultureInfo.InvariantCulture, $"from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}");

    [SkippableFact]
    public async Task The_report_takes_staff_and_auditors_refuses_a_reviewer_with_403_and_an_anonymous_caller_with_401()
    {
        var api = system.Host.Api;
        using (var anonymous = await api.GetAsAsync(ImrCaller.None, "reports/timeliness?" + Period))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await anonymous.ProblemPathsAsync()).ShouldBe(["identity"]);
        }

        using (var reviewer = await api.GetAsAsync(ImrCaller.Reviewer("rev-any"), "reports/timeliness?" + Period))
        {
            reviewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await reviewer.ProblemPathsAsync()).ShouldBe(["role"]);
        }

        foreach (var caller in new[] { ImrCaller.Auditor, ImrCaller.Staff })
        {
            using var allowed = await api.GetAsAsync(caller, "reports/timeliness?" + Period);
            allowed.StatusCode.ShouldBe(HttpStatusCode.OK, caller.Role);
        }
    }

    [SkippableFact]
    public async Task A_bad_period_format_or_parameter_is_a_400_naming_each()
    {
        var api = system.Host.Api;
        (string Query, string[] Paths)[] cases =
        [
            ("", ["from", "to"]),
            ("from=2026-03-01&to=03/31/2026", ["to"]),
            ("from=&to=2026-03-31", ["from"]),
            ("from=2026-03-31&to=2026-03-01", ["to"]),
            ("from=2026-03-01&to=2026-03-31&format=xml", ["format"]),
            ("from=2026-03-01&to=2026-03-31&form=csv", ["form"]),
        ];
        foreach (var (query, paths) in cases)
        {
            using var refused = await api.GetAsAsync(ImrCaller.Auditor, "reports/timeliness?" + query);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await refused.ProblemPathsAsync()).ShouldBe(paths, query);
        }
    }

    [SkippableFact]
    public async Task A_determined_case_is_counted_with_its_reviewers_specialty_and_its_claims_administrator_as_json_and_csv()
    {
        var api = system.Host.Api;
        var determined = await api.RunSeedCaseToLetterAsync(system.StorageConnectionString, Patience);
        determined["determination"]!["claimsAdministratorId"]!.GetValue<string>().ShouldBe("CA-0001");

        using var json = await api.GetAsAsync(ImrCaller.Auditor, "reports/timeliness?" + Period);
        json.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await json.ReadJsonAsync();
        report["determinations"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        (report["onTime"]!.GetValue<int>() + report["late"]!.GetValue<int>() + report["withoutDeadline"]!.GetValue<int>())
            .ShouldBe(report["determinations"]!.GetValue<int>());
        report["daysToDetermination"]!["median"].ShouldNotBeNull();
        Groups(report["overturnBySpecialty"]!, "group").ShouldContain("Occupational Medicine");
        var administrator = report["recordsByClaimsAdministrator"]!.AsArray().Single(r => r!["claimsAdministratorId"]!.GetValue<string>() == "CA-0001")!;
        administrator["name"]!.GetValue<string>().ShouldBe("Example Claims Administration");
        administrator["cases"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        report["absent"]!.AsArray().ShouldContain(a => a!["figure"]!.GetValue<string>() == "Overturn rate by item category");

        // The same report as CSV, asked either way; a period before the case holds nothing.
        foreach (var (path, accept) in new[] { ("reports/timeliness?format=csv&" + Period, "application/json"), ("reports/timeliness?" + Period, "text/csv") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)).As(ImrCaller.Auditor);
            request.Headers.Accept.ParseAdd(accept);
            using var csv = await api.SendAsync(request);
            csv.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            var text = await csv.Content.ReadAsStringAsync();
            text.ShouldStartWith("figure,group,count,of,value\r\n");
            text.ShouldContain("records late,Example Claims Administration (CA-0001),");
        }

        using var before = await api.GetAsAsync(ImrCaller.Auditor, "reports/timeliness?from=2020-01-01&to=2020-01-31");
        (await before.ReadJsonAsync())["determinations"]!.GetValue<int>().ShouldBe(0);
    }

    private static List<string> Groups(JsonNode rows, string name) => rows.AsArray().Select(r => r![name]!.GetValue<string>()).ToList();
}
