using BenchmarkDotNet.Attributes;
using Imr.Domain.Cases;
using Imr.Domain.Reviewers;

namespace Imr.Benchmarks;

/// <summary>
/// Choosing among 10,000 reviewers. The baseline is a plain linear scan of the same list for the least-loaded active
/// reviewer with room, so the result reads as the cost of applying every eligibility rule relative to just looking.
/// </summary>
[MemoryDiagnoser]
public class ReviewerSelectionBenchmarks
{
    private static readonly DateOnly On = new(2026, 11, 27);
    private static readonly string[] Specialties =
    [
        "Occupational Medicine", "Orthopedic Surgery", "Physical Medicine and Rehabilitation", "Pain Management",
        "Family Medicine", "Neurology", "Psychiatry", "Dermatology", "Internal Medicine", "Anesthesiology",
    ];

    private CaseFile _caseFile = null!;
    private List<Reviewer> _reviewers = null!;

    /// <summary>Number of reviewers in the registry.</summary>
    [Params(10_000)]
    public int Reviewers { get; set; }

    /// <summary>Builds a fixed, seeded registry so every run measures the same data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261127);
        _caseFile = new CaseFile
        {
            SchemaVersion = "1.0",
            Priority = Priority.Standard,
            Conditions = ["cervical strain", "thoracic strain"],
            DisputedItems = [new DisputedItem { Description = "Technician bone scan total spine", Quantity = 1 }],
            Parties = new CaseParties
            {
                Employee = new Party { Id = "EE-1", Name = "Employee" },
                Employer = new Party { Id = "ER-1", Name = "Employer Inc." },
                ClaimsAdministrator = new Party { Id = "CA-1", Name = "Claims Co" },
                RequestingProvider = new Party { Id = "NPI-1", Name = "Provider" },
            },
        };
        _reviewers = Enumerable.Range(0, Reviewers).Select(i => new Reviewer
        {
            Id = $"R-{i:00000}",
            Licenses = [new License { State = random.Next(20) == 0 ? "NV" : "CA", Status = random.Next(30) == 0 ? LicenseStatus.Restricted : LicenseStatus.Active, Expires = On.AddDays(random.Next(-60, 900)) }],
            Certifications = [new BoardCertification { Specialty = Specialties[random.Next(Specialties.Length)], Expires = On.AddDays(random.Next(-60, 2000)) }],
            YearsInActivePractice = random.Next(2, 35),
            ClinicalHoursPerWeek = random.Next(10, 60),
            Affiliations = [new Affiliation { PartyId = random.Next(200) == 0 ? "ER-1" : $"X-{i}", Organization = random.Next(200) == 0 ? "claims co" : "Some Group" }],
            CurrentCaseload = random.Next(0, 12),
            Capacity = random.Next(5, 15),
            Status = random.Next(15) == 0 ? ReviewerStatus.Paused : ReviewerStatus.Active,
        }).ToList();
    }

    /// <summary>Baseline: one pass for the least-loaded active reviewer with room, with no eligibility rules.</summary>
    [Benchmark(Baseline = true)]
    public Reviewer? LinearScan()
    {
        Reviewer? best = null;
        foreach (var reviewer in _reviewers)
        {
            if (reviewer.Status == ReviewerStatus.Active && reviewer.CurrentCaseload < reviewer.Capacity
                && (best is null || reviewer.CurrentCaseload < best.CurrentCaseload))
            {
                best = reviewer;
            }
        }

        return best;
    }

    /// <summary>The real thing: every rule, every reason, fit and ranking.</summary>
    [Benchmark]
    public ReviewerEvaluation? Choose() => ReviewerSelection.Choose(_caseFile, _reviewers, On).Chosen;
}
