using System.Globalization;
using System.Text.RegularExpressions;

namespace Imr.Domain.Letters;

/// <summary>Reads a letter from its text (as <c>pdftotext -layout</c> prints it) into a <see cref="DeterminationLetter"/>.</summary>
/// <remarks>
/// Works section by section and throws <see cref="LetterParseException"/> naming the section it could not read;
/// it never returns a partly read letter. Page breaks, running page footers, double-spaced text and redaction gaps are tolerated.
/// </remarks>
public sealed partial class LetterTextParser
{
    private static readonly string[] DateFormats = ["MM/dd/yyyy", "M/d/yyyy", "MM/dd/yy", "M/d/yy"];
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    private readonly LetterTemplate template;
    private readonly Regex remainingPortion;
    private readonly Regex wholeRequest;
    private readonly Regex narrativeCredentials;
    private readonly LetterStructure structure;

    /// <summary>Creates a parser that knows the given template's wordings (the corpus defaults if none).</summary>
    public LetterTextParser(LetterTemplate? template = null)
    {
        this.template = template ?? LetterTemplate.Default;
        remainingPortion = WordingPattern(this.template.PartialRemainingPortionWording);
        wholeRequest = WordingPattern(this.template.PartialWholeRequestWording);
        narrativeCredentials = WordingPattern(SentenceWith(this.template.HowDeterminationWasMadeNarrative, "{specialties}"), anchored: false);
        structure = new LetterStructure(this.template);
    }

    /// <summary>Parses a letter's text.</summary>
    /// <exception cref="LetterParseException">The text is not a complete letter; the exception names the section.</exception>
    public DeterminationLetter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = Prepare(text);
        if (lines.All(l => l.IsBlank))
        {
            throw new LetterParseException(LetterSection.Document, "the text is empty");
        }

        // Paged text (pdftotext, or this project's renderer) ends every page with a form feed, so paged text that does not
        // end with one was cut off. Text without page breaks can only be checked for ending on a full sentence.
        var completeness = !text.Contains('\f', StringComparison.Ordinal)
            ? Ending.FullSentence
            : text.TrimEnd(' ', '\t', '\r', '\n').EndsWith('\f') ? Ending.Complete : Ending.CutOff;

        var how = FindHeading(lines, LetterHeadings.HowDeterminationWasMade, 0, LetterSection.HowDeterminationWasMade);
        var clinical = FindHeading(lines, LetterHeadings.ClinicalCaseSummary, how + 1, LetterSection.ClinicalCaseSummary);
        var issues = FindHeading(lines, LetterHeadings.IssuesDecisionsAndRationales, clinical + 1, LetterSection.IssuesDecisionsAndRationales);

        var headerLines = lines.Take(how).Where(l => !l.IsBlank).ToList();
        var letter = headerLines.Count == 0
            ? new DeterminationLetter { Layout = LetterLayout.Narrative2013 }
            : ParseHeader(headerLines);

        return letter with
        {
            Reviewer = letter.Layout == LetterLayout.Tabular2016
                ? ParseCredentialsBlock(lines[(how + 1)..clinical])
                : ParseNarrativeCredentials(lines[(how + 1)..clinical]),
            ClinicalSummary = ParseClinicalSummary(lines[(clinical + 1)..issues]),
            Items = ParseItems(lines[(issues + 1)..], completeness),
        };
    }

    private static int FindHeading(List<SourceLine> lines, string heading, int from, LetterSection section)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (!lines[i].SetIn && string.Equals(lines[i].Content, heading, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new LetterParseException(section, $"the heading '{heading}' was not found" + (from > 0 ? " after the previous section" : ""));
    }

    // ---------- Lines ----------

    /// <summary>
    /// A line of the letter with its whitespace collapsed, remembering whether a new page starts with it and whether it is
    /// set in (always text, never structure: see <see cref="LetterStructure"/>).
    /// </summary>
    private sealed record SourceLine(string Raw, string Content, bool StartsPage, bool SetIn = false)
    {
        public bool IsBlank => Content.Length == 0;
    }

    private List<SourceLine> Prepare(string text)
    {
        var raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var lines = new List<SourceLine>(raw.Length);
        var pageStarts = false;
        foreach (var line in raw)
        {
            var startsPage = pageStarts || line.Contains('\f', StringComparison.Ordinal);
            var clean = line.Replace("\f", "", StringComparison.Ordinal).TrimEnd();
            var content = Collapse(clean);
            var setIn = LetterStructure.IsSetIn(clean);
            if (!setIn && structure.IsFurniture(content))
            {
                // Running page furniture is not letter text; the page break it carried moves to the next line.
                pageStarts = startsPage;
                continue;
            }

            if (startsPage)
            {
                // pdftotext never shows a page's trailing white space as blank lines; blanks left above a footer are not paragraph breaks.
                while (lines.Count > 0 && lines[^1].IsBlank)
                {
                    lines.RemoveAt(lines.Count - 1);
                }
            }

            if (content.Length == 0 && startsPage)
            {
                pageStarts = true;
                lines.Add(new SourceLine(clean, content, false));
                continue;
            }

            pageStarts = false;
            lines.Add(new SourceLine(clean, content, startsPage, setIn));
        }

        return IsDoubleSpaced(lines) ? Undouble(lines) : SingleBlankRuns(lines);
    }

    /// <summary>Older letters were extracted with an empty line after every printed line.</summary>
    private static bool IsDoubleSpaced(List<SourceLine> lines)
    {
        int text = 0, followedBySingleEmpty = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].IsBlank)
            {
                continue;
            }

            text++;
            if (i + 2 < lines.Count && lines[i + 1].Raw.Length == 0 && !lines[i + 2].IsBlank)
            {
                followedBySingleEmpty++;
            }
        }

        return text >= 10 && followedBySingleEmpty * 10 >= text * 6;
    }

    /// <summary>In double-spaced text one empty line is a line break; a longer gap or a line of spaces is a paragraph break.</summary>
    private static List<SourceLine> Undouble(List<SourceLine> lines)
    {
        var result = new List<SourceLine>();
        var i = 0;
        while (i < lines.Count)
        {
            if (!lines[i].IsBlank)
            {
                result.Add(lines[i++]);
                continue;
            }

            var start = i;
            while (i < lines.Count && lines[i].IsBlank)
            {
                i++;
            }

            var single = i - start == 1 && lines[start].Raw.Length == 0;
            if (!single)
            {
                result.Add(lines[start] with { Raw = "", Content = "" });
            }
        }

        return SingleBlankRuns(result);
    }

    private static List<SourceLine> SingleBlankRuns(List<SourceLine> lines)
    {
        var result = new List<SourceLine>(lines.Count);
        var pendingPage = false;
        foreach (var line in lines)
        {
            if (line.IsBlank)
            {
                pendingPage |= line.StartsPage;
                if (result.Count > 0 && !result[^1].IsBlank)
                {
                    result.Add(line with { StartsPage = false });
                }

                continue;
            }

            result.Add(pendingPage ? line with { StartsPage = true } : line);
            pendingPage = false;
        }

        return result;
    }

    // ---------- Header ----------

    private static DeterminationLetter ParseHeader(List<SourceLine> headerLines)
    {
        var header = string.Join(' ', headerLines.Select(l => l.Content));
        var caseNumber = HeaderCaseNumber().Match(header);
        if (!caseNumber.Success)
        {
            throw new LetterParseException(LetterSection.Header, "the header has no 'Case Number:' with a value");
        }

        var priority = HeaderPriority().Match(header);
        if (!priority.Success)
        {
            throw new LetterParseException(LetterSection.Header, "the header has no 'Priority:' of Standard or Expedited");
        }

        return new DeterminationLetter
        {
            Layout = LetterLayout.Tabular2016,
            CaseNumber = caseNumber.Groups["v"].Value,
            DateAssigned = HeaderDate(header, "Date Assigned:"),
            DateOfInjury = HeaderDate(header, "Date of Injury:"),
            DecisionDate = HeaderDate(header, "Decision Date:"),
            UrDenialDate = HeaderDate(header, "UR Denial Date:"),
            ApplicationReceived = ApplicationReceivedDate(header),
            Priority = Enum.Parse<LetterPriority>(priority.Groups["v"].Value, ignoreCase: true),
        };
    }

    private static DateOnly? HeaderDate(string header, string label)
    {
        var at = header.IndexOf(label, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            throw new LetterParseException(LetterSection.Header, $"the header has no '{label}'");
        }

        var value = HeaderValue().Match(header, at + label.Length);
        return ParseDate(label, value.Success ? value.Groups["v"].Value : "");
    }

    private static DateOnly? ApplicationReceivedDate(string header)
    {
        // The label wraps in the table ("Application" above "Received:") so the date sits between or after its halves.
        var match = HeaderApplicationReceived().Match(header);
        if (!match.Success)
        {
            throw new LetterParseException(LetterSection.Header, "the header has no 'Application Received:'");
        }

        return ParseDate("Application Received:", match.Groups["v"].Value);
    }

    private static DateOnly? ParseDate(string label, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        return DateOnly.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new LetterParseException(LetterSection.Header, $"'{label}' value '{value}' is not a date (MM/dd/yyyy)");
    }

    // ---------- Credentials ----------

    private ReviewerCredentials ParseCredentialsBlock(List<SourceLine> section)
    {
        var states = LabelledValue(section, template.StatesOfLicensureLabel);
        var specialties = LabelledValue(section, template.SpecialtiesLabel);
        return new ReviewerCredentials
        {
            StatesOfLicensure = SplitList(states, template.StatesOfLicensureLabel),
            Specialties = SplitList(specialties, template.SpecialtiesLabel),
        };
    }

    private string LabelledValue(List<SourceLine> section, string label)
    {
        var start = section.FindIndex(l => !l.SetIn && l.Content.StartsWith(label, StringComparison.OrdinalIgnoreCase));
        if (start < 0)
        {
            throw new LetterParseException(LetterSection.ReviewerCredentials, $"no '{label}' line");
        }

        var parts = new List<string> { section[start].Content[label.Length..].Trim() };
        for (var i = start + 1; i < section.Count && !section[i].IsBlank && (section[i].SetIn || !IsCredentialLabel(section[i].Content)); i++)
        {
            parts.Add(section[i].Content);
        }

        return string.Join(' ', parts).Trim();
    }

    private bool IsCredentialLabel(string content) =>
        content.StartsWith(template.StatesOfLicensureLabel, StringComparison.OrdinalIgnoreCase)
        || content.StartsWith(template.SpecialtiesLabel, StringComparison.OrdinalIgnoreCase);

    private static List<string> SplitList(string value, string label)
    {
        var list = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return list.Count > 0
            ? list
            : throw new LetterParseException(LetterSection.ReviewerCredentials, $"'{label}' has no value");
    }

    private ReviewerCredentials ParseNarrativeCredentials(List<SourceLine> section)
    {
        var text = string.Join(' ', section.Where(l => !l.IsBlank).Select(l => l.Content));
        var match = narrativeCredentials.Match(text);
        if (!match.Success)
        {
            throw new LetterParseException(
                LetterSection.ReviewerCredentials,
                "the letter has no header table, and its first section neither lists the credentials nor states them in the older wording");
        }

        return new ReviewerCredentials
        {
            StatesOfLicensure = SplitList(match.Groups["states"].Value, "licensed to practice in"),
            Specialties = SplitList(match.Groups["specialties"].Value, "Board Certified in"),
        };
    }

    // ---------- Clinical summary ----------

    private string ParseClinicalSummary(List<SourceLine> section)
    {
        var paragraphs = Paragraphs(section);
        StripIntroduction(paragraphs, template.ClinicalSummaryIntroduction);
        return paragraphs.Count > 0
            ? string.Join("\n\n", paragraphs)
            : throw new LetterParseException(LetterSection.ClinicalCaseSummary, "the summary is empty");
    }

    private static void StripIntroduction(List<string> paragraphs, string introduction)
    {
        var intro = Collapse(introduction);
        if (paragraphs.Count > 0 && paragraphs[0].StartsWith(intro, StringComparison.Ordinal))
        {
            var rest = paragraphs[0][intro.Length..].Trim();
            if (rest.Length == 0)
            {
                paragraphs.RemoveAt(0);
            }
            else
            {
                paragraphs[0] = rest;
            }
        }
    }

    /// <summary>Paragraphs are separated by blank lines; a page break alone does not end one.</summary>
    private static List<string> Paragraphs(IEnumerable<SourceLine> lines)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (line.IsBlank)
            {
                Flush();
                continue;
            }

            current.Add(line.Content);
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            if (current.Count > 0)
            {
                paragraphs.Add(string.Join(' ', current));
                current.Clear();
            }
        }
    }

    // ---------- Items ----------

    /// <summary>What the end of the text says about whether the letter is whole.</summary>
    private enum Ending
    {
        Complete,
        CutOff,
        FullSentence,
    }

    private enum LineRole
    {
        Blank,
        Text,
        ClaimsGuideline,
        ReviewerGuideline,
        Rationale,
    }

    private LineRole RoleOf(SourceLine line)
    {
        if (line.IsBlank)
        {
            return LineRole.Blank;
        }

        if (line.SetIn)
        {
            return LineRole.Text;
        }

        if (line.Content.StartsWith(template.ClaimsAdministratorGuidelineLabel, StringComparison.OrdinalIgnoreCase))
        {
            return LineRole.ClaimsGuideline;
        }

        if (line.Content.StartsWith(template.ReviewerGuidelineLabel, StringComparison.OrdinalIgnoreCase))
        {
            return LineRole.ReviewerGuideline;
        }

        return line.Content.StartsWith(template.RationaleLabel, StringComparison.OrdinalIgnoreCase) ? LineRole.Rationale : LineRole.Text;
    }

    private List<LetterItem> ParseItems(List<SourceLine> section, Ending ending)
    {
        // The introduction may wrap; skip the lines that spell it out.
        var intro = Collapse(template.IssuesIntroduction);
        var start = 0;
        for (var take = 1; take <= 3 && take <= section.Count; take++)
        {
            if (string.Join(' ', section.Take(take).Select(l => l.Content)).Trim() == intro)
            {
                start = take;
                break;
            }
        }

        var lines = section[start..];
        var roles = lines.Select(RoleOf).ToList();
        var decisionLines = Enumerable.Range(0, lines.Count).Where(i => IsDecisionLine(lines, roles, i)).ToList();
        if (decisionLines.Count == 0)
        {
            throw new LetterParseException(LetterSection.IssuesDecisionsAndRationales, "no disputed item ending in ': Upheld' or ': Overturned' was found");
        }

        var items = new List<LetterItem>();
        var lowerBound = 0;
        var headingStarts = new List<int>();
        foreach (var decision in decisionLines)
        {
            // A heading normally starts after a blank line. At the top of a page that follows a finished sentence it starts
            // on the new page, unless only the longer reading is a partial-request sentence (a heading that crossed the page).
            var first = HeadingStart(lines, roles, decision, lowerBound, stopAtPageAfterSentence: true);
            var longer = HeadingStart(lines, roles, decision, lowerBound, stopAtPageAfterSentence: false);
            if (longer < first && IsPartialHeading(lines, longer, decision) && !IsPartialHeading(lines, first, decision))
            {
                first = longer;
            }

            headingStarts.Add(first);
            lowerBound = decision + 1;
        }

        var stray = lines.Take(headingStarts[0]).FirstOrDefault(l => !l.IsBlank);
        if (stray is not null)
        {
            throw new LetterParseException(LetterSection.IssuesDecisionsAndRationales, $"unexpected text before the first item: '{Excerpt(stray.Content)}'");
        }

        for (var k = 0; k < decisionLines.Count; k++)
        {
            var end = k + 1 < decisionLines.Count ? headingStarts[k + 1] : lines.Count;
            var heading = string.Join(' ', lines[headingStarts[k]..(decisionLines[k] + 1)].Select(l => l.Content));
            var body = Enumerable.Range(decisionLines[k] + 1, end - decisionLines[k] - 1).ToList();
            items.Add(ParseItem(k + 1, heading, body.Select(i => lines[i]).ToList(), body.Select(i => roles[i]).ToList(), k == decisionLines.Count - 1 ? ending : Ending.Complete));
        }

        return items;
    }

    private static int HeadingStart(List<SourceLine> lines, List<LineRole> roles, int decision, int lowerBound, bool stopAtPageAfterSentence)
    {
        var first = decision;
        while (first - 1 >= lowerBound && roles[first - 1] == LineRole.Text
               && !(stopAtPageAfterSentence && lines[first].StartsPage && EndsSentence(lines[first - 1].Content)))
        {
            first--;
        }

        return first;
    }

    private bool IsPartialHeading(List<SourceLine> lines, int first, int decision)
    {
        var match = HeadingDecision().Match(string.Join(' ', lines[first..(decision + 1)].Select(l => l.Content)));
        var subject = match.Success ? match.Groups["subject"].Value.Trim() : "";
        return remainingPortion.IsMatch(subject) || wholeRequest.IsMatch(subject);
    }

    private static bool IsDecisionLine(List<SourceLine> lines, List<LineRole> roles, int i)
    {
        if (roles[i] != LineRole.Text)
        {
            return false;
        }

        var content = lines[i].Content;
        var endsInDecision = LetterStructure.DecisionAtEnd().IsMatch(content)
            || (LetterStructure.DecisionAlone().IsMatch(content) && i > 0 && lines[i - 1].Content.EndsWith(':'));
        if (!endsInDecision)
        {
            return false;
        }

        // Only a heading is followed by the item's labelled fields; this keeps "…: Upheld" inside a rationale from starting an item.
        var next = i + 1;
        while (next < roles.Count && roles[next] == LineRole.Blank)
        {
            next++;
        }

        // A set-in line is the sender's text: only an item's first label after it makes it the (set-in) heading it ends.
        return next < roles.Count && (lines[i].SetIn
            ? roles[next] == LineRole.ClaimsGuideline
            : roles[next] is LineRole.ClaimsGuideline or LineRole.ReviewerGuideline or LineRole.Rationale);
    }

    private LetterItem ParseItem(int number, string heading, List<SourceLine> body, List<LineRole> roles, Ending ending)
    {
        var match = HeadingDecision().Match(heading);
        if (!match.Success || match.Groups["subject"].Value.Trim().Length == 0)
        {
            throw new LetterParseException(LetterSection.IssuesDecisionsAndRationales, $"the heading '{Excerpt(heading)}' names no item", number);
        }

        var fields = new Dictionary<LineRole, List<SourceLine>>();
        var current = LineRole.Blank;
        for (var i = 0; i < body.Count; i++)
        {
            if (roles[i] is LineRole.ClaimsGuideline or LineRole.ReviewerGuideline or LineRole.Rationale)
            {
                if (fields.ContainsKey(roles[i]) || (current != LineRole.Blank && roles[i] < current))
                {
                    throw new LetterParseException(LetterSection.IssuesDecisionsAndRationales, $"'{Label(roles[i])}' is repeated or out of order", number);
                }

                current = roles[i];
                fields[current] = [body[i] with { Content = body[i].Content[Label(current).Length..].Trim() }];
            }
            else if (current == LineRole.Blank)
            {
                if (!body[i].IsBlank)
                {
                    throw new LetterParseException(LetterSection.IssuesDecisionsAndRationales, $"unexpected text after the decision: '{Excerpt(body[i].Content)}'", number);
                }
            }
            else
            {
                fields[current].Add(body[i]);
            }
        }

        var claims = Field(fields, LineRole.ClaimsGuideline, number, joinParagraphs: false);
        var reviewer = Field(fields, LineRole.ReviewerGuideline, number, joinParagraphs: false);
        var rationale = Field(fields, LineRole.Rationale, number, joinParagraphs: true);
        if (ending == Ending.CutOff || (ending == Ending.FullSentence && !EndsSentence(rationale)))
        {
            throw new LetterParseException(
                LetterSection.IssuesDecisionsAndRationales,
                ending == Ending.CutOff
                    ? "the text stops before the end of its last page (no closing form feed); the letter looks truncated"
                    : "the last rationale stops mid-sentence; the letter looks truncated",
                number);
        }

        var item = new LetterItem
        {
            Decision = Enum.Parse<ItemDecision>(match.Groups["decision"].Value, ignoreCase: true),
            ClaimsAdministratorGuideline = claims,
            ReviewerGuideline = reviewer,
            Rationale = rationale,
        };
        return DescribeSubject(item, match.Groups["subject"].Value.Trim());
    }

    private string Field(Dictionary<LineRole, List<SourceLine>> fields, LineRole role, int number, bool joinParagraphs)
    {
        if (!fields.TryGetValue(role, out var lines))
        {
            throw new LetterParseException(LetterSection.IssuesDecisionsAndRationales, $"'{Label(role)}' is missing", number);
        }

        var paragraphs = Paragraphs(lines);
        var text = joinParagraphs ? string.Join("\n\n", paragraphs) : string.Join(' ', paragraphs);
        return text.Length > 0
            ? text
            : throw new LetterParseException(LetterSection.IssuesDecisionsAndRationales, $"'{Label(role)}' has no text", number);
    }

    private string Label(LineRole role) => role switch
    {
        LineRole.ClaimsGuideline => template.ClaimsAdministratorGuidelineLabel,
        LineRole.ReviewerGuideline => template.ReviewerGuidelineLabel,
        _ => template.RationaleLabel,
    };

    private LetterItem DescribeSubject(LetterItem item, string subject)
    {
        foreach (var (pattern, wording) in new[] { (remainingPortion, PartialRequestWording.RemainingPortion), (wholeRequest, PartialRequestWording.WholeRequestEligible) })
        {
            var partial = pattern.Match(subject);
            if (partial.Success)
            {
                item = item with
                {
                    PartialRequest = new PartialRequest
                    {
                        OriginalRequest = partial.Groups["original"].Value.Trim(),
                        AuthorizedPortion = partial.Groups["authorized"].Value.Trim(),
                        Wording = wording,
                    },
                };
                subject = partial.Groups["remaining"].Value.Trim();
                break;
            }
        }

        var (description, quantity) = SplitQuantity(subject);
        return item with { Description = description, Quantity = quantity };
    }

    /// <summary>An item's subject split as the reader splits it: "X QTY: n" is the description X with the quantity n.</summary>
    internal static (string Description, string? Quantity) SplitQuantity(string subject)
    {
        var quantity = Quantity().Match(subject);
        return quantity.Success ? (quantity.Groups["d"].Value.Trim(), quantity.Groups["q"].Value) : (subject, null);
    }

    // ---------- Text primitives ----------

    private static string Collapse(string text) => LetterStructure.Collapse(text);

    private static bool EndsSentence(string text) => text.Length > 0 && ".!?\"')]\u201D\u2019".Contains(text[^1], StringComparison.Ordinal);

    private static string Excerpt(string text) => text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>Turns a template wording with {placeholders} into a pattern with named groups, tolerant of line breaks.</summary>
    private static Regex WordingPattern(string wording, bool anchored = true)
    {
        var pattern = Regex.Escape(Collapse(wording)).Replace("\\ ", "\\s+", StringComparison.Ordinal);
        pattern = LetterStructure.PlaceholderPattern().Replace(pattern, m => m.Groups[1].Value == "organization" ? ".+?" : $"(?<{m.Groups[1].Value}>.+?)");
        return new Regex(anchored ? "^" + pattern + "$" : pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, RegexTimeout);
    }

    private static string SentenceWith(string wording, string placeholder)
    {
        var at = wording.IndexOf(placeholder, StringComparison.Ordinal);
        var start = wording.LastIndexOf(". ", at, StringComparison.Ordinal);
        var end = wording.IndexOf(". ", at, StringComparison.Ordinal);
        return wording[(start < 0 ? 0 : start + 2)..(end < 0 ? wording.Length : end + 1)];
    }

    [GeneratedRegex(@"Case Number:\s*(?<v>[A-Za-z0-9][A-Za-z0-9-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderCaseNumber();

    [GeneratedRegex(@"Priority:\s*(?<v>Standard|Expedited)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderPriority();

    [GeneratedRegex(@"\G\s*(?<v>\d{1,2}/\d{1,2}/\d{2,4}\b)?")]
    private static partial Regex HeaderValue();

    [GeneratedRegex(@"Application\s*(?:Received:)?\s*(?<v>\d{1,2}/\d{1,2}/\d{2,4})?\s*(?:Received:)?", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderApplicationReceived();

    [GeneratedRegex(@"^(?<subject>.*):\s*(?<decision>Upheld|Overturned)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HeadingDecision();

    [GeneratedRegex(@"^(?<d>.+?)\s+QTY:\s*(?<q>\d+(?:\.\d+)?)$", RegexOptions.Singleline)]
    private static partial Regex Quantity();
}
