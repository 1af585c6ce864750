using System.Text.Json.Nodes;

namespace Imr.Functions.Tests.Publishing;

/// <summary>
/// Reads the published app's (<see cref="PublishedApp"/>) generated
/// <c>functions.metadata</c>: the host indexes functions from it, so every trigger must be listed there.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<Task<JsonArray>> Published = new(PublishAsync);

    public static TheoryData<string, string, string?> ExpectedTriggers => new()
    {
        { "SubmitCase", "httpTrigger", "cases" },
        { "ListCases", "httpTrigger", "cases" },
        { "GetCase", "httpTrigger", "cases/{caseNumber}" },
        { "StoreRecord", "httpTrigger", "cases/{caseNumber}/records/{fileName}" },
        { "ListRecords", "httpTrigger", "cases/{caseNumber}/records" },
        { "GetRecord", "httpTrigger", "cases/{caseNumber}/records/{fileName}" },
        { "CompleteRecords", "httpTrigger", "cases/{caseNumber}/records/complete" },
        { "SubmitDecision", "httpTrigger", "cases/{caseNumber}/decision" },
        { "WithdrawCase", "httpTrigger", "cases/{caseNumber}/withdraw" },
        { "RetryCase", "httpTrigger", "cases/{caseNumber}/retry" },
        { "ExpediteCase", "httpTrigger", "cases/{caseNumber}/expedite" },
        { "ConflictStatement", "httpTrigger", "cases/{caseNumber}/conflict-statement" },
        { "GetDetermination", "httpTrigger", "cases/{caseNumber}/determination" },
        { "GetAudit", "httpTrigger", "cases/{caseNumber}/audit" },
        { "CreateReviewer", "httpTrigger", "reviewers" },
        { "ListReviewers", "httpTrigger", "reviewers" },
        { "UpdateReviewer", "httpTrigger", "reviewers/{id}" },
        { "GetReviewer", "httpTrigger", "reviewers/{id}" },
        { "ReviewerEligibility", "httpTrigger", "reviewers/{id}/eligibility" },
        { "TimelinessReport", "httpTrigger", "reports/timeliness" },
        { "EscalationsDue", "httpTrigger", "escalations" },
        { "Health", "httpTrigger", "health" },
        { "Console", "httpTrigger", "console/{*path}" },
        { "IntakeBlobTrigger", "blobTrigger", "intake/{name}" },
        { "RecordBlobTrigger", "blobTrigger", "cases/{caseNumber}/records/{fileName}" },
        { "EscalationTimer", "timerTrigger", null },
        { "RetentionTimer", "timerTrigger", null },
        { "CaseOrchestration", "orchestrationTrigger", null },
        { "AcceptCaseActivity", "activityTrigger", null },
        { "FindReviewerActivity", "activityTrigger", null },
        { "RecordAssignmentActivity", "activityTrigger", null },
        { "RecordUnassignedActivity", "activityTrigger", null },
        { "ReleaseAssignmentActivity", "activityTrigger", null },
        { "RecordArrivalActivity", "activityTrigger", null },
        { "StartReviewActivity", "activityTrigger", null },
        { "DeadlineNoticeActivity", "activityTrigger", null },
        { "RefuseDecisionActivity", "activityTrigger", null },
        { "IssueDeterminationActivity", "activityTrigger", null },
        { "EndCaseActivity", "activityTrigger", null },
        { "ReportFailureActivity", "activityTrigger", null },
        { "ExpediteCaseActivity", "activityTrigger", null },
        { "ConflictStatementActivity", "activityTrigger", null },
    };

    [Theory]
    [MemberData(nameof(ExpectedTriggers))]
    public async Task The_published_metadata_lists_the_trigger(string function, string triggerType, string? routeOrPath)
    {
        var metadata = await Published.Value;

        var entry = metadata.SingleOrDefault(f => f!["name"]!.GetValue<string>() == function);
        entry.ShouldNotBeNull($"functions.metadata has no '{function}'");
        var trigger = entry["bindings"]!.AsArray().SingleOrDefault(b => b!["type"]!.GetValue<string>() == triggerType);
        trigger.ShouldNotBeNull($"'{function}' has no {triggerType}");
        if (routeOrPath is not null)
        {
            (trigger["route"] ?? trigger["path"])!.GetValue<string>().ShouldBe(routeOrPath);
        }

        if (triggerType == "httpTrigger")
        {
            // The browser's console calls the API with its sign-in session, which carries no function key; every route
            // checks the caller's role itself (docs/security.md).
            trigger["authLevel"]!.GetValue<string>().ShouldBe("Anonymous");
        }
    }

    [Fact]
    public async Task Every_workflow_activity_has_a_function_wrapper()
    {
        var metadata = await Published.Value;
        // The workflow's own list of what its orchestration calls; a new activity without a wrapper fails here, not in Azure.
        var activities = Imr.Workflow.CaseWorkflowRegistration.ActivityTypes.Select(t => t.Name).ToList();

        activities.ShouldNotBeEmpty();
        var activityFunctions = metadata
            .Where(f => f!["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "activityTrigger"))
            .Select(f => f!["name"]!.GetValue<string>())
            .ToList();
        activityFunctions.ShouldBe(activities, ignoreOrder: true);
    }

    private static async Task<JsonArray> PublishAsync()
    {
        var output = await PublishedApp.DirectoryAsync();
        var file = Path.Combine(output, "functions.metadata");
        File.Exists(file).ShouldBeTrue("publish produced no functions.metadata");
        File.Exists(Path.Combine(output, "host.json")).ShouldBeTrue("host.json is linked into the published app");
        return JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsArray();
    }
}
