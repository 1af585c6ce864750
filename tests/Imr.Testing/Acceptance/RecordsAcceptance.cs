using System.Net;
using System.Net.Http.Headers;

namespace Imr.Testing.Acceptance;

/// <summary>
/// <c>GET /cases/{caseNumber}/records</c> and <c>/records/{fileName}</c>: staff read a stored record with the content type
/// it was stored with (never sniffed, sandboxed); a reviewer reads it only for a case assigned to them once they have stated
/// no conflict (LC § 139.5); another reviewer gets 403, an anonymous caller 401; a bad file name is a 400 naming it.
/// </summary>
public abstract class RecordsAcceptance(IImrSystem system)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    [SkippableFact]
    public async Task A_record_opens_to_staff_and_to_its_assigned_reviewer_after_the_conflict_statement_only()
    {
        var api = system.Host.Api;
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var caseNumber = ImrApi.NewCaseNumber();
        (await api.SubmitAsync(ImrApi.SeedCase(caseNumber))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assignedTo = (await api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(60), "AwaitingRecords"))["reviewerId"]!.GetValue<string>();
        using (var upload = new ByteArrayContent(Pdf))
        {
            upload.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            (await api.PutAsync(new Uri($"cases/{caseNumber}/records/mri-report.pdf", UriKind.Relative), upload)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var record = $"cases/{caseNumber}/records/mri-report.pdf";
        using (var anonymous = await api.GetAsAsync(ImrCaller.None, record))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using (var list = await api.GetAsAsync(ImrCaller.Staff, $"cases/{caseNumber}/records"))
        {
            list.StatusCode.ShouldBe(HttpStatusCode.OK);
            var listed = (await list.ReadJsonAsync()).AsArray().Single()!;
            listed["fileName"]!.GetValue<string>().ShouldBe("mri-report.pdf");
            listed["length"]!.GetValue<long>().ShouldBe(Pdf.Length);
        }

        using (var staff = await api.GetAsAsync(ImrCaller.Staff, record))
        {
            staff.StatusCode.ShouldBe(HttpStatusCode.OK);
            staff.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
            staff.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            (await staff.Content.ReadAsByteArrayAsync()).ShouldBe(Pdf);
        }

        var reviewer = ImrCaller.Reviewer(assignedTo);
        foreach (var (caller, why) in new[] { (ImrCaller.Reviewer("rev-someone-else"), "not assigned"), (reviewer, "no conflict not stated yet") })
        {
            using var refused = await api.GetAsAsync(caller, record);
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, why);
            (await refused.ProblemPathsAsync()).ShouldBe(["caseNumber"], why);
            using var refusedList = await api.GetAsAsync(caller, $"cases/{caseNumber}/records");
            refusedList.StatusCode.ShouldBe(HttpStatusCode.Forbidden, why);
        }

        await api.StateNoConflictAsync(caseNumber, null, reviewer);
        using (var opened = await api.GetAsAsync(reviewer, record))
        {
            opened.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await opened.Content.ReadAsByteArrayAsync()).ShouldBe(Pdf);
        }

        using (var missing = await api.GetAsAsync(reviewer, $"cases/{caseNumber}/records/no-such-record.pdf"))
        {
            missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using (var tooLong = await api.GetAsAsync(ImrCaller.Staff, $"cases/{caseNumber}/records/{new string('a', 201)}.pdf"))
        {
            tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await tooLong.ProblemPathsAsync()).ShouldBe(["fileName"]);
        }
    }
}
