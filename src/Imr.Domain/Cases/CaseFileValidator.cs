using System.Globalization;
using System.Text;
using Imr.Domain.Input;
using Imr.Domain.Letters;

namespace Imr.Domain.Cases;

/// <summary>
/// Checks a case file against the schema's rules and returns EVERY problem at once, so a sender fixes the file in one
/// round. Timeliness is not checked here: a late application is Ineligible, not invalid (see <see cref="ApplicationWindow"/>).
/// Reasons never quote free text from the file (it may hold health information); they name the field and the rule.
/// </summary>
public static class CaseFileValidator
{
    /// <summary>
    /// The day a case file is judged as of at <paramref name="instant"/>: its California calendar date. The submission
    /// check and the acceptance step both judge by it, so a file answered 202 is not refused at acceptance for a date
    /// "in the future" that only UTC had reached.
    /// </summary>
    public static DateOnly TodayAt(DateTimeOffset instant) => Clock.PacificTime.DateOf(instant);

    /// <summary>Every problem with the case file, judged as of <paramref name="today"/> (for dates in the future).</summary>
    public static IReadOnlyList<ValidationProblem> Validate(CaseFile caseFile, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(caseFile);
        var problems = new List<ValidationProblem>();

        SchemaVersion(caseFile, problems);
        if (caseFile.CaseNumber is { } number && !Cases.CaseNumber.TryParse(number, out _))
        {
            problems.Add(new("$.caseNumber", "The case number must be formatted CMyy-nnnnnnn, e.g. CM13-0000001."));
        }

        PriorityAndCertification(caseFile, today, problems);
        Dates(caseFile.Dates, today, problems);
        Finding(caseFile.EligibilityFinding, caseFile.Dates?.ApplicationReceived, today, problems);
        Parties(caseFile.Parties, problems);
        Conditions(caseFile.Conditions, problems);
        DisputedItems(caseFile.DisputedItems, problems);
        Documents(caseFile.Documents, problems);
        FreeTextCharacters(caseFile, problems);
        return problems;
    }

    /// <summary>
    /// Every text field, checked for characters a letter must not carry (<see cref="FreeText"/>). Only the clinical summary
    /// and the expedited statement may hold line breaks; every other field is one line.
    /// </summary>
    private static void FreeTextCharacters(CaseFile caseFile, List<ValidationProblem> problems)
    {
        void Line(string? text, string path)
        {
            if (FreeText.SingleLineProblem(text) is { } why)
            {
                problems.Add(new(path, why));
            }
        }

        void Lines(string? text, string path)
        {
            if (FreeText.MultiLineProblem(text) is { } why)
            {
                problems.Add(new(path, why));
            }
        }

        Line(caseFile.SchemaVersion, "$.schemaVersion");
        Line(caseFile.CaseNumber, "$.caseNumber");
        Line(caseFile.ExpeditedCertification?.CertifiedBy, "$.expeditedCertification.certifiedBy");
        Lines(caseFile.ExpeditedCertification?.Statement, "$.expeditedCertification.statement");
        if (caseFile.Parties is { } parties)
        {
            foreach (var (name, party) in new (string, Party?)[]
            {
                ("employee", parties.Employee), ("employer", parties.Employer), ("claimsAdministrator", parties.ClaimsAdministrator),
                ("requestingProvider", parties.RequestingProvider), ("treatingProvider", parties.TreatingProvider),
                ("urReviewer", parties.UrReviewer), ("urOrganization", parties.UrOrganization),
                ("employeeAttorney", parties.EmployeeAttorney), ("facility", parties.Facility), ("manufacturer", parties.Manufacturer),
            })
            {
                Line(party?.Id, $"$.parties.{name}.id");
                Line(party?.Name, $"$.parties.{name}.name");
            }
        }

        for (var i = 0; i < (caseFile.Conditions?.Count ?? 0); i++)
        {
            Line(caseFile.Conditions![i], Invariant($"$.conditions[{i}]"));
        }

        // What the letter prints: each item's heading parts and guideline, and the summary.
        void Printed(string? text, string path, bool inItemHeading)
        {
            if ((FreeText.LetterLineProblem(text) ?? (inItemHeading ? LetterText.ItemHeadingProblem(text) : null)) is { } why)
            {
                problems.Add(new(path, why));
            }
        }

        for (var i = 0; i < (caseFile.DisputedItems?.Count ?? 0); i++)
        {
            var item = caseFile.DisputedItems![i];
            var path = Invariant($"$.disputedItems[{i}]");
            Printed(item?.Description, path + ".description", inItemHeading: true);
            Printed(item?.ClaimsAdministratorGuideline, path + ".claimsAdministratorGuideline", inItemHeading: false);
            Printed(item?.PartialAuthorization?.OriginalRequest, path + ".partialAuthorization.originalRequest", inItemHeading: true);
            Printed(item?.PartialAuthorization?.Authorized, path + ".partialAuthorization.authorized", inItemHeading: true);
        }

        for (var i = 0; i < (caseFile.Documents?.Count ?? 0); i++)
        {
            var document = caseFile.Documents![i];
            var path = Invariant($"$.documents[{i}]");
            Line(document?.Name, path + ".name");
            Line(document?.ContentType, path + ".contentType");
        }

        if (FreeText.LetterParagraphsProblem(caseFile.ClinicalSummary) is { } summaryProblem)
        {
            problems.Add(new("$.clinicalSummary", summaryProblem));
        }
    }

    /// <summary>Folds case and runs of whitespace, so "Bone  scan" and "bone scan" are the same item.</summary>
    public static string FoldForComparison(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    private static void SchemaVersion(CaseFile caseFile, List<ValidationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(caseFile.SchemaVersion))
        {
            problems.Add(new("$.schemaVersion", Required("the schema version")));
        }
        else if (!CaseFile.SupportedSchemaVersions.Contains(caseFile.SchemaVersion))
        {
            problems.Add(new("$.schemaVersion", $"Unknown schema version; this system reads {string.Join(", ", CaseFile.SupportedSchemaVersions)}."));
        }
    }

    private static void PriorityAndCertification(CaseFile caseFile, DateOnly today, List<ValidationProblem> problems)
    {
        if (caseFile.Priority is null)
        {
            problems.Add(new("$.priority", Required("the priority (Standard or Expedited)")));
        }

        if (caseFile.Priority != Priority.Expedited)
        {
            return;
        }

        if (caseFile.ExpeditedCertification is not { } certification)
        {
            problems.Add(new("$.expeditedCertification", "An expedited review needs the treating physician's certification of an imminent and serious threat (8 CCR § 9792.10.4(c))."));
            return;
        }

        if (string.IsNullOrWhiteSpace(certification.CertifiedBy))
        {
            problems.Add(new("$.expeditedCertification.certifiedBy", Required("the certifying physician")));
        }

        if (string.IsNullOrWhiteSpace(certification.Statement))
        {
            problems.Add(new("$.expeditedCertification.statement", Required("the physician's statement of the threat")));
        }

        if (certification.CertifiedOn is { } signed && signed > today)
        {
            problems.Add(new("$.expeditedCertification.certifiedOn", Invariant($"The certification date ({signed:yyyy-MM-dd}) is in the future (today is {today:yyyy-MM-dd}).")));
        }
    }

    private static void Dates(CaseDates? dates, DateOnly today, List<ValidationProblem> problems)
    {
        if (dates is null)
        {
            problems.Add(new("$.dates", Required("the dates (injury, urDecision, urDecisionServed, applicationReceived)")));
            return;
        }

        // In statutory order: each date must be on or after the one before it.
        (string Name, string Label, DateOnly? Value)[] ordered =
        [
            ("injury", "the date of injury", dates.Injury),
            ("urDecision", "the date of the UR decision", dates.UrDecision),
            ("urDecisionServed", "the date the UR decision was served", dates.UrDecisionServed),
            ("applicationReceived", "the date the application was received", dates.ApplicationReceived),
        ];

        (string Label, DateOnly Value)? previous = null;
        foreach (var (name, label, value) in ordered)
        {
            var path = "$.dates." + name;
            if (value is not { } date)
            {
                problems.Add(new(path, Required(label)));
                continue;
            }

            if (date > today)
            {
                problems.Add(new(path, Invariant($"{Capitalize(label)} ({date:yyyy-MM-dd}) is in the future (today is {today:yyyy-MM-dd}).")));
            }

            if (previous is { } p && date < p.Value)
            {
                problems.Add(new(path, Invariant($"{Capitalize(label)} ({date:yyyy-MM-dd}) is before {p.Label} ({p.Value:yyyy-MM-dd}).")));
            }

            previous = (label, date);
        }
    }

    // The Administrative Director decides eligibility (8 CCR § 9792.10.3); the case comes with that finding, in date order
    // after the application it rules on, and the notice of assignment counts from its receipt (§ 9792.10.4(b)).
    private static void Finding(EligibilityFinding? finding, DateOnly? applicationReceived, DateOnly today, List<ValidationProblem> problems)
    {
        if (finding is null)
        {
            problems.Add(new("$.eligibilityFinding", Required("the Administrative Director's finding of eligibility (assignedOn, receivedOn; 8 CCR § 9792.10.3)")));
            return;
        }

        (string Name, string Label, DateOnly? Value, string PreviousLabel, DateOnly? Previous)[] ordered =
        [
            ("assignedOn", "the date the Administrative Director found the dispute eligible and assigned it", finding.AssignedOn, "the date the application was received", applicationReceived),
            ("receivedOn", "the date the finding was received", finding.ReceivedOn, "the date of the finding", finding.AssignedOn),
        ];
        foreach (var (name, label, value, previousLabel, previous) in ordered)
        {
            var path = "$.eligibilityFinding." + name;
            if (value is not { } date)
            {
                problems.Add(new(path, Required(label)));
            }
            else if (date > today)
            {
                problems.Add(new(path, Invariant($"{Capitalize(label)} ({date:yyyy-MM-dd}) is in the future (today is {today:yyyy-MM-dd}).")));
            }
            else if (previous is { } before && before <= today && date < before)
            {
                problems.Add(new(path, Invariant($"{Capitalize(label)} ({date:yyyy-MM-dd}) is before {previousLabel} ({before:yyyy-MM-dd}).")));
            }
        }
    }

    private static void Parties(CaseParties? parties, List<ValidationProblem> problems)
    {
        if (parties is null)
        {
            problems.Add(new("$.parties", Required("the parties (employee, employer, claimsAdministrator, requestingProvider)")));
            return;
        }

        (string Name, Party? Party, bool Required)[] all =
        [
            ("employee", parties.Employee, true),
            ("employer", parties.Employer, true),
            ("claimsAdministrator", parties.ClaimsAdministrator, true),
            ("requestingProvider", parties.RequestingProvider, true),
            ("treatingProvider", parties.TreatingProvider, false),
            ("urReviewer", parties.UrReviewer, false),
            ("urOrganization", parties.UrOrganization, false),
            ("employeeAttorney", parties.EmployeeAttorney, false),
            ("facility", parties.Facility, false),
            ("manufacturer", parties.Manufacturer, false),
        ];

        foreach (var (name, party, required) in all)
        {
            var path = "$.parties." + name;
            if (party is null)
            {
                if (required)
                {
                    problems.Add(new(path, Required("this party")));
                }

                continue;
            }

            // The id is what conflict-of-interest checks match on; without it a conflict could go unseen.
            if (string.IsNullOrWhiteSpace(party.Id))
            {
                problems.Add(new(path + ".id", Required("the party's identifier")));
            }

            if (string.IsNullOrWhiteSpace(party.Name))
            {
                problems.Add(new(path + ".name", Required("the party's name")));
            }
        }
    }

    private static void Conditions(IReadOnlyList<string>? conditions, List<ValidationProblem> problems)
    {
        if (conditions is null || conditions.Count == 0)
        {
            problems.Add(new("$.conditions", "At least one condition or body part is required; it decides which specialty may review."));
            return;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(conditions[i]))
            {
                problems.Add(new(Invariant($"$.conditions[{i}]"), "A condition must not be blank."));
            }
        }
    }

    private static void DisputedItems(IReadOnlyList<DisputedItem>? items, List<ValidationProblem> problems)
    {
        if (items is null || items.Count == 0)
        {
            problems.Add(new("$.disputedItems", "At least one disputed item is required."));
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = Invariant($"$.disputedItems[{i}]");
            if (items[i] is not { } item)
            {
                problems.Add(new(path, "A disputed item must be an object, not null."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Description))
            {
                problems.Add(new(path + ".description", Required("the item's description")));
            }
            else if (!seen.TryAdd(FoldForComparison(item.Description), i))
            {
                problems.Add(new(path + ".description", Invariant($"Duplicates disputed item [{seen[FoldForComparison(item.Description)]}] (same description, ignoring case and spacing); each item is decided once.")));
            }

            if (item.Quantity is { } quantity && quantity <= 0)
            {
                problems.Add(new(path + ".quantity", "The quantity must be greater than zero."));
            }

            if (item.PartialAuthorization is { } partial)
            {
                if (string.IsNullOrWhiteSpace(partial.OriginalRequest))
                {
                    problems.Add(new(path + ".partialAuthorization.originalRequest", Required("the original request of a partial authorization")));
                }

                if (string.IsNullOrWhiteSpace(partial.Authorized))
                {
                    problems.Add(new(path + ".partialAuthorization.authorized", Required("what UR authorized")));
                }
            }

            if (string.IsNullOrWhiteSpace(item.ClaimsAdministratorGuideline))
            {
                problems.Add(new(path + ".claimsAdministratorGuideline", Required("the guideline the claims administrator cited (the letter prints it)")));
            }
        }
    }

    private static void Documents(IReadOnlyList<DocumentReference>? documents, List<ValidationProblem> problems)
    {
        if (documents is null)
        {
            return;
        }

        for (var i = 0; i < documents.Count; i++)
        {
            var path = Invariant($"$.documents[{i}]");
            if (documents[i] is not { } document)
            {
                problems.Add(new(path, "A document reference must be an object, not null."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(document.BlobPath))
            {
                problems.Add(new(path + ".blobPath", Required("the document's blob path")));
            }
            else if (UnsafeBlobPath(document.BlobPath) is { } why)
            {
                problems.Add(new(path + ".blobPath", why));
            }
        }
    }

    /// <summary>A blob path must stay inside the account: relative, forward slashes, no "." or ".." segments.</summary>
    private static string? UnsafeBlobPath(string blobPath)
    {
        if (blobPath.Contains('\\', StringComparison.Ordinal))
        {
            return "A blob path uses forward slashes only; backslashes are refused.";
        }

        if (blobPath.StartsWith('/') || blobPath.Contains(':', StringComparison.Ordinal))
        {
            return "A blob path must be relative to the storage account (no leading '/', drive letter or URL scheme).";
        }

        if (blobPath.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            return "A blob path must not contain empty, '.' or '..' segments.";
        }

        if (blobPath.Any(char.IsControl))
        {
            return "A blob path must not contain control characters.";
        }

        return null;
    }

    private static string Required(string what) => $"Required: {what}.";

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
