using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Workflow.Application;
using Imr.Workflow.Ports;
using Imr.Workflow.Tests.Harness;
using Case = Imr.Domain.Cases.Case;

namespace Imr.Workflow.Tests.Application;

/// <summary>
/// The escalations due today, read from the deadline index over Azurite: a point overdue and one due by the end of today
/// (California time) are listed, overdue first; a point due tomorrow and the points of a closed case are not; a missing or
/// other <c>due</c> is a 400 naming it.
/// </summary>
public sealed class DueEscalationsTests(WorkflowHarness harness) : CaseWorkflowTest(harness)
{
    [Fact]
    public async Task Points_overdue_or_due_by_the_end_of_today_are_listed_and_later_ones_are_not()
    {
        var index = Port<ICaseIndex>();
        var now = DateTimeOffset.UtcNow;
        var today = PacificTime.DateOf(now);
        var open = new Case
        {
            CaseNumber = CaseNumber,
            State = CaseState.AwaitingRecords,
            ReviewerId = "rev-due",
            Items = Items,
            Deadlines = new CaseDeadlines
            {
                RecordsReminder = now.AddHours(-2),
                RecordsEscalation = PacificTime.EndOfDay(today),
                RecordsDue = PacificTime.EndOfDay(today.AddDays(1)),
            },
            CreatedAt = now,
            UpdatedAt = now,
        };
        (await index.TryCreateAsync(open)).ShouldBeTrue();

        var due = await new DueEscalations(index, TimeProvider.System).ListAsync(DueEscalations.Today);

        due.Status.ShouldBe(OutcomeStatus.Ok);
        var mine = due.Value!.Where(e => e.CaseNumber == CaseNumber.ToString()).ToList();
        mine.Select(e => (e.Deadline, e.Overdue)).ShouldBe([("RecordsReminder", true), ("RecordsEscalation", false)]);
        mine[0].ReviewerId.ShouldBe("rev-due");
        mine[0].State.ShouldBe(CaseState.AwaitingRecords);

        // Once the case has closed, its points are no longer due, whatever entries the sweep has yet to clear.
        await index.UpdateAsync(CaseNumber, c => c with { State = CaseState.Terminated });
        (await new DueEscalations(index, TimeProvider.System).ListAsync(DueEscalations.Today)).Value!.ShouldNotContain(e => e.CaseNumber == CaseNumber.ToString());
    }

    [Theory]
    [InlineData(null, "Required: due=today.")]
    [InlineData("tomorrow", "Takes only the value today.")]
    [InlineData("", "Takes only the value today.")]
    public async Task Any_due_but_today_is_refused_naming_due(string? due, string reason)
    {
        var refused = await new DueEscalations(Port<ICaseIndex>(), TimeProvider.System).ListAsync(due);
        refused.Status.ShouldBe(OutcomeStatus.BadRequest);
        refused.Problems.ShouldHaveSingleItem().ShouldBe(new ValidationProblem("due", reason));
    }
}
