using Microsoft.Extensions.Logging.Abstractions;
using System.Text.Json.Nodes;
using Imr.Functions.Http;
using Imr.Functions.Tests.Http;
using Imr.Functions.Workflow;
using Imr.Workflow;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging;

namespace Imr.Functions.Tests.Workflow;

/// <summary>
/// A case run to its letter where the orchestrator and every activity are reached only through the Functions app's
/// hand-written <c>[Function]</c> wrappers, as the Functions host would call them.
/// </summary>
public sealed class FunctionWrapperTests(FunctionsHost host) : IClassFixture<FunctionsHost>
{
    [Fact]
    public async Task A_case_runs_to_its_letter_through_the_function_wrappers()
    {
        var wrappers = new CaseWorkflowFunctions(host.Services);
        var registered = new List<string>();
        await using var engine = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestratorFunc<CaseWorkflowInput, CaseOutcome?>(
                    CaseWorkflowContract.OrchestrationName, (context, _) => CaseWorkflowFunctions.CaseOrchestration(context));
                Add<AcceptCaseRequest, AcceptCaseResult>(nameof(AcceptCaseActivity), wrappers.AcceptCase);
                Add<NoticeOfAssignmentRequest, bool>(nameof(NoticeOfAssignmentActivity), wrappers.NoticeOfAssignment);
                Add<FindReviewerRequest, FindReviewerResult>(nameof(FindReviewerActivity), wrappers.FindReviewer);
                Add<RecordAssignmentRequest, bool>(nameof(RecordAssignmentActivity), wrappers.RecordAssignment);
                Add<RecordUnassignedRequest, bool>(nameof(RecordUnassignedActivity), wrappers.RecordUnassigned);
                Add<ReleaseAssignmentRequest, bool>(nameof(ReleaseAssignmentActivity), wrappers.ReleaseAssignment);
                Add<RecordArrivalRequest, bool>(nameof(RecordArrivalActivity), wrappers.RecordArrival);
                Add<StartReviewRequest, bool>(nameof(StartReviewActivity), wrappers.StartReview);
                Add<DeadlineNoticeRequest, bool>(nameof(DeadlineNoticeActivity), wrappers.DeadlineNotice);
                Add<RefuseDecisionRequest, bool>(nameof(RefuseDecisionActivity), wrappers.RefuseDecision);
                Add<InformationRequestRequest, bool>(nameof(InformationRequestActivity), wrappers.RequestInformation);
                Add<IssueDeterminationRequest, DeterminationIssued>(nameof(IssueDeterminationActivity), wrappers.IssueDetermination);
                Add<EndCaseRequest, bool>(nameof(EndCaseActivity), wrappers.EndCase);
                Add<ReportFailureRequest, bool>(nameof(ReportFailureActivity), wrappers.ReportFailure);
                Add<ExpediteCaseRequest, bool>(nameof(ExpediteCaseActivity), wrappers.ExpediteCase);
                Add<ConflictStatementRequest, bool>(nameof(ConflictStatementActivity), wrappers.ConflictStatement);
                Add<ConsolidateApplicationRequest, ConsolidationResult>(nameof(ConsolidateApplicationActivity), wrappers.ConsolidateApplication);
                Add<CloseConsolidationRequest, IReadOnlyList<ConsolidatedApplication>>(nameof(CloseConsolidationActivity), wrappers.CloseConsolidation);
                Add<RemandCaseRequest, CaseRemandTaken>(nameof(RemandCaseActivity), wrappers.RemandCase);

                void Add<TInput, TOutput>(string name, Func<TInput, FunctionContext, Task<TOutput>> wrapper)
                {
                    registered.Add(name);
                    registry.AddActivityFunc<TInput, TOutput>(name, (context, input) => wrapper(input, new TestFunctionContext(context.InstanceId, host.Services)));
                }
            },
            new DurableTaskTestHostOptions { LoggerFactory = LoggerFactory.Create(_ => { }) });
        registered.ShouldBe(CaseWorkflowRegistration.ActivityTypes.Select(t => t.Name), ignoreOrder: true);

        var reviewers = new ReviewerFunctions(host.Services, NullLogger<ReviewerFunctions>.Instance);
        var cases = new CaseFunctions(host.Services, NullLogger<CaseFunctions>.Instance);
        var reviewerId = $"rev-{Guid.NewGuid():N}"[..16];
        var createReviewer = host.Request("POST", FunctionsHost.Reviewer(reviewerId));
        (await FunctionsHost.ExecuteAsync(createReviewer, await reviewers.CreateReviewer(createReviewer, CancellationToken.None))).Status.ShouldBe(201);

        var caseNumber = $"CM25-{Random.Shared.Next(1, 9_999_999):0000000}";
        var submit = host.Request("POST", FunctionsHost.SeedCase(caseNumber));
        (await FunctionsHost.ExecuteAsync(submit, await cases.SubmitCase(submit, engine.Client, CancellationToken.None))).Status.ShouldBe(202);
        var assigned = await WaitForStateAsync(cases, caseNumber, "AwaitingRecords");
        var token = await AssignmentNotices.TokenAsync(host.StorageConnectionString, caseNumber);

        // The reviewer states no conflict of interest before deciding (LC § 139.5).
        var statement = host.Request("POST", """{"noConflict": true}""", headers: new Dictionary<string, string> { ["X-Assignment-Token"] = token }, caller: ImrCaller.None);
        (await FunctionsHost.ExecuteAsync(statement, await cases.ConflictStatement(statement, caseNumber, engine.Client, CancellationToken.None))).Status.ShouldBe(202);

        var complete = host.Request("POST");
        (await FunctionsHost.ExecuteAsync(complete, await cases.CompleteRecords(complete, caseNumber, engine.Client, CancellationToken.None))).Status.ShouldBe(202);
        await WaitForStateAsync(cases, caseNumber, "UnderReview");

        var decisionNode = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "decision.json")))!;
        decisionNode["reviewerId"] = assigned["reviewerId"]!.GetValue<string>();
        var decision = decisionNode.ToJsonString();
        var decide = host.Request("POST", decision, headers: new Dictionary<string, string> { ["X-Assignment-Token"] = token }, caller: ImrCaller.None);
        (await FunctionsHost.ExecuteAsync(decide, await cases.SubmitDecision(decide, caseNumber, engine.Client, CancellationToken.None))).Status.ShouldBe(202);
        await WaitForStateAsync(cases, caseNumber, "Determined");

        var letterRequest = host.Request("GET", headers: new Dictionary<string, string> { ["Accept"] = "application/pdf" });
        var letter = await FunctionsHost.ExecuteAsync(letterRequest, await cases.GetDetermination(letterRequest, caseNumber, CancellationToken.None));
        letter.Status.ShouldBe(200);
        letter.ContentType.ShouldBe("application/pdf");
        letter.Body.ShouldStartWith("%PDF");
    }

    private async Task<JsonNode> WaitForStateAsync(CaseFunctions cases, string caseNumber, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonNode? view = null;
        while (DateTime.UtcNow < deadline)
        {
            var get = host.Request("GET");
            view = JsonNode.Parse((await FunctionsHost.ExecuteAsync(get, await cases.GetCase(get, caseNumber, CancellationToken.None))).Body);
            if (view?["state"]?.GetValue<string>() == state)
            {
                return view;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Case {caseNumber} did not reach {state}; last seen {view?.ToJsonString()}");
    }
}
