using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Domain.Reviewers;
using Case = Imr.Domain.Cases.Case;

namespace Imr.Storage.Tests;

internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static Case Case(CaseNumber caseNumber, CaseState state = CaseState.AwaitingRecords, CaseDeadlines? deadlines = null) => new()
    {
        CaseNumber = caseNumber,
        State = state,
        StateReason = "waiting for records",
        Priority = Priority.Expedited,
        ReviewerId = "rev-1",
        PreviousReviewerIds = ["rev-0", "rev-9"],
        AssignmentCount = 2,
        EscalationLevel = 1,
        Deadlines = deadlines ?? new CaseDeadlines
        {
            RecordsDue = Now.AddDays(12),
            RecordsReminder = Now.AddDays(10),
        },
        Items = ["Physical therapy 2x6 lumbar spine", "MRI cervical spine"],
        PolicyVersion = "2026.1",
        WorkflowVersion = "1.0.0",
        ContentHash = new string('a', 64),
        AssignedAt = Now.AddHours(-3),
        NoticeSentAt = Now.AddHours(-4),
        NoticeServedBy = ServiceMethod.Mail,
        CreatedAt = Now.AddDays(-1),
        UpdatedAt = Now,
    };

    public static Reviewer Reviewer(string id, params string[] specialties) => new()
    {
        Id = id,
        Name = "Dr. Example " + id,
        Licenses = [new License { State = "CA", Number = "A12345", Status = LicenseStatus.Active, Expires = new DateOnly(2028, 1, 31) }],
        Certifications = specialties.Select(s => new BoardCertification { Board = "ABMS", Specialty = s, Expires = new DateOnly(2030, 6, 30) }).ToList(),
        YearsInActivePractice = 12.5m,
        ClinicalHoursPerWeek = 30m,
        Affiliations = [new Affiliation { PartyId = "FEIN-1", Organization = "Acme Insurance" }],
        Capacity = 100,
        Status = ReviewerStatus.Active,
    };

    public static DeterminationSummary Determination() => new()
    {
        DecisionDate = new DateOnly(2026, 12, 1),
        Items =
        [
            new DeterminedItem { Description = "Physical therapy 2x6 lumbar spine", Decision = Decision.Overturned, AuthorizationDue = new DateOnly(2026, 12, 8) },
            new DeterminedItem { Description = "MRI cervical spine", Decision = Decision.Upheld },
        ],
    };
}
