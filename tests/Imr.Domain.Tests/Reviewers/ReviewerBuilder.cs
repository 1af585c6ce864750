using Imr.Domain.Reviewers;

namespace Imr.Domain.Tests.Reviewers;

/// <summary>Reviewers for tests: eligible for the seed case unless a test changes something.</summary>
internal static class ReviewerBuilder
{
    public static readonly DateOnly On = new(2013, 11, 5);

    public static Reviewer Eligible(string id = "R-0001", string specialty = "Occupational Medicine", int caseload = 2, int capacity = 10) => new()
    {
        Id = id,
        Name = "Reviewer " + id,
        Licenses = [new License { State = "CA", Number = "A12345", Status = LicenseStatus.Active, Expires = On.AddYears(1) }],
        Certifications = [new BoardCertification { Board = "ABPM", Specialty = specialty, Expires = On.AddYears(3) }],
        YearsInActivePractice = 12,
        ClinicalHoursPerWeek = 32,
        Affiliations = [new Affiliation { PartyId = "HOSP-77", Organization = "Unrelated Medical Group" }],
        CurrentCaseload = caseload,
        Capacity = capacity,
        Status = ReviewerStatus.Active,
    };
}
