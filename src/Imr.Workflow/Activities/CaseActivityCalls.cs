using Microsoft.DurableTask;

namespace Imr.Workflow.Activities;

/// <summary>
/// Typed calls to the case activities (written by hand: the Durable Task source generator is not available here).
/// Each call names its activity once, so a rename cannot leave a string behind.
/// </summary>
public static class CaseActivityCalls
{
    /// <summary>Calls <see cref="AcceptCaseActivity"/>.</summary>
    public static Task<AcceptCaseResult> CallAcceptCaseAsync(this TaskOrchestrationContext context, AcceptCaseRequest request, TaskOptions? options = null) =>
        Call<AcceptCaseResult>(context, nameof(AcceptCaseActivity), request, options);

    /// <summary>Calls <see cref="NoticeOfAssignmentActivity"/>.</summary>
    public static Task<bool> CallNoticeOfAssignmentAsync(this TaskOrchestrationContext context, NoticeOfAssignmentRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(NoticeOfAssignmentActivity), request, options);

    /// <summary>Calls <see cref="ConsolidateApplicationActivity"/>.</summary>
    public static Task<ConsolidationResult> CallConsolidateApplicationAsync(this TaskOrchestrationContext context, ConsolidateApplicationRequest request, TaskOptions? options = null) =>
        Call<ConsolidationResult>(context, nameof(ConsolidateApplicationActivity), request, options);

    /// <summary>Calls <see cref="CloseConsolidationActivity"/>.</summary>
    public static Task<IReadOnlyList<ConsolidatedApplication>> CallCloseConsolidationAsync(this TaskOrchestrationContext context, CloseConsolidationRequest request, TaskOptions? options = null) =>
        Call<IReadOnlyList<ConsolidatedApplication>>(context, nameof(CloseConsolidationActivity), request, options);

    /// <summary>Calls <see cref="FindReviewerActivity"/>.</summary>
    public static Task<FindReviewerResult> CallFindReviewerAsync(this TaskOrchestrationContext context, FindReviewerRequest request, TaskOptions? options = null) =>
        Call<FindReviewerResult>(context, nameof(FindReviewerActivity), request, options);

    /// <summary>Calls <see cref="RecordAssignmentActivity"/>.</summary>
    public static Task<bool> CallRecordAssignmentAsync(this TaskOrchestrationContext context, RecordAssignmentRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(RecordAssignmentActivity), request, options);

    /// <summary>Calls <see cref="RecordUnassignedActivity"/>.</summary>
    public static Task<bool> CallRecordUnassignedAsync(this TaskOrchestrationContext context, RecordUnassignedRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(RecordUnassignedActivity), request, options);

    /// <summary>Calls <see cref="ReleaseAssignmentActivity"/>.</summary>
    public static Task<bool> CallReleaseAssignmentAsync(this TaskOrchestrationContext context, ReleaseAssignmentRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(ReleaseAssignmentActivity), request, options);

    /// <summary>Calls <see cref="RecordArrivalActivity"/>.</summary>
    public static Task<bool> CallRecordArrivalAsync(this TaskOrchestrationContext context, RecordArrivalRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(RecordArrivalActivity), request, options);

    /// <summary>Calls <see cref="StartReviewActivity"/>.</summary>
    public static Task<bool> CallStartReviewAsync(this TaskOrchestrationContext context, StartReviewRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(StartReviewActivity), request, options);

    /// <summary>Calls <see cref="DeadlineNoticeActivity"/>.</summary>
    public static Task<bool> CallDeadlineNoticeAsync(this TaskOrchestrationContext context, DeadlineNoticeRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(DeadlineNoticeActivity), request, options);

    /// <summary>Calls <see cref="RefuseDecisionActivity"/>.</summary>
    public static Task<bool> CallRefuseDecisionAsync(this TaskOrchestrationContext context, RefuseDecisionRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(RefuseDecisionActivity), request, options);

    /// <summary>Calls <see cref="InformationRequestActivity"/>.</summary>
    public static Task<bool> CallRequestInformationAsync(this TaskOrchestrationContext context, InformationRequestRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(InformationRequestActivity), request, options);

    /// <summary>Calls <see cref="IssueDeterminationActivity"/>.</summary>
    public static Task<DeterminationIssued> CallIssueDeterminationAsync(this TaskOrchestrationContext context, IssueDeterminationRequest request, TaskOptions? options = null) =>
        Call<DeterminationIssued>(context, nameof(IssueDeterminationActivity), request, options);

    /// <summary>Calls <see cref="EndCaseActivity"/>.</summary>
    public static Task<bool> CallEndCaseAsync(this TaskOrchestrationContext context, EndCaseRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(EndCaseActivity), request, options);

    /// <summary>Calls <see cref="ExpediteCaseActivity"/>.</summary>
    public static Task<bool> CallExpediteCaseAsync(this TaskOrchestrationContext context, ExpediteCaseRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(ExpediteCaseActivity), request, options);

    /// <summary>Calls <see cref="ConflictStatementActivity"/>.</summary>
    public static Task<bool> CallConflictStatementAsync(this TaskOrchestrationContext context, ConflictStatementRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(ConflictStatementActivity), request, options);

    /// <summary>Calls <see cref="ReportFailureActivity"/>.</summary>
    public static Task<bool> CallReportFailureAsync(this TaskOrchestrationContext context, ReportFailureRequest request, TaskOptions? options = null) =>
        Call<bool>(context, nameof(ReportFailureActivity), request, options);

    private static Task<T> Call<T>(TaskOrchestrationContext context, string name, object request, TaskOptions? options)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<T>(name, request, options);
    }
}
