using System.Net;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

/// <summary>
/// The logs of a whole case show each step with its event id (docs/observability.md), and hold no personal health
/// information: every line Imr.Local writes (stdout and stderr) during the case and during refusals of bad input carrying
/// the same details, the steps' own messages included, is searched for the case's clinical text, the employee's name,
/// the injury date and the assignment credential. The system's own categories log at Debug and the engine, the storage SDK
/// and ASP.NET Core at Information, stricter than the shipped settings. Nor is there a stack trace anywhere in it.
/// </summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LogPrivacyTests
{
    private const string EmployeeName = "Quillon Vantreese-Marbury";
    private const string InjuryDate = "2012-05-17";
    private const string CaseSummary = "Lumbosacral radiculopathy after a fall from a loading dock; marker PHI-CASE-7Q2X; EMG shows L5 denervation.";
    private const string ReviewerSummary = "Reviewer notes marker PHI-REVIEW-3K9Z: persistent paresthesia, opioid taper under way.";
    private const string Rationale = "Rationale marker PHI-RATIONALE-8M1W: no red-flag findings documented.";

    [Fact]
    public async Task A_whole_case_logs_each_step_with_its_event_id_and_no_clinical_text_names_or_case_dates()
    {
        // Its own Azurite: the collection's shared host watches the shared one's intake container too, and when it wins the
        // race for the invalid file, the refusal goes to a log this test does not read.
        await using var azurite = await Imr.Testing.AzuriteInstance.StartAsync();
        await using var local = await LocalProcess.StartAsync(
        [
            $"--ImrStorage={azurite.ConnectionString}", "--ImrLocal:TaskHub=privacyhub", "--engine", "azurestorage",
            // Stricter than the shipped settings: the engine, the storage SDK and ASP.NET Core log at Information too.
            "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Imr=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Information",
            "--Logging:LogLevel:Microsoft.DurableTask=Information", "--Logging:LogLevel:Microsoft.DurableTask.Sidecar=Information",
            "--Logging:LogLevel:DurableTask.Core=Information", "--Logging:LogLevel:DurableTask.AzureStorage=Information", "--Logging:LogLevel:Azure=Information",
        ]);
        var api = local.Client;
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        (await api.PostAsync(new Uri("reviewers", UriKind.Relative), ImrApi.Json(ImrApi.Reviewer(reviewerId)))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var caseNumber = ImrApi.NewCaseNumber();
        var caseFile = ImrApi.SeedCase(caseNumber);
        caseFile["parties"]!["employee"]!["name"] = EmployeeName;
        caseFile["dates"]!["injury"] = InjuryDate;
        caseFile["clinicalSummary"] = CaseSummary;

        // Refusals first: an invalid case file with the same details, over HTTP and through intake.
        var invalid = caseFile.DeepClone();
        invalid["priority"] = "Whenever";
        invalid["caseNumber"] = ImrApi.NewCaseNumber();
        (await api.SubmitAsync(invalid)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var quarantinedName = $"privacy-{Guid.NewGuid():N}.json";
        await new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("intake")
            .UploadBlobAsync(quarantinedName, new BinaryData(Encoding.UTF8.GetBytes(invalid.ToJsonString())));

        // A request that throws inside the application: a case row no release writes (an unknown priority) cannot be read.
        var unreadable = ImrApi.NewCaseNumber();
        await new TableClient(azurite.ConnectionString, "Cases").AddEntityAsync(new TableEntity(unreadable, unreadable) { ["State"] = "Determined", ["Priority"] = "Whenever" });
        (await api.GetAsync(new Uri($"cases/{unreadable}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);

        (await api.SubmitAsync(caseFile)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var assigned = await api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(90), "AwaitingRecords");
        var assignedTo = assigned["reviewerId"]!.GetValue<string>();
        (await api.PostAsync(new Uri($"cases/{caseNumber}/records/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(90), "UnderReview");

        var token = await AssignmentNotices.TokenAsync(azurite.ConnectionString, caseNumber);
        var decision = ImrApi.Decision(assignedTo);
        decision["clinicalSummary"] = ReviewerSummary;
        decision["items"]![0]!["rationale"] = Rationale;

        // A refused decision (no credential) and an invalid one, then the real one.
        (await api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(decision))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var wrongItem = decision.DeepClone();
        wrongItem["items"]![0]!["description"] = "Lumbar fusion L4-S1 for " + EmployeeName;
        wrongItem["assignmentToken"] = token;
        (await api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(wrongItem))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        decision["assignmentToken"] = token;
        await api.StateNoConflictAsync(caseNumber, token);
        (await api.PostAsAsync(ImrCaller.None, $"cases/{caseNumber}/decision", ImrApi.Json(decision))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForStateAsync(caseNumber, TimeSpan.FromSeconds(90), "Determined");
        using (var letter = await api.GetAsync($"cases/{caseNumber}/determination", "text/plain"))
        {
            // The letter itself carries case details (the injury date, the reviewer's findings), so the search below is meaningful.
            var text = await letter.Content.ReadAsStringAsync();
            text.ShouldContain("05/17/2012", Case.Sensitive, text);
            text.ShouldContain("PHI-RATIONALE-8M1W", Case.Sensitive, text);
        }

        // Wait until the watcher has quarantined the intake file (its error report exists), then stop the host so every
        // buffered line is written. A fixed delay is not enough on a loaded machine.
        var quarantined = await QuarantineReports.WaitAsync(
            new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("quarantine"), [quarantinedName], TimeSpan.FromSeconds(90));
        quarantined.Keys.ShouldContain(quarantinedName, "the invalid intake file was quarantined");

        // The watcher logs its outcome just after it stores the report, so a stop at once could cut that line off.
        var logged = DateTime.UtcNow.AddSeconds(30);
        while (!local.Output.Contains("Intake blob handled with status 400", StringComparison.Ordinal) && DateTime.UtcNow < logged)
        {
            await Task.Delay(100);
        }

        (await local.StopAsync(TimeSpan.FromSeconds(20))).ShouldBeTrue();
        var log = local.Output;

        log.ShouldContain("IMR is listening", Case.Sensitive, "the capture works and Information is logged");
        log.ShouldContain("Intake blob handled with status 400", Case.Sensitive, "the quarantined intake file was logged (by status only)");
        log.ShouldContain("Request failed with InvalidDataException; answered 500.", Case.Sensitive, "the failing request was logged (by exception type only)");
        var entries = LogEntries(log);
        foreach (var (eventId, step) in new[]
        {
            (2101, "submitted"), (2010, "case file accepted"), (2020, "reviewer chosen"), (2022, "assignment recorded"),
            (2112, "records declared complete"), (2031, "review started"), (2120, "decision accepted"), (2060, "determination issued"),
        })
        {
            entries.ShouldContain(e => e.EventId == eventId && e.Message.Contains(caseNumber, StringComparison.Ordinal), $"step '{step}' is logged for the case with event id {eventId}");
        }

        entries.ShouldContain(e => e.EventId == 2150 && e.Message.Contains(reviewerId, StringComparison.Ordinal), "the reviewer's registration is logged (2150)");
        entries.Count(e => e.EventId == 2190 && e.Message.StartsWith("SubmitDecision refused", StringComparison.Ordinal) && e.Message.Contains(caseNumber, StringComparison.Ordinal))
            .ShouldBe(2, "both refused decisions are logged (2190), by status and count");
        ErrorStatusAcceptance.StackTraceLines(log).ShouldBeEmpty("no stack trace anywhere in the log (a message or trace may quote case content)");
        foreach (var secret in new[]
        {
            EmployeeName, "Vantreese", InjuryDate, "05/17/2012", "5/17/2012", "PHI-CASE-7Q2X", "radiculopathy", "Lumbosacral",
            "PHI-REVIEW-3K9Z", "paresthesia", "PHI-RATIONALE-8M1W", "Lumbar fusion", token,
        })
        {
            log.ShouldNotContain(secret, Case.Insensitive, $"the log holds '{secret}'");
        }
    }

    /// <summary>The entries of a console log in the simple format: a "level: category[event id]" line, then the message indented.</summary>
    private static List<(int EventId, string Message)> LogEntries(string log)
    {
        var entries = new List<(int EventId, string Message)>();
        var lines = log.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var header = System.Text.RegularExpressions.Regex.Match(lines[i], @"^(trce|dbug|info|warn|fail|crit): [^\[]+\[(?<id>\d+)\]");
            if (header.Success && i + 1 < lines.Length)
            {
                entries.Add((int.Parse(header.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture), lines[i + 1].Trim()));
            }
        }

        return entries;
    }
}
