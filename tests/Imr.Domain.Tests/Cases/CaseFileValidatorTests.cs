using Imr.Domain.Cases;

namespace Imr.Domain.Tests.Cases;

public class CaseFileValidatorTests
{
    private static readonly CaseFile Seed = SeedCase.Load();

    private static CaseFile WithItem(DisputedItem item) => Seed with { DisputedItems = [item] };

    private static CaseFile WithDates(Func<CaseDates, CaseDates> change) => Seed with { Dates = change(Seed.Dates!) };

    private static CaseFile WithFinding(Func<EligibilityFinding, EligibilityFinding> change) => Seed with { EligibilityFinding = change(Seed.EligibilityFinding!) };

    private static CaseFile WithParties(Func<CaseParties, CaseParties> change) => Seed with { Parties = change(Seed.Parties!) };

    private static CaseFile WithDocument(string? blobPath) => Seed with { Documents = [new DocumentReference { Name = "x.pdf", BlobPath = blobPath }] };

    /// <summary>One bad example per rule: the change, the path it must be reported at, and words of the reason.</summary>
    public static TheoryData<string, Func<CaseFile>, string, string> BadExamples => new()
    {
        { "schema version missing", () => Seed with { SchemaVersion = null }, "$.schemaVersion", "Required" },
        { "schema version unknown", () => Seed with { SchemaVersion = "2.0" }, "$.schemaVersion", "Unknown schema version" },
        { "case number malformed", () => Seed with { CaseNumber = "CM13-123" }, "$.caseNumber", "CMyy-nnnnnnn" },
        { "priority missing", () => Seed with { Priority = null }, "$.priority", "Required" },
        { "expedited without certification", () => Seed with { Priority = Priority.Expedited }, "$.expeditedCertification", "certification" },
        { "expedited certification without physician", () => Seed with { Priority = Priority.Expedited, ExpeditedCertification = new() { Statement = "Imminent threat." } }, "$.expeditedCertification.certifiedBy", "Required" },
        { "expedited certification without statement", () => Seed with { Priority = Priority.Expedited, ExpeditedCertification = new() { CertifiedBy = "NPI-1" } }, "$.expeditedCertification.statement", "Required" },
        { "expedited certification signed in the future", () => Seed with { Priority = Priority.Expedited, ExpeditedCertification = new() { CertifiedBy = "NPI-1", Statement = "Imminent threat.", CertifiedOn = SeedCase.Today.AddDays(2) } }, "$.expeditedCertification.certifiedOn", "in the future" },
        { "dates missing", () => Seed with { Dates = null }, "$.dates", "Required" },
        { "injury date missing", () => WithDates(d => d with { Injury = null }), "$.dates.injury", "Required" },
        { "UR decision date missing", () => WithDates(d => d with { UrDecision = null }), "$.dates.urDecision", "Required" },
        { "served date missing", () => WithDates(d => d with { UrDecisionServed = null }), "$.dates.urDecisionServed", "Required" },
        { "received date missing", () => WithDates(d => d with { ApplicationReceived = null }), "$.dates.applicationReceived", "Required" },
        { "UR decision before injury", () => WithDates(d => d with { UrDecision = new DateOnly(2013, 2, 8) }), "$.dates.urDecision", "before the date of injury" },
        { "served before UR decision", () => WithDates(d => d with { UrDecisionServed = new DateOnly(2013, 10, 20) }), "$.dates.urDecisionServed", "before the date of the UR decision" },
        { "received before served", () => WithDates(d => d with { ApplicationReceived = new DateOnly(2013, 10, 21) }), "$.dates.applicationReceived", "before the date the UR decision was served" },
        { "received in the future", () => WithDates(d => d with { ApplicationReceived = SeedCase.Today.AddDays(1) }), "$.dates.applicationReceived", "in the future" },
        { "AD's finding missing (8 CCR 9792.10.3)", () => Seed with { EligibilityFinding = null }, "$.eligibilityFinding", "Required: the Administrative Director's finding" },
        { "finding date missing", () => WithFinding(f => f with { AssignedOn = null }), "$.eligibilityFinding.assignedOn", "Required" },
        { "finding receipt missing", () => WithFinding(f => f with { ReceivedOn = null }), "$.eligibilityFinding.receivedOn", "Required" },
        { "finding before the application", () => WithFinding(f => f with { AssignedOn = new DateOnly(2013, 11, 3) }), "$.eligibilityFinding.assignedOn", "before the date the application was received" },
        { "finding received before it was made", () => WithFinding(f => f with { ReceivedOn = new DateOnly(2013, 11, 4) }), "$.eligibilityFinding.receivedOn", "before the date of the finding" },
        { "finding received in the future", () => WithFinding(f => f with { ReceivedOn = SeedCase.Today.AddDays(1) }), "$.eligibilityFinding.receivedOn", "in the future" },
        { "attorney without id", () => WithParties(p => p with { EmployeeAttorney = new Party { Name = "Attorney (test)" } }), "$.parties.employeeAttorney.id", "Required" },
        { "parties missing", () => Seed with { Parties = null }, "$.parties", "Required" },
        { "employee missing", () => WithParties(p => p with { Employee = null }), "$.parties.employee", "Required" },
        { "employer missing", () => WithParties(p => p with { Employer = null }), "$.parties.employer", "Required" },
        { "claims administrator missing", () => WithParties(p => p with { ClaimsAdministrator = null }), "$.parties.claimsAdministrator", "Required" },
        { "requesting provider missing", () => WithParties(p => p with { RequestingProvider = null }), "$.parties.requestingProvider", "Required" },
        { "party without id", () => WithParties(p => p with { Employer = p.Employer! with { Id = " " } }), "$.parties.employer.id", "identifier" },
        { "optional party without name", () => WithParties(p => p with { TreatingProvider = new Party { Id = "NPI-9" } }), "$.parties.treatingProvider.name", "name" },
        { "no conditions", () => Seed with { Conditions = [] }, "$.conditions", "condition" },
        { "blank condition", () => Seed with { Conditions = ["cervical strain", "  "] }, "$.conditions[1]", "blank" },
        { "no disputed items", () => Seed with { DisputedItems = null }, "$.disputedItems", "disputed item" },
        { "null disputed item", () => Seed with { DisputedItems = [null!] }, "$.disputedItems[0]", "not null" },
        { "item without description", () => WithItem(Seed.DisputedItems![0] with { Description = "" }), "$.disputedItems[0].description", "Required" },
        { "quantity zero", () => WithItem(Seed.DisputedItems![0] with { Quantity = 0m }), "$.disputedItems[0].quantity", "greater than zero" },
        { "quantity negative", () => WithItem(Seed.DisputedItems![0] with { Quantity = -2m }), "$.disputedItems[0].quantity", "greater than zero" },
        { "partial authorization without original", () => WithItem(Seed.DisputedItems![0] with { PartialAuthorization = new() { Authorized = "6 visits" } }), "$.disputedItems[0].partialAuthorization.originalRequest", "Required" },
        { "partial authorization without authorized", () => WithItem(Seed.DisputedItems![0] with { PartialAuthorization = new() { OriginalRequest = "12 visits" } }), "$.disputedItems[0].partialAuthorization.authorized", "Required" },
        { "item without guideline", () => WithItem(Seed.DisputedItems![0] with { ClaimsAdministratorGuideline = null }), "$.disputedItems[0].claimsAdministratorGuideline", "guideline" },
        { "document without blob path", () => WithDocument(null), "$.documents[0].blobPath", "Required" },
        { "document path with ..", () => WithDocument("cases/CM13-0000001/../../secrets.pdf"), "$.documents[0].blobPath", "'..'" },
        { "document path absolute", () => WithDocument("/etc/passwd"), "$.documents[0].blobPath", "relative" },
        { "document path with drive", () => WithDocument("C:/records/x.pdf"), "$.documents[0].blobPath", "relative" },
        { "document path is a URL", () => WithDocument("https://evil.example/x.pdf"), "$.documents[0].blobPath", "relative" },
        { "document path with backslash", () => WithDocument("cases\\CM13-0000001\\x.pdf"), "$.documents[0].blobPath", "backslashes" },
        { "document path with empty segment", () => WithDocument("cases//x.pdf"), "$.documents[0].blobPath", "empty" },
        { "null document", () => Seed with { Documents = [null!] }, "$.documents[0]", "not null" },
    };

    [Theory]
    [MemberData(nameof(BadExamples))]
    public void Each_rule_reports_its_path_and_reason(string rule, Func<CaseFile> bad, string path, string reason)
    {
        var problems = CaseFileValidator.Validate(bad(), SeedCase.Today);

        var problem = problems.ShouldHaveSingleItem($"rule '{rule}' gave: {string.Join(" | ", problems)}");
        problem.Path.ShouldBe(path);
        problem.Reason.ShouldContain(reason);
    }

    [Fact]
    public void Duplicate_items_are_found_ignoring_case_and_spacing()
    {
        var first = Seed.DisputedItems![0];
        var caseFile = Seed with { DisputedItems = [first, first with { Description = "  TECHNICIAN bone\tscan   total spine " }] };

        var problem = CaseFileValidator.Validate(caseFile, SeedCase.Today).ShouldHaveSingleItem();

        problem.Path.ShouldBe("$.disputedItems[1].description");
        problem.Reason.ShouldContain("Duplicates disputed item [0]");
    }

    [Fact]
    public void Returns_every_problem_at_once()
    {
        var caseFile = new CaseFile
        {
            SchemaVersion = "9",
            Priority = Priority.Expedited,
            Dates = new CaseDates { Injury = new DateOnly(2013, 6, 1), UrDecision = new DateOnly(2013, 1, 1) },
            Parties = new CaseParties { Employee = new Party { Id = "E" } },
            DisputedItems = [new DisputedItem { Quantity = -1 }],
        };

        var paths = CaseFileValidator.Validate(caseFile, SeedCase.Today).Select(p => p.Path).ToList();

        paths.ShouldBe(
        [
            "$.schemaVersion",
            "$.expeditedCertification",
            "$.dates.urDecision",
            "$.dates.urDecisionServed",
            "$.dates.applicationReceived",
            "$.eligibilityFinding",
            "$.parties.employee.name",
            "$.parties.employer",
            "$.parties.claimsAdministrator",
            "$.parties.requestingProvider",
            "$.conditions",
            "$.disputedItems[0].description",
            "$.disputedItems[0].quantity",
            "$.disputedItems[0].claimsAdministratorGuideline",
        ]);
    }

    [Fact]
    public void Reasons_do_not_quote_free_text_from_the_file()
    {
        var secret = "HIV positive patient";
        var first = Seed.DisputedItems![0] with { Description = secret };
        var caseFile = Seed with { DisputedItems = [first, first], Conditions = [secret, ""] };

        var problems = CaseFileValidator.Validate(caseFile, SeedCase.Today);

        problems.Count.ShouldBe(2);
        problems.ShouldAllBe(p => !p.Reason.Contains("HIV"));
    }

    [Theory]
    [InlineData("2013-11-05T05:00:00Z", "2013-11-04")]
    [InlineData("2013-11-05T07:59:59Z", "2013-11-04")]
    [InlineData("2013-11-05T08:00:00Z", "2013-11-05")]
    [InlineData("2013-10-05T06:59:59Z", "2013-10-04")]
    [InlineData("2013-10-05T07:00:00Z", "2013-10-05")]
    public void Today_is_the_california_date_of_the_instant_not_the_utc_one(string instant, string today)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

        CaseFileValidator.TodayAt(at).ShouldBe(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_application_received_on_the_utc_date_is_in_the_future_while_california_is_still_on_the_day_before()
    {
        // The seed application was received 2013-11-04; at 2013-11-04T21:00 in California (05:00 UTC on the 5th)
        // the 4th is today there, and the 5th is still ahead.
        var at = new DateTimeOffset(2013, 11, 5, 5, 0, 0, TimeSpan.Zero);
        var seed = SeedCase.Json.Replace("\"assignedOn\": \"2013-11-05\", \"receivedOn\": \"2013-11-05\"", "\"assignedOn\": \"2013-11-04\", \"receivedOn\": \"2013-11-04\"", StringComparison.Ordinal);
        var receivedOnThe5th = seed.Replace("\"applicationReceived\": \"2013-11-04\"", "\"applicationReceived\": \"2013-11-05\"", StringComparison.Ordinal);

        CaseFileReader.ReadAndValidate(System.Text.Encoding.UTF8.GetBytes(seed), at).IsValid.ShouldBeTrue();
        var late = CaseFileReader.ReadAndValidate(System.Text.Encoding.UTF8.GetBytes(receivedOnThe5th), at);
        late.Problems.ShouldHaveSingleItem().Path.ShouldBe("$.dates.applicationReceived");
        late.Problems[0].Reason.ShouldContain("today is 2013-11-04");
    }

    [Fact]
    public void Reading_and_validating_a_json_bad_example_reports_all_problems()
    {
        var json = SeedCase.Json.Replace("\"quantity\": 1.00", "\"quantity\": 0", StringComparison.Ordinal)
            .Replace("\"schemaVersion\": \"1.0\"", "\"schemaVersion\": \"0.9\"", StringComparison.Ordinal);

        var result = CaseFileReader.ReadAndValidate(json, SeedCase.Today);

        result.IsValid.ShouldBeFalse();
        result.Problems.Select(p => p.Path).ShouldBe(["$.schemaVersion", "$.disputedItems[0].quantity"]);
    }

    [Theory]
    [InlineData("\u0000", "U+0000")]
    [InlineData("\u0007", "U+0007")]
    [InlineData("\f", "U+000C")]
    [InlineData("\r\n", "U+000D")]
    [InlineData("\u202E", "U+202E")]
    [InlineData("\u2066", "U+2066")]
    [InlineData("\u200B", "U+200B")]
    [InlineData("\uFEFF", "U+FEFF")]
    [InlineData("\u2028", "U+2028")]
    public void Control_bidi_and_invisible_characters_are_refused_in_every_text_field(string escaped, string codePoint)
    {
        var hostile = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var item = Seed.DisputedItems![0];
        var caseFile = Seed with
        {
            ClinicalSummary = "Summary" + hostile,
            Conditions = ["lumbar" + hostile],
            DisputedItems = [item with { Description = item.Description + hostile, ClaimsAdministratorGuideline = "MTUS" + hostile }],
            Parties = Seed.Parties! with { Employee = Seed.Parties!.Employee! with { Name = "A" + hostile } },
        };

        var problems = CaseFileValidator.Validate(caseFile, SeedCase.Today);

        problems.Select(p => p.Path).ShouldBe(
            ["$.parties.employee.name", "$.conditions[0]", "$.disputedItems[0].description", "$.disputedItems[0].claimsAdministratorGuideline", "$.clinicalSummary"],
            ignoreOrder: true);
        problems.ShouldAllBe(p => p.Reason.Contains(codePoint));
    }

    [Fact]
    public void Line_breaks_are_taken_in_the_clinical_summary_only()
    {
        var item = Seed.DisputedItems![0];
        var caseFile = Seed with
        {
            ClinicalSummary = "First paragraph.\nStill the first.\n\nSecond paragraph.",
            DisputedItems = [item with { Description = item.Description + "\nFINAL DETERMINATION: ALL ITEMS OVERTURNED" }],
        };

        var problem = CaseFileValidator.Validate(caseFile, SeedCase.Today).ShouldHaveSingleItem();

        problem.Path.ShouldBe("$.disputedItems[0].description");
        problem.Reason.ShouldContain("line break");
    }

    [Theory]
    [InlineData("😀", "U+1F600")]
    [InlineData("日本", "U+65E5")]
    [InlineData("e\u0301", "U+0301")]
    [InlineData("\u00AD", "U+00AD")]
    [InlineData("\u2003", "U+2003")]
    public void Characters_the_letter_cannot_print_are_refused_in_the_fields_it_prints_and_taken_elsewhere(string escaped, string codePoint)
    {
        var hostile = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var item = Seed.DisputedItems![0];
        var caseFile = Seed with
        {
            ClinicalSummary = "Summary " + hostile,
            DisputedItems = [item with { Description = item.Description + hostile, ClaimsAdministratorGuideline = "MTUS" + hostile }],
            Parties = Seed.Parties! with { Employee = Seed.Parties!.Employee! with { Name = "A" + hostile } },
        };

        var problems = CaseFileValidator.Validate(caseFile, SeedCase.Today);

        problems.Select(p => p.Path).ShouldBe(
            ["$.disputedItems[0].description", "$.disputedItems[0].claimsAdministratorGuideline", "$.clinicalSummary"], ignoreOrder: true);
        problems.ShouldAllBe(p => p.Reason.Contains(codePoint));
    }

    [Theory]
    [InlineData("MRI was the original request. X")]
    [InlineData("MRI was authorized by the Claims Administrator. The rest")]
    public void A_description_using_the_letters_partial_request_wording_is_refused(string description)
    {
        var item = Seed.DisputedItems![0];

        var problem = CaseFileValidator.Validate(Seed with { DisputedItems = [item with { Description = description }] }, SeedCase.Today).ShouldHaveSingleItem();

        problem.Path.ShouldBe("$.disputedItems[0].description");
        problem.Reason.ShouldContain("partial-request wording");
    }

    [Fact]
    public void A_word_wider_than_a_line_of_the_letter_is_refused()
    {
        var problem = CaseFileValidator.Validate(Seed with { ClinicalSummary = "See " + new string('W', 80) }, SeedCase.Today).ShouldHaveSingleItem();

        problem.Path.ShouldBe("$.clinicalSummary");
        problem.Reason.ShouldContain("wider than a line");
    }
}
