using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Imr.Functions.Workflow;

/// <summary>
/// Hand-written <c>[Function]</c> wrappers for the class-based orchestrator and activities (the Durable Task source
/// generator is not available here). Each wrapper only hands over to the workflow's own class.
/// </summary>
public sealed class CaseWorkflowFunctions(IServiceProvider services)
{
    /// <summary>The case orchestration.</summary>
    [Function(CaseWorkflowContract.OrchestrationName)]
    public static Task<CaseOutcome?> CaseOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<CaseWorkflowInput>() ?? throw new InvalidOperationException("The case orchestration needs its input.");
        return new CaseOrchestration().RunAsync(context, input);
    }

    /// <summary>Runs <see cref="AcceptCaseActivity"/>.</summary>
    [Function(nameof(AcceptCaseActivity))]
    public Task<AcceptCaseResult> AcceptCase([ActivityTrigger] AcceptCaseRequest input, FunctionContext context) =>
        Run<AcceptCaseActivity, AcceptCaseRequest, AcceptCaseResult>(input, context);

    /// <summary>Runs <see cref="NoticeOfAssignmentActivity"/>.</summary>
    [Function(nameof(NoticeOfAssignmentActivity))]
    public Task<bool> NoticeOfAssignment([ActivityTrigger] NoticeOfAssignmentRequest input, FunctionContext context) =>
        Run<NoticeOfAssignmentActivity, NoticeOfAssignmentRequest, bool>(input, context);

    /// <summary>Runs <see cref="FindReviewerActivity"/>.</summary>
    [Function(nameof(FindReviewerActivity))]
    public Task<FindReviewerResult> FindReviewer([ActivityTrigger] FindReviewerRequest input, FunctionContext context) =>
        Run<FindReviewerActivity, FindReviewerRequest, FindReviewerResult>(input, context);

    /// <summary>Runs <see cref="RecordAssignmentActivity"/>.</summary>
    [Function(nameof(RecordAssignmentActivity))]
    public Task<bool> RecordAssignment([ActivityTrigger] RecordAssignmentRequest input, FunctionContext context) =>
        Run<RecordAssignmentActivity, RecordAssignmentRequest, bool>(input, context);

    /// <summary>Runs <see cref="RecordUnassignedActivity"/>.</summary>
    [Function(nameof(RecordUnassignedActivity))]
    public Task<bool> RecordUnassigned([ActivityTrigger] RecordUnassignedRequest input, FunctionContext context) =>
        Run<RecordUnassignedActivity, RecordUnassignedRequest, bool>(input, context);

    /// <summary>Runs <see cref="ReleaseAssignmentActivity"/>.</summary>
    [Function(nameof(ReleaseAssignmentActivity))]
    public Task<bool> ReleaseAssignment([ActivityTrigger] ReleaseAssignmentRequest input, FunctionContext context) =>
        Run<ReleaseAssignmentActivity, ReleaseAssignmentRequest, bool>(input, context);

    /// <summary>Runs <see cref="RecordArrivalActivity"/>.</summary>
    [Function(nameof(RecordArrivalActivity))]
    public Task<bool> RecordArrival([ActivityTrigger] RecordArrivalRequest input, FunctionContext context) =>
        Run<RecordArrivalActivity, RecordArrivalRequest, bool>(input, context);

    /// <summary>Runs <see cref="StartReviewActivity"/>.</summary>
    [Function(nameof(StartReviewActivity))]
    public Task<bool> StartReview([ActivityTrigger] StartReviewRequest input, FunctionContext context) =>
        Run<StartReviewActivity, StartReviewRequest, bool>(input, context);

    /// <summary>Runs <see cref="ConsolidateApplicationActivity"/>.</summary>
    [Function(nameof(ConsolidateApplicationActivity))]
    public Task<ConsolidationResult> ConsolidateApplication([ActivityTrigger] ConsolidateApplicationRequest input, FunctionContext context) =>
        Run<ConsolidateApplicationActivity, ConsolidateApplicationRequest, ConsolidationResult>(input, context);

    /// <summary>Runs <see cref="CloseConsolidationActivity"/>.</summary>
    [Function(nameof(CloseConsolidationActivity))]
    public Task<IReadOnlyList<ConsolidatedApplication>> CloseConsolidation([ActivityTrigger] CloseConsolidationRequest input, FunctionContext context) =>
        Run<CloseConsolidationActivity, CloseConsolidationRequest, IReadOnlyList<ConsolidatedApplication>>(input, context);

    /// <summary>Runs <see cref="DeadlineNoticeActivity"/>.</summary>
    [Function(nameof(DeadlineNoticeActivity))]
    public Task<bool> DeadlineNotice([ActivityTrigger] DeadlineNoticeRequest input, FunctionContext context) =>
        Run<DeadlineNoticeActivity, DeadlineNoticeRequest, bool>(input, context);

    /// <summary>Runs <see cref="RefuseDecisionActivity"/>.</summary>
    [Function(nameof(RefuseDecisionActivity))]
    public Task<bool> RefuseDecision([ActivityTrigger] RefuseDecisionRequest input, FunctionContext context) =>
        Run<RefuseDecisionActivity, RefuseDecisionRequest, bool>(input, context);

    /// <summary>Runs <see cref="InformationRequestActivity"/>.</summary>
    [Function(nameof(InformationRequestActivity))]
    public Task<bool> RequestInformation([ActivityTrigger] InformationRequestRequest input, FunctionContext context) =>
        Run<InformationRequestActivity, InformationRequestRequest, bool>(input, context);

    /// <summary>Runs <see cref="IssueDeterminationActivity"/>.</summary>
    [Function(nameof(IssueDeterminationActivity))]
    public Task<DeterminationIssued> IssueDetermination([ActivityTrigger] IssueDeterminationRequest input, FunctionContext context) =>
        Run<IssueDeterminationActivity, IssueDeterminationRequest, DeterminationIssued>(input, context);

    /// <summary>Runs <see cref="EndCaseActivity"/>.</summary>
    [Function(nameof(EndCaseActivity))]
    public Task<bool> EndCase([ActivityTrigger] EndCaseRequest input, FunctionContext context) =>
        Run<EndCaseActivity, EndCaseRequest, bool>(input, context);

    /// <summary>Runs <see cref="ReportFailureActivity"/>.</summary>
    [Function(nameof(ReportFailureActivity))]
    public Task<bool> ReportFailure([ActivityTrigger] ReportFailureRequest input, FunctionContext context) =>
        Run<ReportFailureActivity, ReportFailureRequest, bool>(input, context);

    /// <summary>Runs <see cref="ExpediteCaseActivity"/>.</summary>
    [Function(nameof(ExpediteCaseActivity))]
    public Task<bool> ExpediteCase([ActivityTrigger] ExpediteCaseRequest input, FunctionContext context) =>
        Run<ExpediteCaseActivity, ExpediteCaseRequest, bool>(input, context);

    /// <summary>Runs <see cref="ConflictStatementActivity"/>.</summary>
    [Function(nameof(ConflictStatementActivity))]
    public Task<bool> ConflictStatement([ActivityTrigger] ConflictStatementRequest input, FunctionContext context) =>
        Run<ConflictStatementActivity, ConflictStatementRequest, bool>(input, context);

    /// <summary>Runs <see cref="RemandCaseActivity"/>.</summary>
    [Function(nameof(RemandCaseActivity))]
    public Task<CaseRemandTaken> RemandCase([ActivityTrigger] RemandCaseRequest input, FunctionContext context) =>
        Run<RemandCaseActivity, RemandCaseRequest, CaseRemandTaken>(input, context);

    private Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(context);
        var instanceId = context.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "";
        var activity = ActivatorUtilities.CreateInstance<TActivity>(services);
        return activity.RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);
    }
}

/// <summary>The activity context the workflow's activities receive when Functions runs them.</summary>
internal sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    /// <inheritdoc />
    public override TaskName Name { get; } = name;

    /// <inheritdoc />
    public override string InstanceId { get; } = instanceId;
}
